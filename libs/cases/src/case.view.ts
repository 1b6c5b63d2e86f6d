import type { CaseRow } from '@patuh/persistence';

// The case row and its SELECT live with their queries (CasesRepository); re-exported for the views' callers.
export { CASE_FROM, CASE_SELECT, type CaseRow } from '@patuh/persistence';

export interface CaseView {
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
  assigneeId: number | null;
  dueAt: string | null;
  version: number;
}

const iso = (d: Date | string | null): string | null =>
  d instanceof Date ? d.toISOString() : d ? new Date(d).toISOString() : null;

export function toCaseView(r: CaseRow): CaseView {
  return {
    id: r.id,
    rule: r.rule,
    severity: r.severity,
    status: r.status,
    employerId: r.employer_id,
    employerName: r.employer_name,
    district: r.district,
    workerNik: r.worker_nik,
    workerName: r.worker_name,
    chainStart: r.chain_start,
    summary: r.summary,
    summaryId: r.summary_id,
    evidence: JSON.parse(r.evidence) as Record<string, unknown>,
    legalBasis: r.legal_basis,
    rulebookVersion: r.rulebook_version,
    amountAtStake: Number(r.amount_at_stake),
    firstDetectedAt: iso(r.first_detected_at)!,
    lastDetectedAt: iso(r.last_detected_at)!,
    resolvedAt: iso(r.resolved_at),
    resolution: r.resolution,
    assigneeId: r.assignee_id,
    dueAt: iso(r.due_at),
    version: r.version,
  };
}

const str = (v: string | null): string => (v === null ? 'null' : JSON.stringify(v));
const isoJson = (d: Date | string | null): string => (d ? `"${iso(d)}"` : 'null');

/**
 * toCaseView(r) as JSON, written directly: the evidence (JSON the engine wrote with JSON.stringify, most of a
 * page's bytes) is spliced in as stored instead of parsed and serialised again, and no intermediate view
 * object is built. Equal to JSON.stringify(toCaseView(r)) once parsed (case.view.spec.ts).
 */
export function caseJson(r: CaseRow): string {
  return (
    `{"id":${Number(r.id)},"rule":${str(r.rule)},"severity":${str(r.severity)},"status":${str(r.status)}` +
    `,"employerId":${Number(r.employer_id)},"employerName":${str(r.employer_name)},"district":${str(r.district)}` +
    `,"workerNik":${str(r.worker_nik)},"workerName":${str(r.worker_name)},"chainStart":${str(r.chain_start)}` +
    `,"summary":${str(r.summary)},"summaryId":${str(r.summary_id)},"evidence":${r.evidence || '{}'}` +
    `,"legalBasis":${str(r.legal_basis)},"rulebookVersion":${str(r.rulebook_version)}` +
    `,"amountAtStake":${Number(r.amount_at_stake)},"firstDetectedAt":${isoJson(r.first_detected_at)}` +
    `,"lastDetectedAt":${isoJson(r.last_detected_at)},"resolvedAt":${isoJson(r.resolved_at)}` +
    `,"resolution":${str(r.resolution)},"assigneeId":${r.assignee_id === null ? 'null' : Number(r.assignee_id)}` +
    `,"dueAt":${isoJson(r.due_at)},"version":${Number(r.version)}}`
  );
}
