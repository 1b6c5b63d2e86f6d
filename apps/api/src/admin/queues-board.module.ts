import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { BullBoardModule } from '@bull-board/nestjs';
import { Module } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { FastifyInstance } from 'fastify';
import { DataSource } from 'typeorm';
import { verifyPassword } from '@patuh/core';
import { UsersRepository } from '@patuh/persistence';
import { QueueName } from '@patuh/queues';
import type { JwtClaims } from '../auth/auth.guard';
import { verifyAccessToken } from '../auth/jwt-verify';

export const QUEUES_BOARD_ROUTE = '/admin/queues';

/**
 * Who may see the board: admins only. A bearer access token (as on the API) or, for a browser, HTTP Basic with an
 * admin's email and password (the browser asks). Resolves to 200, or to 401 (no or bad credentials) or 403.
 */
export function adminCheck(jwt: JwtService, db: DataSource) {
  const users = new UsersRepository(db);
  return async (authorization: string | undefined): Promise<200 | 401 | 403> => {
    const header = authorization ?? '';
    try {
      let role: string | undefined;
      const bearer = /^Bearer\s+(\S+)$/i.exec(header);
      const basic = /^Basic\s+(\S+)$/i.exec(header);
      if (bearer) {
        const claims = await verifyAccessToken<JwtClaims>(jwt, bearer[1]!);
        // As the auth guard: the user must still be active and the token of their current version.
        const user = await users.findState(claims.sub);
        if (user && user.active && user.tokenVersion === (claims.tv ?? 0)) role = user.role;
      } else if (basic) {
        const [email, ...rest] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
        const user = await users.findCredentials((email ?? '').toLowerCase());
        if (user && user.active && (await verifyPassword(rest.join(':'), user.passwordHash)))
          role = user.role;
      }
      if (!role) return 401;
      return role === 'admin' ? 200 : 403;
    } catch {
      return 401;
    }
  };
}

/**
 * Guards every request under /admin/queues (the board's page, its assets and its API) with a Fastify onRequest
 * hook, added before the board's plugin is registered so the plugin inherits it. (Nest middleware bound to the
 * board's route matches only the route itself on Fastify, not the paths under it.)
 */
export function guardQueuesBoard(fastify: FastifyInstance, jwt: JwtService, db: DataSource): void {
  const check = adminCheck(jwt, db);
  fastify.addHook('onRequest', (req, reply, done) => {
    // The route the router matched (after decoding the path), not the raw URL: /admin/%71ueues is the board too.
    const route = req.routeOptions.url ?? '';
    if (route !== QUEUES_BOARD_ROUTE && !route.startsWith(`${QUEUES_BOARD_ROUTE}/`)) return done();
    check(req.headers.authorization).then((status) => {
      if (status === 200) return done();
      if (status === 401) reply.header('WWW-Authenticate', 'Basic realm="Patuh queues", charset="UTF-8"');
      reply
        .code(status)
        .type('application/problem+json')
        .send(
          JSON.stringify({
            type: 'about:blank',
            title: status === 401 ? 'Unauthorized' : 'Forbidden',
            status,
            detail: 'Admins only',
          }),
        );
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
