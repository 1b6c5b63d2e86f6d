import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync } from 'fs';
import { join, resolve } from 'path';

/** Where `npm run build` (vite) writes the console; the API is started from the repository root. */
export const CONSOLE_DIST = resolve(process.cwd(), 'dist/console');

const notFound = (reply: FastifyReply, detail: string) =>
  reply
    .status(404)
    .type('application/problem+json')
    .send({ type: 'about:blank', title: 'Not Found', status: 404, detail });

/**
 * Serves the built console (apps/console → dist/console) at /console/ from the API's own port:
 * hashed assets (/console/assets/*) with a year's immutable cache, read from disk at each request (a rebuild
 * needs no restart); every other /console/* path answers index.html, never cached (the app routes it and shows
 * its own "not found"); /portal and /portal/* (the employer portal, CONTRACT §8) answer the same index.html;
 * `/` redirects into the app. /api/*, /health/* and /metrics are untouched. Without a
 * build, /console answers 404 in problem+json saying so.
 */
export async function serveConsole(fastify: FastifyInstance, dir = CONSOLE_DIST): Promise<void> {
  fastify.get('/', (_req, reply) => reply.redirect('/console/cases', 302));
  await fastify.register(fastifyStatic, {
    root: join(dir, 'assets'),
    prefix: '/console/assets/',
    decorateReply: true,
    index: false,
    cacheControl: true,
    maxAge: '365d',
    immutable: true,
    preCompressed: true, // the build writes .br and .gz beside each asset (apps/console/vite.config.ts)
  });
  const app = (_req: unknown, reply: FastifyReply) => {
    if (!existsSync(join(dir, 'index.html')))
      return notFound(reply, 'The console is not built: run `npm run build`');
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html', dir, { cacheControl: false });
  };
  fastify.get('/console', app);
  fastify.get('/console/*', app);
  // The employer portal is the same app (CONTRACT §8).
  fastify.get('/portal', app);
  fastify.get('/portal/*', app);
  // The public check of a notice letter's code (CONTRACT §8), the QR code on every letter points here.
  fastify.get('/verify/*', app);
}
