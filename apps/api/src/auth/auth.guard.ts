import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request } from 'express';
import { IsNull, Repository } from 'typeorm';
import { API_KEY_PREFIX, hashApiKey, IS_PUBLIC, ProblemException } from '@patuh/core';
import { ApiKeyEntity, Role } from '@patuh/persistence';
import { ACCESS, AccessRule, Principal, ROLE_RANK } from './principal';

export interface JwtClaims {
  sub: number;
  role: Role;
  email: string;
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
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
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
      const key = await this.keys.findOne({
        where: { keyHash: hashApiKey(token), revokedAt: IsNull() },
        select: { id: true, employerId: true },
      });
      if (!key) throw unauthorized('The API key is unknown or revoked');
      req.principal = { kind: 'employer', employerId: key.employerId, keyId: key.id };
      if (!rule.employer) throw forbidden();
      return true;
    }

    let claims: JwtClaims;
    try {
      claims = await this.jwt.verifyAsync<JwtClaims>(token);
    } catch {
      throw unauthorized('The access token is invalid or expired');
    }
    req.principal = { kind: 'user', userId: claims.sub, role: claims.role, email: claims.email };
    if (rule.users === false) throw forbidden();
    if (rule.minRole && ROLE_RANK[claims.role] < ROLE_RANK[rule.minRole]) throw forbidden();
    return true;
  }
}
