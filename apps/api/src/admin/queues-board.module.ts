import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { BullBoardModule } from '@bull-board/nestjs';
import { Module } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { IncomingMessage, ServerResponse } from 'http';
import { DataSource } from 'typeorm';
import { verifyPassword } from '@patuh/core';
import { QueueName } from '@patuh/queues';
import type { JwtClaims } from '../auth/auth.guard';

export const QUEUES_BOARD_ROUTE = '/admin/queues';

/**
 * Admins only. A bearer access token (as on the API) or, for a browser, HTTP Basic with an admin's email and
 * password (the browser asks). Anyone else: 401 without credentials, 403 with the wrong role.
 */
export function adminOnly(jwt: JwtService, db: DataSource) {
  // A middleware on Node's own request and response (Fastify runs middleware before its own wrappers exist).
  return async (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => {
    const header = req.headers.authorization ?? '';
    const deny = (status: number) => {
      if (status === 401) res.setHeader('WWW-Authenticate', 'Basic realm="Patuh queues", charset="UTF-8"');
      res.statusCode = status;
      res.setHeader('Content-Type', 'application/problem+json');
      res.end(
        JSON.stringify({
          type: 'about:blank',
          title: status === 401 ? 'Unauthorized' : 'Forbidden',
          status,
          detail: 'Admins only',
        }),
      );
    };
    try {
      let role: string | undefined;
      const bearer = /^Bearer\s+(\S+)$/i.exec(header);
      const basic = /^Basic\s+(\S+)$/i.exec(header);
      if (bearer) {
        role = (await jwt.verifyAsync<JwtClaims>(bearer[1]!)).role;
      } else if (basic) {
        const [email, ...rest] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
        const rows = (await db.query('SELECT role, password_hash, active FROM users WHERE email = ?', [
          (email ?? '').toLowerCase(),
        ])) as { role: string; password_hash: string; active: number }[];
        const user = rows[0];
        if (user && user.active && (await verifyPassword(rest.join(':'), user.password_hash)))
          role = user.role;
      }
      if (!role) return deny(401);
      if (role !== 'admin') return deny(403);
      next();
    } catch {
      deny(401);
    }
  };
}

/** The BullMQ dashboard for operators, at /admin/queues (outside /api/v1). */
@Module({
  imports: [
    BullBoardModule.forRootAsync({
      inject: [JwtService, getDataSourceToken()],
      useFactory: (jwt: JwtService, db: DataSource) => ({
        route: QUEUES_BOARD_ROUTE,
        adapter: FastifyAdapter,
        middleware: adminOnly(jwt, db),
        boardOptions: { uiConfig: { boardTitle: 'Patuh queues' } },
      }),
    }),
    ...Object.values(QueueName).map((name) => BullBoardModule.forFeature({ name, adapter: BullMQAdapter })),
  ],
})
export class QueuesBoardModule {}
