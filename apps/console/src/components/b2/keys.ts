import { qk } from '../../api/queries';

/** B2's query keys beyond `qk`, each under a `qk` prefix so invalidating the prefix clears them too. */
export const k2 = {
  visits: (district: string) => [...qk.employers.all, 'risk', district] as const,
  employerKeys: (id: number) => [...qk.employers.all, 'keys', id] as const,
  employerSearch: (q: string) => [...qk.employers.all, 'search', q] as const,
  selfReport: (id: number) => [...qk.employers.all, 'self-report', id] as const,
  subscriptions: [...qk.alerts, 'subscriptions'] as const,
  deliveries: (subscriptionId: number | null) => [...qk.alerts, 'deliveries', subscriptionId] as const,
  sweepList: [...qk.sweeps, 'list'] as const,
};
