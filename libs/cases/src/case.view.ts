export interface CaseRow {
  id: number;
  rule: string;
  severity: string;
  status: string;
  employer_id: number;
  employer_name: string;
  district: string | null;
  worker_nik: string | null;
  worker_name: string | null;
  chain_start: string | null;
  summary: string;
  summary_id: string;
  evidence: string;
  legal_basis: string;
  rulebook_version: string;
  amount_at_stake: number | string;
  first_detected_at: Date;
  last_detected_at: Date;
  resolved_at: Date | null;
  resolution: string | null;
  assignee_id: number | null;
  due_at: Date | null;
  version: number;
  severity_rank: number;
}

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

export const CASE_SELECT = `c.id, c.rule, c.severity, c.status, c.employer_id, c.employer_name, c.district, c.worker_nik,
  c.worker_name, c.chain_start, c.summary, c.summary_id, c.evidence, c.legal_basis, c.rulebook_version,
  c.amount_at_stake, c.first_detected_at, c.last_detected_at, c.resolved_at, c.resolution, c.assignee_id, c.due_at,
  c.version, c.severity_rank`;
/** Names are on the case (kept by triggers): the queue reads cases alone. */
export const CASE_FROM = `cases c`;

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
