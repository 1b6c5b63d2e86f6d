import { chainLastDay, type PChainLink } from '../chains';
import { addMonthsToDay, formatDay, wholeMonthsBetween } from '../dates';
import { makeFinding } from '../findings';
import type { Severity } from '../types';
import { chainEvidence, type ChainRule } from './common';

export type LegacyBreachCode =
  | 'FIRST_PKWT_OVER_LIMIT'
  | 'TOO_MANY_EXTENSIONS'
  | 'EXTENSION_OVER_LIMIT'
  | 'TOO_MANY_RENEWALS'
  | 'RENEWAL_OVER_LIMIT'
  | 'RENEWAL_GAP_TOO_SHORT';

const DESCRIBE: Record<LegacyBreachCode, { id: string; en: string }> = {
  FIRST_PKWT_OVER_LIMIT: { id: 'PKWT pertama melebihi 2 tahun', en: 'a first PKWT over 2 years' },
  TOO_MANY_EXTENSIONS: { id: 'diperpanjang lebih dari sekali', en: 'more than one extension' },
  EXTENSION_OVER_LIMIT: { id: 'perpanjangan melebihi 1 tahun', en: 'an extension over 1 year' },
  TOO_MANY_RENEWALS: { id: 'diperbarui lebih dari sekali', en: 'more than one renewal' },
  RENEWAL_OVER_LIMIT: { id: 'pembaruan melebihi 2 tahun', en: 'a renewal over 2 years' },
  RENEWAL_GAP_TOO_SHORT: { id: 'pembaruan sebelum jeda 30 hari', en: 'a renewal after a gap under 30 days' },
};

/**
 * PKWT_LEGACY_BREACH (UU 13/2003 Art 59, before PP 35/2021): judged only on the contracts of a PKWT chain that
 * started before legacyRegimeUntil, and only on those of its contracts that started before that day: a first
 * PKWT over legacyFirstMaxMonths, more than legacyMaxExtensions extensions, an extension over
 * legacyExtensionMaxMonths, more than legacyMaxRenewals renewals, a renewal over legacyRenewalMaxMonths, or a
 * renewal after a gap shorter than legacyRenewalMinGapDays. Overlapping links count as extensions.
 */
export const PKWT_LEGACY_BREACH: ChainRule = {
  code: 'PKWT_LEGACY_BREACH',
  level: 'chain',
  title: { id: 'PKWT melanggar Pasal 59 UU 13/2003', en: 'PKWT breaching UU 13/2003 Art 59 (legacy regime)' },
  legalBasis:
    'UU 13/2003 Art 59 (before PP 35/2021): first PKWT at most 2 years, one extension of at most 1 year, one renewal of at most 2 years only after a 30-day gap',
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
    'pkwtChainGapDays',
  ],
  severityLadder: 'medium when the chain ended before asOf; high when it still runs on asOf',
  evaluate(st, chain, out) {
    const ctx = st.ctx;
    const until = ctx.compiled.legacyUntilDay;
    if (chain.start >= until) return;
    const p = ctx.params;
    const asOfDay = ctx.compiled.asOfDay;
    const links = chain.links;
    let breaches: Record<string, unknown>[] | null = null;
    let extensions = 0;
    let renewals = 0;
    let legacyCount = 0;
    for (let i = 0; i < links.length; i++) {
      const l = links[i];
      if (l.contract.s >= until) break;
      legacyCount++;
      if (i === 0)
        breaches = overLimit(l, p.legacyFirstMaxMonths, 'FIRST_PKWT_OVER_LIMIT', asOfDay, breaches);
      else if (l.kind === 'renewal') {
        renewals++;
        if ((l.gapDays as number) < p.legacyRenewalMinGapDays)
          (breaches ??= []).push({
            code: 'RENEWAL_GAP_TOO_SHORT',
            ref: l.contract.fact.ref,
            gapDays: l.gapDays,
            minGapDays: p.legacyRenewalMinGapDays,
          });
        breaches = overLimit(l, p.legacyRenewalMaxMonths, 'RENEWAL_OVER_LIMIT', asOfDay, breaches);
      } else {
        extensions++;
        breaches = overLimit(l, p.legacyExtensionMaxMonths, 'EXTENSION_OVER_LIMIT', asOfDay, breaches);
      }
    }
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
    const last = chainLastDay(chain, asOfDay);
    const running = last >= asOfDay;
    const severity: Severity = running ? 'high' : 'medium';
    const start = formatDay(chain.start);
    const first = DESCRIBE[breaches[0].code as LegacyBreachCode];
    const k = breaches.length;
    out.push(
      makeFinding(
        PKWT_LEGACY_BREACH,
        st.employer.id,
        st.nik,
        start,
        severity,
        `Rangkaian PKWT ${st.label} sejak ${start} melanggar Pasal 59 UU 13/2003 (${k} pelanggaran, antara lain ${first.id}).`,
        `The PKWT chain of ${st.label} since ${start} breaks UU 13/2003 Art 59 (${k} ${k === 1 ? 'breach' : 'breaches'}, including ${first.en}).`,
        {
          chainStart: start,
          chainEnd: formatDay(last),
          stillRunningOnAsOf: running,
          legacyRegimeUntil: p.legacyRegimeUntil,
          breaches,
          legacyContracts: legacyCount,
          extensions,
          renewals,
          contracts: chainEvidence(chain, false),
        },
      ),
    );
  },
};

const BREACH_ORDER: LegacyBreachCode[] = [
  'FIRST_PKWT_OVER_LIMIT',
  'TOO_MANY_EXTENSIONS',
  'EXTENSION_OVER_LIMIT',
  'TOO_MANY_RENEWALS',
  'RENEWAL_OVER_LIMIT',
  'RENEWAL_GAP_TOO_SHORT',
];

function byBreachOrder(a: Record<string, unknown>, b: Record<string, unknown>): number {
  return BREACH_ORDER.indexOf(a.code as LegacyBreachCode) - BREACH_ORDER.indexOf(b.code as LegacyBreachCode);
}

/** Pushes a breach when the link's own contract lasts `months` or more (end ≥ addMonths(start, months)). */
function overLimit(
  l: PChainLink,
  months: number,
  code: LegacyBreachCode,
  asOfDay: number,
  breaches: Record<string, unknown>[] | null,
): Record<string, unknown>[] | null {
  const c = l.contract;
  const end = c.open ? (asOfDay > c.s ? asOfDay : c.s) : c.e;
  if (end - c.s < 28 * months || end < addMonthsToDay(c.s, months)) return breaches;
  const out = breaches ?? [];
  out.push({
    code,
    ref: c.fact.ref,
    durationDays: end - c.s + 1,
    durationMonths: wholeMonthsBetween(c.s, end + 1),
    limitMonths: months,
  });
  return out;
}
