import { ROLES, Role } from '@patuh/persistence';

/** The one role rank: admin ⊇ supervisor ⊇ inspector. */
export const ROLE_RANK: Readonly<Record<Role, number>> = { inspector: 1, supervisor: 2, admin: 3 };

/** Whether `role` is at least `min`. */
export const hasRoleAtLeast = (role: Role, min: Role): boolean => ROLE_RANK[role] >= ROLE_RANK[min];

/** Every role at least `min` (e.g. who a case can be assigned to: inspectors and above). */
export const rolesAtLeast = (min: Role): Role[] => ROLES.filter((r) => hasRoleAtLeast(r, min));
