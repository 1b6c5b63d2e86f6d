import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { verifyAccessToken } from './jwt-verify';
import type { FastifyRequest as Request } from 'fastify';
import { API_KEY_PREFIX, hashApiKey, IS_PUBLIC, ProblemException } from '@patuh/core';
import { EmployersRepository, Role } from '@patuh/persistence';
import { ACCESS, AccessRule, Principal, ROLE_RANK } from './principal';
import { UserStates } from '@patuh/accounts';

export interface JwtClaims {
  sub: number;
  role: Role;
  email: string;
  /** users.token_version when signed; a token without it (signed before versions existed) counts as 0. */
  tv?: number;
  exp?: number;
}

/**
 * Verified access tokens, kept until they expire (a token never changes, so a second verification of the same
 * string can only give the same answer; whether its user may still use it is checked apart, see UserStates). Bounded: the oldest entries go first. Saves the HMAC and JSON work on
 * every request of a busy inspector's session.
 */
class VerifiedTokens {
  private readonly map = new Map<string, JwtClaims>();
  constructor(private readonly max = 10_000) {}
  get(token: string, nowSec: number): JwtClaims | undefined {
    const claims = this.map.get(token);
    if (claims && claims.exp !== undefined && claims.exp <= nowSec) {
      this.map.delete(token);
      return undefined;
    }
    return claims;
  }
  set(token: string, claims: JwtClaims): void {
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
    this.map.set(token, claims);
  }
}

const unauthorized = (detail: string) =>
  new ProblemException(401, 'Unauthorized', detail, undefined, { 'WWW-Authenticate': 'Bearer' });
const forbidden = () => new ProblemException(403, 'Forbidden', 'Your role does not allow this action');

/**
 * The one guard on every route (registered globally): no credentials → 401; a principal outside its rights →
 * 403. Deny by default: employer keys reach only routes marked @EmployerAccess, and those scope by employer.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly verified = new VerifiedTokens();

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly keys: EmployersRepository,
    private readonly users: UserStates,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS, targets) ?? {};
    const req = ctx.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthorized('Send "Authorization: Bearer <token or API key>"');
    const token = match[1]!;

    if (token.startsWith(API_KEY_PREFIX)) {
      const key = await this.keys.findActiveKeyByHash(hashApiKey(token));
      if (!key) throw unauthorized('The API key is unknown or revoked');
      req.principal = { kind: 'employer', employerId: key.employerId, keyId: key.id };
      if (!rule.employer) throw forbidden();
      return true;
    }

    let claims = this.verified.get(token, Math.floor(Date.now() / 1000));
    if (!claims) {
      try {
        claims = await verifyAccessToken<JwtClaims>(this.jwt, token);
      } catch {
        throw unauthorized('The access token is invalid or expired');
      }
      this.verified.set(token, claims);
    }
    // The signature says who; the database says whether they still may (deactivated, or a newer token version
    // after a role or password change → 401) and with which role.
    const cached = this.users.cached(claims.sub);
    const state = cached !== undefined ? cached : await this.users.load(claims.sub);
    if (!state || !state.active || state.tokenVersion !== (claims.tv ?? 0))
      throw unauthorized('The access token is no longer valid; sign in again');
    if (state.role === 'employer') {
      // An employer's own user: that employer's rights and nothing more (as its API key), plus its own session.
      if (state.employerId === undefined)
        throw unauthorized('The access token is no longer valid; sign in again');
      req.principal = { kind: 'employer', employerId: state.employerId, userId: claims.sub };
      if (!rule.employer && !rule.employerUsers) throw forbidden();
      return true;
    }
    req.principal = { kind: 'user', userId: claims.sub, role: state.role, email: claims.email };
    if (rule.users === false) throw forbidden();
    if (rule.minRole && ROLE_RANK[state.role] < ROLE_RANK[rule.minRole]) throw forbidden();
    return true;
  }
}
