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

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

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

export const CASE_SELECT = `c.id, c.rule, c.severity, c.status, c.employer_id, e.name AS employer_name, c.district, c.worker_nik,
  w.name AS worker_name, c.chain_start, c.summary, c.summary_id, c.evidence, c.legal_basis, c.rulebook_version,
  c.amount_at_stake, c.first_detected_at, c.last_detected_at, c.resolved_at, c.resolution, c.assignee_id, c.due_at,
  c.version, c.severity_rank`;
export const CASE_FROM = `cases c JOIN employers e ON e.id = c.employer_id LEFT JOIN workers w ON w.nik = c.worker_nik`;
