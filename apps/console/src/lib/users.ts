import { useQuery } from '@tanstack/react-query';
import { apiJson } from '../api/client';
import { qk } from '../api/queries';

export type AssignableUser = { id: number; name: string; role: string; districts?: string[] | null };

/** GET /users/assignable (inspectors and above who may take a case); empty when the route is not there yet. */
export function useAssignable() {
  return useQuery({
    queryKey: qk.assignable,
    staleTime: 5 * 60_000,
    queryFn: async (): Promise<AssignableUser[]> => {
      try {
        return await apiJson<AssignableUser[]>('/api/v1/users/assignable');
      } catch {
        return [];
      }
    },
  });
}
