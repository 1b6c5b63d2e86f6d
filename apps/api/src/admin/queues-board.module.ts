import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { BullBoardModule } from '@bull-board/nestjs';
import { Module } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { FastifyInstance } from 'fastify';
import { DataSource } from 'typeorm';
import { problemJson, verifyPassword } from '@patuh/core';
import { UsersRepository } from '@patuh/persistence';
import { QueueName } from '@patuh/queues';
import type { JwtClaims } from '../auth/auth.guard';
import { verifyAccessToken } from '../auth/jwt-verify';
import { FailureThrottle } from './failure-throttle';

export const QUEUES_BOARD_ROUTE = '/admin/queues';

/**
 * Failed sign-ins to the board are throttled per client address and per account (email): past `failures` in
 * `windowMs`, the client (or the account) gets 429 problem+json with Retry-After, before any password is checked.
 */
export const QUEUES_BOARD_THROTTLE = { failures: 10, windowMs: 5 * 60_000 };

/** Longer Basic credentials are refused unread: nothing to hash for a megabyte of "password". */
const MAX_BASIC_CHARS = 1024;

export interface AdminCheckResult {
  status: 200 | 401 | 403;
  /** Credentials were sent (and failed, when status is 401): an attempt that counts against the throttle. */
  attempted: boolean;
  /** The Basic user name, lower case. */
  email?: string;
}

/** The Basic user name (lower case) in an Authorization header, if it is Basic. */
export function basicEmail(authorization: string | undefined): string | undefined {
  const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
  if (!basic || basic[1]!.length > MAX_BASIC_CHARS) return undefined;
  return Buffer.from(basic[1]!, 'base64').toString('utf8').split(':')[0]!.toLowerCase();
}

/**
 * Who may see the board: admins only. A bearer access token (as on the API) or, for a browser, HTTP Basic with an
 * admin's email and password (the browser asks). Resolves to 200, or to 401 (no or bad credentials) or 403.
 * The password is hashed (scrypt) only for an active admin's email: an unknown email, or another role's, is a 401
 * at the cost of one indexed read, so guessing costs the server no CPU. The hashes are compared in constant time.
 */
export function adminCheck(jwt: JwtService, db: DataSource, verify = verifyPassword) {
  const users = new UsersRepository(db);
  return async (authorization: string | undefined): Promise<AdminCheckResult> => {
    const header = authorization ?? '';
    const bearer = /^Bearer\s+(\S+)$/i.exec(header);
    const basic = /^Basic\s+(\S+)$/i.exec(header);
    if (!bearer && !basic) return { status: 401, attempted: header.length > 0 };
    let role: string | undefined;
    let email: string | undefined;
    try {
      if (bearer) {
        const claims = await verifyAccessToken<JwtClaims>(jwt, bearer[1]!);
        // As the auth guard: the user must still be active and the token of their current version.
        const user = await users.findState(claims.sub);
        if (user && user.active && user.tokenVersion === (claims.tv ?? 0)) role = user.role;
      } else if (basic && basic[1]!.length <= MAX_BASIC_CHARS) {
        const [name, ...rest] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
        email = (name ?? '').toLowerCase();
        const user = email ? await users.findCredentials(email) : null;
        if (user && user.active && user.role === 'admin' && (await verify(rest.join(':'), user.passwordHash)))
          role = user.role;
      }
    } catch {
      role = undefined;
    }
    if (!role) return { status: 401, attempted: true, email };
    return { status: role === 'admin' ? 200 : 403, attempted: true, email };
  };
}

/**
 * Guards every request under /admin/queues (the board's page, its assets and its API) with a Fastify onRequest
 * hook, added before the board's plugin is registered so the plugin inherits it. (Nest middleware bound to the
 * board's route matches only the route itself on Fastify, not the paths under it.) The client address is req.ip,
 * which believes X-Forwarded-For only from TRUST_PROXY.
 */
export function guardQueuesBoard(
  fastify: FastifyInstance,
  jwt: JwtService,
  db: DataSource,
  limits: { failures: number; windowMs: number } = QUEUES_BOARD_THROTTLE,
): void {
  const check = adminCheck(jwt, db);
  const clients = new FailureThrottle(limits.failures, limits.windowMs);
  const accounts = new FailureThrottle(limits.failures, limits.windowMs);
  fastify.addHook('onRequest', (req, reply, done) => {
    // The route the router matched (after decoding the path), not the raw URL: /admin/%71ueues is the board too.
    const route = req.routeOptions.url ?? '';
    if (route !== QUEUES_BOARD_ROUTE && !route.startsWith(`${QUEUES_BOARD_ROUTE}/`)) return done();
    const email = basicEmail(req.headers.authorization);
    const wait = Math.max(clients.retryAfter(req.ip), email ? accounts.retryAfter(email) : 0);
    if (wait > 0) {
      reply
        .code(429)
        .header('Retry-After', String(wait))
        .type('application/problem+json')
        .send(problemJson(429, 'Too Many Requests', 'Too many failed sign-ins; try again later'));
      return;
    }
    check(req.headers.authorization).then((result) => {
      const { status } = result;
      if (status === 200) return done();
      if (status === 401 && result.attempted) {
        clients.fail(req.ip);
        if (result.email) accounts.fail(result.email);
      }
      if (status === 401) reply.header('WWW-Authenticate', 'Basic realm="Patuh queues", charset="UTF-8"');
      reply
        .code(status)
        .type('application/problem+json')
        .send(problemJson(status, status === 401 ? 'Unauthorized' : 'Forbidden', 'Admins only'));
    }, done);
  });
}

/** The BullMQ dashboard for operators, at /admin/queues (outside /api/v1). */
@Module({
  imports: [
    // Access is checked by guardQueuesBoard (bootstrap.ts), for the board and everything under it.
    BullBoardModule.forRoot({
      route: QUEUES_BOARD_ROUTE,
      adapter: FastifyAdapter,
      boardOptions: { uiConfig: { boardTitle: 'Patuh queues' } },
    }),
    ...Object.values(QueueName).map((name) => BullBoardModule.forFeature({ name, adapter: BullMQAdapter })),
  ],
})
export class QueuesBoardModule {}
