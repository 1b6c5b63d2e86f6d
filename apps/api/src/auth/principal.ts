import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@patuh/persistence';

/**
 * Who is calling. `user`: the office's staff. `employer`: an employer, through one of its API keys (`keyId`) or one
 * of its `employer` users (`userId`), with exactly the same rights either way (CONTRACT §2).
 */
export type Principal =
  | { kind: 'user'; userId: number; role: Role; email: string }
  | { kind: 'employer'; employerId: number; keyId?: number; userId?: number };

/** The signed-in person behind a principal (staff or an employer user); undefined for an API key. */
export const userIdOf = (p: Principal): number | undefined => p.userId;

export const ACCESS = 'patuh:access';
export interface AccessRule {
  /** Least role a user needs (admin ⊇ supervisor ⊇ inspector). Absent: any signed-in user. */
  minRole?: Role;
  /** Whether employer API keys may call the route (they are scoped to their own data by the handler). */
  employer?: boolean;
  /** Whether users may call the route at all (false for employer-only routes). */
  users?: boolean;
  /**
   * Whether an employer's own users may call the route although its API keys may not (their own session and
   * password, their firm's API keys). Implied by `employer`.
   */
  employerUsers?: boolean;
}

export { ROLE_RANK } from '@patuh/accounts';

/** Users with at least this role. */
export const RequireRole = (minRole: Role, opts: Omit<AccessRule, 'minRole'> = {}) =>
  SetMetadata(ACCESS, { minRole, ...opts } satisfies AccessRule);
/** Employer API keys (and, unless users: false, any signed-in user). */
export const EmployerAccess = (opts: Omit<AccessRule, 'employer'> = {}) =>
  SetMetadata(ACCESS, { employer: true, ...opts } satisfies AccessRule);

/** Any signed-in person, staff or an employer's user, but no API key: one's own session and password. */
export const SignedInAccess = () => SetMetadata(ACCESS, { employerUsers: true } satisfies AccessRule);
/** An employer's own users only (not its API keys, not staff): e.g. making and revoking the firm's API keys. */
export const EmployerUserAccess = () =>
  SetMetadata(ACCESS, { employerUsers: true, users: false } satisfies AccessRule);

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal =>
    ctx.switchToHttp().getRequest<{ principal: Principal }>().principal,
);
