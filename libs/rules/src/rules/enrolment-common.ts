/**
 * Evidence shared by ENROLMENT_MISSING and ENROLMENT_LATE. The uncovered days come from st.enrolment(), i.e.
 * timeline.ts's analyseEnrolment: the function the case page's timeline (buildTimeline) draws its gaps with.
 */
import {
  estimateContributions,
  jkkRateFor,
  type ContributionEstimate,
  type WagePiece,
} from '../contributions';
import { formatDay } from '../dates';
import { programsOf } from '../programs';
import type { EnrolmentAnalysis, WorkerState } from '../worker-state';
import { contractEvidence, estimateEvidence, periodsEvidence } from './common';

export const ENROLMENT_LEGAL_BASIS =
  'UU 24/2011 (BPJS) Art 15; PP 44/2015; Kutai Timur policy: enrolment from the first day of work';

export function enrolmentEvidence(
  st: WorkerState,
  a: EnrolmentAnalysis,
): { evidence: Record<string, unknown>; estimate: ContributionEstimate } {
  const mask = st.chargeMask(a.judgedDay);
  const pieces: WagePiece[] = a.pieces.map((p) => ({
    from: p.from,
    to: p.to,
    wage: p.contract.wage,
    paid: 0,
  }));
  const estimate = estimateContributions(pieces, mask, jkkRateFor(st.employer, st.ctx).pct, st.ctx);
  const contracts: Record<string, unknown>[] = [];
  for (const c of st.contracts) if (c.s <= a.judgedDay) contracts.push(contractEvidence(c));
  const evidence: Record<string, unknown> = {
    referenceDay: formatDay(a.judgedDay),
    enrolmentGraceDays: st.ctx.params.enrolmentGraceDays,
    uncoveredPeriods: periodsEvidence(a.pieces),
    totalUncoveredDays: a.totalDays,
    everEnrolled: st.enrolments.length > 0,
    ...st.sourceEvidence(),
    contracts,
    ...estimateEvidence(estimate, st.employer, st.ctx, programsOf(mask)),
  };
  return { evidence, estimate };
}
