import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiJson } from '../api/client';
import { qk } from '../api/queries';
import { useSession } from '../app/auth';

export type Me = { id: number; name: string; email: string; role: string; districts: string[] | null };

/** GET /users/me (the signed-in user with districts); null when the route is not there (older API). */
export const meQuery = queryOptions({
  queryKey: qk.me,
  staleTime: 5 * 60_000,
  queryFn: async (): Promise<Me | null> => {
    try {
      const me = await apiJson<Partial<Me> & { userId?: number }>('/api/v1/users/me');
      return {
        id: me.id ?? me.userId ?? 0,
        name: me.name ?? '',
        email: me.email ?? '',
        role: me.role ?? '',
        districts: Array.isArray(me.districts) && me.districts.length ? me.districts : null,
      };
    } catch {
      return null;
    }
  },
});

export function useMe() {
  const { token } = useSession();
  return useQuery({ ...meQuery, enabled: !!token });
}
