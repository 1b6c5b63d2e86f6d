import { estimateContributions, jkkRateFor } from '../contributions';
import { formatDay, NO_DAY } from '../dates';
import { pct, rupiahEn, rupiahId } from '../format';
import { makeFinding } from '../findings';
import type { PEnrolment } from '../prepared';
import { CHARGEABLE_MASK, programsOf } from '../programs';
import type { Severity } from '../types';
import { estimateEvidence, type WorkerRule } from './common';

/**
 * WAGE_UNDER_REPORTED: on the reference contract day, the enrolment covering it reports a wage below the wage
 * of the contract in force that day × (1 − wageTolerancePct/100). Where several enrolments cover the day the
 * highest reported wage is compared; enrolments without a reported wage are not judged.
 */
export const WAGE_UNDER_REPORTED: WorkerRule = {
  code: 'WAGE_UNDER_REPORTED',
  level: 'worker',
  title: { id: 'Upah dilaporkan lebih rendah (PDS Upah)', en: 'Wage under-reported to BPJS Ketenagakerjaan' },
  legalBasis: 'PDS Upah (employer reporting part of the wage); PP 44/2015',
  description: {
    id: 'Kepesertaan yang melindungi hari acuan melaporkan upah di bawah upah kontrak yang berlaku pada hari itu.',
    en: 'The enrolment covering the reference day reports a wage below the wage of the contract in force that day.',
  },
  defaultSeverity: 'medium',
  defaultParameters: { wageTolerancePct: 0 },
  parameters: ['wageTolerancePct', 'enrolmentGraceDays', 'contributionRates', 'severity'],
  severityLadder:
    'low below severity.wageUnderReportedMediumPct (10%) short; medium below severity.wageUnderReportedHighPct (25%); high from 25%',
  evaluate(st, out) {
    const day = st.contractDay;
    if (day === NO_DAY) return;
    const seg = st.segmentAt(day);
    if (seg === null) return;
    const wage = seg.contract.wage;
    if (!(wage > 0)) return;
    let best: PEnrolment | null = null;
    for (const en of st.judgedCovering(day)) {
      const r = en.fact.reportedWage;
      if (r === null || r === undefined) continue;
      if (best === null || r >= (best.fact.reportedWage as number)) best = en;
    }
    if (best === null) return;
    const reported = best.fact.reportedWage as number;
    const tol = st.ctx.params.wageTolerancePct;
    if (reported * 100 >= wage * (100 - tol)) return;
    const shortfall = wage - reported;
    const shortPct = (shortfall / wage) * 100;
    const mask = best.mask & CHARGEABLE_MASK;
    const pieces = st.countedPieces(best.s, day, reported);
    const estimate = estimateContributions(pieces, mask, jkkRateFor(st.employer, st.ctx).pct, st.ctx);
    const t = st.ctx.params.severity;
    const severity: Severity =
      shortPct >= t.wageUnderReportedHighPct
        ? 'high'
        : shortPct >= t.wageUnderReportedMediumPct
          ? 'medium'
          : 'low';
    const evidence: Record<string, unknown> = {
      referenceDay: formatDay(day),
      contractRef: seg.contract.fact.ref,
      contractWage: wage,
      reportedWage: reported,
      shortfall,
      shortfallPct: Math.round(shortPct * 100) / 100,
      wageTolerancePct: tol,
      kpj: best.fact.kpj,
      enrolmentFrom: best.fact.effectiveFrom,
      ...st.sourceEvidence(best),
      estimatePeriod:
        pieces.length > 0
          ? { from: formatDay(pieces[0].from), to: formatDay(pieces[pieces.length - 1].to) }
          : null,
      ...estimateEvidence(estimate, st.employer, st.ctx, programsOf(mask)),
    };
    out.push(
      makeFinding(
        WAGE_UNDER_REPORTED,
        st.employer.id,
        st.nik,
        null,
        severity,
        `Upah ${st.label} dilaporkan ke BPJS Ketenagakerjaan sebesar ${rupiahId(reported)}, di bawah upah kontrak ${rupiahId(wage)} (kurang ${pct(shortPct)}%).`,
        `The wage of ${st.label} is reported to BPJS Ketenagakerjaan as ${rupiahEn(reported)}, below the contract wage of ${rupiahEn(wage)} (${pct(shortPct)}% short).`,
        evidence,
      ),
    );
  },
};
