import type { CaseDetail } from './case-detail.service';
import type { CaseView } from './case.view';

/**
 * What an employer may read of one of its own cases (GET /employer/cases, /employer/cases/{id}): the finding and
 * its outcome, never the labour office's internal work. Left out: the assignee (id and name), the inspectors'
 * deadline (`dueAt`), the optimistic-concurrency `version` (an employer cannot act on a case), and from the history
 * every note, actor, sweep and event payload, and the events that are the office's own (assignments, notes,
 * escalations, figure refreshes).
 */
export interface EmployerCaseView {
  id: number;
  rule: string;
  severity: string;
  status: string;
  employerId: number;
  employerName: string;
  district: string | null;
  workerNik: string | null;
  workerName: string | null;
  chainStart: string | null;
  summary: string;
  summaryId: string;
  evidence: Record<string, unknown>;
  legalBasis: string;
  rulebookVersion: string;
  amountAtStake: number;
  firstDetectedAt: string;
  lastDetectedAt: string;
  resolvedAt: string | null;
  resolution: string | null;
}

/** The history an employer sees: when the case was found, and every change of its status (notice sent among them). */
export const EMPLOYER_EVENT_TYPES = ['detected', 'transition', 'resolved', 'reopened'] as const;

export interface EmployerCaseEvent {
  id: number;
  type: (typeof EMPLOYER_EVENT_TYPES)[number];
  fromStatus: string | null;
  toStatus: string | null;
  createdAt: string;
}

export interface EmployerCaseDetail extends EmployerCaseView {
  events: EmployerCaseEvent[];
  otherCases: CaseDetail['otherCases'];
  timeline: CaseDetail['timeline'];
  contracts: CaseDetail['contracts'];
  enrolments: CaseDetail['enrolments'];
  chains: CaseDetail['chains'];
  coverage: CaseDetail['coverage'];
  uncoveredPeriods: CaseDetail['uncoveredPeriods'];
  historyAsOf: string;
}

/** A case as its employer sees it: an explicit list of fields (a field added to CaseView stays internal). */
export function toEmployerCaseView(c: CaseView): EmployerCaseView {
  return {
    id: c.id,
    rule: c.rule,
    severity: c.severity,
    status: c.status,
    employerId: c.employerId,
    employerName: c.employerName,
    district: c.district,
    workerNik: c.workerNik,
    workerName: c.workerName,
    chainStart: c.chainStart,
    summary: c.summary,
    summaryId: c.summaryId,
    evidence: c.evidence,
    legalBasis: c.legalBasis,
    rulebookVersion: c.rulebookVersion,
    amountAtStake: c.amountAtStake,
    firstDetectedAt: c.firstDetectedAt,
    lastDetectedAt: c.lastDetectedAt,
    resolvedAt: c.resolvedAt,
    resolution: c.resolution,
  };
}

const PUBLIC_EVENTS: ReadonlySet<string> = new Set(EMPLOYER_EVENT_TYPES);

/** One case whole, as its employer sees it (see EmployerCaseView). */
export function toEmployerCaseDetail(d: CaseDetail): EmployerCaseDetail {
  return {
    ...toEmployerCaseView(d),
    events: d.events
      .filter((e) => PUBLIC_EVENTS.has(e.type))
      .map((e) => ({
        id: e.id,
        type: e.type as EmployerCaseEvent['type'],
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        createdAt: e.createdAt,
      })),
    otherCases: d.otherCases,
    timeline: d.timeline,
    contracts: d.contracts,
    enrolments: d.enrolments,
    chains: d.chains,
    coverage: d.coverage,
    uncoveredPeriods: d.uncoveredPeriods,
    historyAsOf: d.historyAsOf,
  };
}
