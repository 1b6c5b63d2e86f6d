import { estimateContributions, jkkRateFor, prorateMonthly, type WagePiece } from '../contributions';
import { NO_DAY } from '../dates';
import { pct, plural, rupiahEn, rupiahId } from '../format';
import { makeFinding } from '../findings';
import { programsOf } from '../programs';
import type { PContract } from '../prepared';
import type { Severity } from '../types';
import { contractEvidence, estimateEvidence, type WorkerRule } from './common';

/**
 * WAGE_BELOW_MINIMUM: a contract that has started by asOf pays a monthly wage below the UMK of the year in
 * which it starts. Contracts starting in a year without a known UMK are skipped. One finding per worker (subject = the worker) lists every
 * offending contract.
 */
export const WAGE_BELOW_MINIMUM: WorkerRule = {
  code: 'WAGE_BELOW_MINIMUM',
  level: 'worker',
  title: { id: 'Upah di bawah UMK', en: 'Wage below the regency minimum wage (UMK)' },
  legalBasis: 'UU 6/2023 (Cipta Kerja) Art 88E',
  defaultParameters: {},
  parameters: ['umkByYear', 'requiredProgramsByScale', 'contributionRates', 'severity'],
  severityLadder:
    'medium; high when the worst contract is at least severity.wageBelowMinimumHighPct (10%) below its UMK',
  evaluate(st, out) {
    const umk = st.ctx.compiled.umkByYear;
    const asOfDay = st.ctx.compiled.asOfDay;
    let offending: PContract[] | null = null;
    for (const c of st.contracts) {
      if (c.s > asOfDay) break; // not started yet (contracts are sorted by start)
      const min = umk.get(c.startYear);
      if (min !== undefined && c.wage < min) (offending ??= []).push(c);
    }
    if (offending === null) return;
    const skipped = new Set<number>();
    for (const c of st.contracts) if (c.s <= asOfDay && !umk.has(c.startYear)) skipped.add(c.startYear);
    const mask = st.chargeMask(st.contractDay !== NO_DAY ? st.contractDay : asOfDay);
    const pieces: WagePiece[] = [];
    let wageShortfall = 0;
    let worst: PContract = offending[0];
    let worstPct = -1;
    const rows: Record<string, unknown>[] = [];
    for (const c of offending) {
      const min = umk.get(c.startYear) as number;
      const shortPct = ((min - c.wage) / min) * 100;
      if (shortPct >= worstPct) {
        worst = c;
        worstPct = shortPct;
      }
      const to = c.e < asOfDay ? c.e : asOfDay;
      const toDate = c.s <= to ? Math.round(prorateMonthly(c.s, to, min - c.wage)) : 0;
      if (c.s <= to) pieces.push({ from: c.s, to, wage: min, paid: c.wage });
      wageShortfall += toDate;
      const row = contractEvidence(c);
      row.umkYear = c.startYear;
      row.umk = min;
      row.monthlyShortfall = min - c.wage;
      row.shortfallPct = Math.round(shortPct * 100) / 100;
      row.wageShortfallToDate = toDate;
      rows.push(row);
    }
    const estimate = estimateContributions(pieces, mask, jkkRateFor(st.employer, st.ctx).pct, st.ctx);
    const t = st.ctx.params.severity;
    const severity: Severity = worstPct >= t.wageBelowMinimumHighPct ? 'high' : 'medium';
    const evidence: Record<string, unknown> = {
      contracts: rows,
      worstContractRef: worst.fact.ref,
      totalWageShortfallToDate: wageShortfall,
      unknownUmkYearsSkipped: [...skipped].sort((a, b) => a - b),
      ...estimateEvidence(estimate, st.employer, st.ctx, programsOf(mask)),
    };
    const min = umk.get(worst.startYear) as number;
    const others = offending.length - 1;
    const moreId = others > 0 ? ` dan ${others} kontrak lain` : '';
    const moreEn = others > 0 ? ` and ${others} other ${plural(others, 'contract', 'contracts')}` : '';
    out.push(
      makeFinding(
        WAGE_BELOW_MINIMUM,
        st.employer.id,
        st.nik,
        null,
        severity,
        `${st.label} dibayar ${rupiahId(worst.wage)} per bulan, ${pct(worstPct)}% di bawah UMK ${worst.startYear} sebesar ${rupiahId(min)} (kontrak ${worst.fact.ref}${moreId}).`,
        `${st.label} is paid ${rupiahEn(worst.wage)} a month, ${pct(worstPct)}% below the ${worst.startYear} UMK of ${rupiahEn(min)} (contract ${worst.fact.ref}${moreEn}).`,
        evidence,
      ),
    );
  },
};
