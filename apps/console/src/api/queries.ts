import type { QueryClient } from '@tanstack/react-query';
import type { components } from './schema';

/** Shapes from the API's OpenAPI document. */
export type Schemas = components['schemas'];
export type CaseView = Schemas['CaseView'];
export type CaseDetail = Schemas['CaseDetailView'] & {
  // Being added by the API (issue #14); optional until the schema is regenerated after the merge.
  assigneeName?: string | null;
  otherCases?: { id: number; rule: string; severity: string; status: string; employerName?: string }[];
  timeline?: unknown;
};
export type CaseEvent = Schemas['CaseEventView'];
export type CaseStatus = CaseView['status'];
export type Severity = CaseView['severity'];

export const CASE_STATUSES = [
  'open',
  'in_review',
  'confirmed',
  'notice_sent',
  'resolved',
  'dismissed',
] as const;
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

/** The case-list filters as they live in the URL (CONTRACT §5). */
export type CaseFilters = {
  status?: string;
  rule?: string;
  severity?: string;
  district?: string;
  employerId?: string;
  assigneeId?: string;
  nik?: string;
};

/**
 * Every query key the console uses, in one place, so a mutation can invalidate exactly what it changed.
 * Pages of B2 add their keys here too (workers, employers, stats, users, sweeps, alerts).
 */
export const qk = {
  me: ['users', 'me'] as const,
  rules: ['rules'] as const,
  assignable: ['users', 'assignable'] as const,
  users: ['users', 'list'] as const,
  cases: {
    all: ['cases'] as const,
    list: (f: CaseFilters) => ['cases', 'list', f] as const,
    counts: (f: CaseFilters) => ['cases', 'counts', f] as const,
    detail: (id: number) => ['cases', 'detail', id] as const,
  },
  worker: (nik: string) => ['workers', nik] as const,
  employers: {
    all: ['employers'] as const,
    list: (q: Record<string, string | undefined>) => ['employers', 'list', q] as const,
    detail: (id: number) => ['employers', 'detail', id] as const,
  },
  stats: ['stats'] as const,
  trend: (weeks: number) => ['stats', 'trend', weeks] as const,
  sweeps: ['sweeps'] as const,
  alerts: ['alerts'] as const,
};

/** After any change to a case: its detail, every list and count, the worker page, the employer and the stats. */
export function invalidateCase(
  qc: QueryClient,
  c: { id: number; workerNik?: string | null; employerId?: number },
) {
  void qc.invalidateQueries({ queryKey: qk.cases.all });
  if (c.workerNik) void qc.invalidateQueries({ queryKey: qk.worker(c.workerNik) });
  if (c.employerId) void qc.invalidateQueries({ queryKey: qk.employers.detail(c.employerId) });
  void qc.invalidateQueries({ queryKey: qk.stats });
}
