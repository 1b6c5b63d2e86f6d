import { formatDay, monthsAfterDay, OPEN_END, wholeMonthsAfter } from '../dates';
import { makeFinding } from '../findings';
import type { PContract } from '../prepared';
import type { Severity } from '../types';
import { contractEvidence, type WorkerRule } from './common';

export type LegacyBreachCode =
  | 'FIRST_PKWT_OVER_LIMIT'
  | 'TOO_MANY_EXTENSIONS'
  | 'EXTENSION_OVER_LIMIT'
  | 'TOO_MANY_RENEWALS'
  | 'RENEWAL_OVER_LIMIT'
  | 'EARLY_RENEWAL';

/** How a PKWT follows the sequence so far (UU 13/2003 Art 59, as CONTRACT §6 v2 defines them). */
export type LegacyLinkKind = 'first' | 'extension' | 'renewal' | 'early_renewal';

const DESCRIBE: Record<LegacyBreachCode, { id: string; en: string }> = {
  FIRST_PKWT_OVER_LIMIT: { id: 'PKWT pertama melebihi 2 tahun', en: 'a first PKWT over 2 years' },
  TOO_MANY_EXTENSIONS: { id: 'diperpanjang lebih dari sekali', en: 'more than one extension' },
  EXTENSION_OVER_LIMIT: { id: 'perpanjangan melebihi 1 tahun', en: 'an extension over 1 year' },
  TOO_MANY_RENEWALS: { id: 'diperbarui lebih dari sekali', en: 'more than one renewal' },
  RENEWAL_OVER_LIMIT: { id: 'pembaruan melebihi 2 tahun', en: 'a renewal over 2 years' },
  EARLY_RENEWAL: {
    id: 'pembaruan sebelum lewat masa tenggang 30 hari',
    en: 'a renewal before the 30-day grace had passed',
  },
};

const BREACH_ORDER: LegacyBreachCode[] = [
  'FIRST_PKWT_OVER_LIMIT',
  'TOO_MANY_EXTENSIONS',
  'EXTENSION_OVER_LIMIT',
  'TOO_MANY_RENEWALS',
  'RENEWAL_OVER_LIMIT',
  'EARLY_RENEWAL',
];

/**
 * PKWT_LEGACY_BREACH (UU 13/2003 Art 59, before PP 35/2021), CONTRACT §6 v2: all of the worker's PKWT contracts
 * with the employer that started before legacyRegimeUntil (2021-02-02), taken as ONE sequence (not split by
 * pkwtChainGapDays, so renewals across long gaps are counted). Each following contract is measured from the
 * latest end so far: starting the day after (or overlapping) it is an extension; after a gap of more than
 * legacyRenewalMinGapDays (30) days a renewal; after 1 to 30 days an early renewal (a breach of Art 59(6)). It
 * fires on a first PKWT over legacyFirstMaxMonths, more than legacyMaxExtensions extensions, an extension over
 * legacyExtensionMaxMonths, more than legacyMaxRenewals renewals, a renewal over legacyRenewalMaxMonths, or an
 * early renewal. "Over N months": the contract's last day is on or after N months after its start (§6).
 * Subject: the worker and the sequence's first start.
 */
export const PKWT_LEGACY_BREACH: WorkerRule = {
  code: 'PKWT_LEGACY_BREACH',
  level: 'worker',
  title: { id: 'PKWT melanggar Pasal 59 UU 13/2003', en: 'PKWT breaching UU 13/2003 Art 59 (legacy regime)' },
  legalBasis:
    'UU 13/2003 Art 59(1)-(6) (before PP 35/2021): first PKWT at most 2 years, one extension of at most 1 year, one renewal of at most 2 years only after a 30-day grace',
  description: {
    id: 'Seluruh PKWT pekerja yang dimulai sebelum 2021-02-02, sebagai satu urutan, melanggar Pasal 59 UU 13/2003: PKWT pertama lebih dari 2 tahun, perpanjangan lebih dari sekali atau lebih dari 1 tahun, pembaruan lebih dari sekali atau lebih dari 2 tahun, atau pembaruan sebelum lewat masa tenggang 30 hari.',
    en: "All of the worker's PKWT contracts started before 2021-02-02, taken as one sequence, break UU 13/2003 Art 59: a first PKWT over 2 years, more than one extension or one over 1 year, more than one renewal or one over 2 years, or a renewal before the 30-day grace has passed.",
  },
  defaultSeverity: 'medium',
  defaultParameters: {
    legacyFirstMaxMonths: 24,
    legacyMaxExtensions: 1,
    legacyExtensionMaxMonths: 12,
    legacyMaxRenewals: 1,
    legacyRenewalMaxMonths: 24,
    legacyRenewalMinGapDays: 30,
  },
  parameters: [
    'legacyRegimeUntil',
    'legacyFirstMaxMonths',
    'legacyMaxExtensions',
    'legacyExtensionMaxMonths',
    'legacyMaxRenewals',
    'legacyRenewalMaxMonths',
    'legacyRenewalMinGapDays',
  ],
  severityLadder:
    'medium when the worker has no contract with the employer on asOf; high while one still runs on asOf',
  evaluate(st, out) {
    const ctx = st.ctx;
    const until = ctx.compiled.legacyUntilDay;
    const asOfDay = ctx.compiled.asOfDay;
    const cs = st.contracts;
    // Contracts are sorted by start: the legacy ones come first. The cheap test: fewer than 2 and short.
    let n = 0;
    while (n < cs.length && cs[n].s < until && cs[n].s <= asOfDay) n++;
    if (n === 0) return;
    const p = ctx.params;
    let breaches: Record<string, unknown>[] | null = null;
    let extensions = 0;
    let renewals = 0;
    let maxEnd = -OPEN_END;
    let first: PContract | null = null;
    for (let i = 0; i < n; i++) {
      const c = cs[i];
      if (!c.pkwt) continue;
      if (first === null) {
        first = c;
        breaches = overLimit(c, p.legacyFirstMaxMonths, 'FIRST_PKWT_OVER_LIMIT', asOfDay, breaches);
      } else {
        const gap = maxEnd >= OPEN_END ? null : c.s - maxEnd - 1;
        if (gap === null || gap <= 0) {
          extensions++;
          breaches = overLimit(c, p.legacyExtensionMaxMonths, 'EXTENSION_OVER_LIMIT', asOfDay, breaches);
        } else if (gap > p.legacyRenewalMinGapDays) {
          renewals++;
          breaches = overLimit(c, p.legacyRenewalMaxMonths, 'RENEWAL_OVER_LIMIT', asOfDay, breaches);
        } else {
          (breaches ??= []).push({
            code: 'EARLY_RENEWAL',
            ref: c.fact.ref,
            gapDays: gap,
            requiredGapDaysMoreThan: p.legacyRenewalMinGapDays,
          });
        }
      }
      if (c.e > maxEnd) maxEnd = c.e;
    }
    if (first === null) return;
    if (extensions > p.legacyMaxExtensions)
      (breaches ??= []).push({
        code: 'TOO_MANY_EXTENSIONS',
        count: extensions,
        limit: p.legacyMaxExtensions,
      });
    if (renewals > p.legacyMaxRenewals)
      (breaches ??= []).push({ code: 'TOO_MANY_RENEWALS', count: renewals, limit: p.legacyMaxRenewals });
    if (breaches === null) return;
    breaches.sort(byBreachOrder);
    // The rows are built only when there is a breach (most sequences are lawful): a second, cheap walk.
    const rows: Record<string, unknown>[] = [];
    let end = -OPEN_END;
    for (let i = 0; i < n; i++) {
      const c = cs[i];
      if (!c.pkwt) continue;
      const row = contractEvidence(c);
      const gap = rows.length === 0 || end >= OPEN_END ? null : c.s - end - 1;
      row.kind = legacyKind(rows.length === 0, gap, p.legacyRenewalMinGapDays);
      row.gapDays = gap;
      rows.push(row);
      if (c.e > end) end = c.e;
    }
    let lastAll = -OPEN_END;
    for (let i = 0; i < cs.length; i++) if (cs[i].e > lastAll) lastAll = cs[i].e;
    const running = lastAll >= asOfDay;
    const severity: Severity = running ? 'high' : 'medium';
    const start = formatDay(first.s);
    const top = DESCRIBE[breaches[0].code as LegacyBreachCode];
    const k = breaches.length;
    out.push(
      makeFinding(
        PKWT_LEGACY_BREACH,
        st.employer.id,
        st.nik,
        start,
        severity,
        `PKWT ${st.label} sejak ${start} (sebelum PP 35/2021) melanggar Pasal 59 UU 13/2003 (${k} pelanggaran, antara lain ${top.id}); demi hukum menjadi PKWTT.`,
        `The PKWT contracts of ${st.label} since ${start} (before PP 35/2021) break UU 13/2003 Art 59 (${k} ${k === 1 ? 'breach' : 'breaches'}, including ${top.en}); by law the employment is permanent (PKWTT).`,
        {
          sequenceStart: start,
          sequenceEnd: maxEnd >= OPEN_END ? null : formatDay(maxEnd),
          stillEmployedOnAsOf: running,
          legacyRegimeUntil: p.legacyRegimeUntil,
          breaches,
          legacyContracts: rows.length,
          extensions,
          renewals,
          contracts: rows,
        },
      ),
    );
  },
};

/** How a PKWT follows the sequence: `gap` = its start − the latest end so far − 1 (null after an open-ended one). */
export function legacyKind(first: boolean, gap: number | null, minGapDays: number): LegacyLinkKind {
  if (first) return 'first';
  if (gap === null || gap <= 0) return 'extension';
  return gap > minGapDays ? 'renewal' : 'early_renewal';
}

function byBreachOrder(a: Record<string, unknown>, b: Record<string, unknown>): number {
  return BREACH_ORDER.indexOf(a.code as LegacyBreachCode) - BREACH_ORDER.indexOf(b.code as LegacyBreachCode);
}

/** Pushes a breach when the contract lasts over `months`: its last day is on or after N months after its start. */
function overLimit(
  c: PContract,
  months: number,
  code: LegacyBreachCode,
  asOfDay: number,
  breaches: Record<string, unknown>[] | null,
): Record<string, unknown>[] | null {
  const end = c.open ? (asOfDay > c.s ? asOfDay : c.s) : c.e;
  if (end - c.s < 28 * months || end < monthsAfterDay(c.s, months)) return breaches;
  const out = breaches ?? [];
  out.push({
    code,
    ref: c.fact.ref,
    durationDays: end - c.s + 1,
    durationMonths: wholeMonthsAfter(c.s, end + 1),
    limitMonths: months,
  });
  return out;
}
