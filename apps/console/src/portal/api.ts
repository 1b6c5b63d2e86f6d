import { useQuery } from '@tanstack/react-query';
import { apiJson } from '../api/client';
import type { Schemas } from '../api/queries';
import { useSession } from '../app/auth';

export type Report = Schemas['SelfReportViewDto'];
export type ReportPage = Schemas['SelfReportPage'];
export type PortalCase = Schemas['CaseView'];
export type CasePage = { items: PortalCase[]; nextCursor: string | null };
export type ApiKey = Schemas['ApiKeyView'];
export type IssuedKey = Schemas['IssuedKeyView'];

/** The portal's query keys (a mutation invalidates what it changed). */
export const pk = {
  all: ['portal'] as const,
  employer: (id: number) => ['portal', 'employer', id] as const,
  reports: (cursor: string | null) => ['portal', 'reports', cursor] as const,
  report: (id: number) => ['portal', 'report', id] as const,
  cases: (status: string, cursor: string | null) => ['portal', 'cases', status, cursor] as const,
  case: (id: number) => ['portal', 'case', id] as const,
  keys: (id: number) => ['portal', 'keys', id] as const,
  me: ['portal', 'me'] as const,
};

/** The signed-in clerk's employer: from the sign-in answer, else from GET /users/me. */
export function useEmployerId(): number | null {
  const { user } = useSession();
  const known = (user as { employerId?: number | null } | null)?.employerId ?? null;
  const me = useQuery({
    queryKey: pk.me,
    enabled: known === null && !!user,
    queryFn: () => apiJson<{ employerId?: number | null }>('/api/v1/users/me'),
  });
  return known ?? me.data?.employerId ?? null;
}

/** Statuses of a case the firm still has to act on (or the office still handles). */
export const OPEN_STATUSES = 'open,in_review,confirmed,notice_sent';
