import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'fs';
import { join, resolve } from 'path';

/** Where `npm run build` (vite) writes the console; the API is started from the repository root. */
export const CONSOLE_DIST = resolve(process.cwd(), 'dist/console');

/**
 * Serves the built console (apps/console → dist/console) at /console/ from the API's own port:
 * hashed assets with a year's immutable cache, index.html never cached, every other /console/* path answered
 * with index.html (the app routes it and shows its own "not found"), `/` redirected into the app.
 * /api/*, /health/* and /metrics are untouched. Without a build, /console answers 404 in problem+json.
 */
export async function serveConsole(fastify: FastifyInstance, dir = CONSOLE_DIST): Promise<void> {
  const built = existsSync(join(dir, 'index.html'));
  fastify.get('/', (_req, reply) => reply.redirect('/console/cases', 302));
  if (!built) {
    const missing = (_req: unknown, reply: import('fastify').FastifyReply) =>
      reply.status(404).type('application/problem+json').send({
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        detail: 'The console is not built: run `npm run build`',
      });
    fastify.get('/console', missing);
    fastify.get('/console/*', missing);
    return;
  }
  await fastify.register(fastifyStatic, {
    root: dir,
    prefix: '/console/',
    wildcard: false, // one route per built file; the SPA fallback below answers the rest
    index: false,
    cacheControl: false,
    setHeaders: (res, path) => {
      res.setHeader(
        'Cache-Control',
        path.includes(`${join(dir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  const app = (_req: unknown, reply: import('fastify').FastifyReply) =>
    reply.header('Cache-Control', 'no-cache').sendFile('index.html', dir, { cacheControl: false });
  fastify.get('/console', app);
  fastify.get('/console/*', app);
  // A hashed asset that is not (or no longer) there is a 404, not the app's HTML.
  fastify.get('/console/assets/*', (_req, reply) =>
    reply
      .status(404)
      .type('application/problem+json')
      .send({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'No such asset' }),
  );
}
