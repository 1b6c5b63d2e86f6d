import type { Env } from '@patuh/config';
import { MatchableSubscriptionRow, SEVERITY_RANK } from '@patuh/persistence';

export const CASE_EVENT_TO_ALERT: Readonly<Record<string, string>> = {
  detected: 'case.opened',
  reopened: 'case.reopened',
  escalated: 'case.escalated',
};

/** An active, unpaused subscription (AlertSubscriptionsRepository.listMatchable). */
export type SubscriptionRow = MatchableSubscriptionRow;

/** Whether a subscription wants an event about a case of this severity and district. */
export function matches(
  sub: SubscriptionRow,
  event: string,
  severity: string,
  district: string | null,
): boolean {
  if (!sub.events.split(',').includes(event)) return false;
  const rank = SEVERITY_RANK[severity as keyof typeof SEVERITY_RANK];
  const min = SEVERITY_RANK[sub.min_severity as keyof typeof SEVERITY_RANK] ?? 4;
  if (rank === undefined || rank > min) return false;
  return sub.district === null || sub.district === district;
}

/** Delay before attempt n+1 after attempt n (n counted from the last resend): base * 2^(n-1), capped. */
export function backoffMs(
  env: Pick<Env, 'WEBHOOK_BACKOFF_MS' | 'WEBHOOK_BACKOFF_MAX_MS'>,
  n: number,
): number {
  return Math.min(env.WEBHOOK_BACKOFF_MS * 2 ** Math.max(0, Math.min(n - 1, 30)), env.WEBHOOK_BACKOFF_MAX_MS);
}

const publicBase = (env: Pick<Env, 'PUBLIC_URL'>) =>
  (env.PUBLIC_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');

/** The console page of a case: PUBLIC_URL (default http://127.0.0.1:3000) + /console/cases/<id>. */
export function caseLink(env: Pick<Env, 'PUBLIC_URL'>, caseId: number): string {
  return `${publicBase(env)}/console/cases/${caseId}`;
}

/** The employer's own page of a case, in the portal: PUBLIC_URL + /portal/cases/<id> (employers cannot open the console). */
export function portalCaseLink(env: Pick<Env, 'PUBLIC_URL'>, caseId: number): string {
  return `${publicBase(env)}/portal/cases/${caseId}`;
}
