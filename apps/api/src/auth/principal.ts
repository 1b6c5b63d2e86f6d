import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@patuh/persistence';

export type Principal =
  | { kind: 'user'; userId: number; role: Role; email: string }
  | { kind: 'employer'; employerId: number; keyId: number };

export const ACCESS = 'patuh:access';
export interface AccessRule {
  /** Least role a user needs (admin ⊇ supervisor ⊇ inspector). Absent: any signed-in user. */
  minRole?: Role;
  /** Whether employer API keys may call the route (they are scoped to their own data by the handler). */
  employer?: boolean;
  /** Whether users may call the route at all (false for employer-only routes). */
  users?: boolean;
}

export { ROLE_RANK } from '@patuh/accounts';

/** Users with at least this role. */
export const RequireRole = (minRole: Role, opts: Omit<AccessRule, 'minRole'> = {}) =>
  SetMetadata(ACCESS, { minRole, ...opts } satisfies AccessRule);
/** Employer API keys (and, unless users: false, any signed-in user). */
export const EmployerAccess = (opts: Omit<AccessRule, 'employer'> = {}) =>
  SetMetadata(ACCESS, { employer: true, ...opts } satisfies AccessRule);

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal =>
    ctx.switchToHttp().getRequest<{ principal: Principal }>().principal,
);
