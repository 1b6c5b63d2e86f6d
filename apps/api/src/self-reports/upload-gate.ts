import { createHash } from 'crypto';
import type { FastifyInstance } from 'fastify';
import { AppConfig } from '@patuh/config';
import { problemJson } from '@patuh/core';

/** The routes that take upload bodies (up to SELF_REPORT_MAX_BYTES each). */
const UPLOAD_PATHS = new Set(['/api/v1/self-reports', '/api/v1/sponsored-coverage']);

/**
 * Bounds what the API holds of upload bodies at once, before a byte of them is read (Fastify `onRequest`, so
 * before JSON parsing, which turns a 20 MB body into about ten times that in objects): at most
 * SELF_REPORT_MAX_CONCURRENT_PER_KEY uploads per credential (the Authorization header, hashed: the guard that
 * knows the employer runs only after the body is parsed) → 429, and at most SELF_REPORT_MAX_CONCURRENT_BODIES in
 * all → 503, both problem+json with Retry-After: 1. A slot is held until the response is sent or the connection
 * closes. One employer flooding uploads holds at most its own slots; the others' uploads are read.
 */
export function registerUploadGate(fastify: FastifyInstance, config: AppConfig): void {
  const perKey = config.env.SELF_REPORT_MAX_CONCURRENT_PER_KEY;
  const total = config.env.SELF_REPORT_MAX_CONCURRENT_BODIES;
  const byKey = new Map<string, number>();
  let all = 0;
  fastify.addHook('onRequest', (req, reply, done) => {
    if (req.method !== 'POST') return done();
    const path = req.url.split('?')[0]!.replace(/\/+$/, '');
    if (!UPLOAD_PATHS.has(path)) return done();
    const key = createHash('sha256')
      .update(req.headers.authorization ?? '')
      .digest('base64url');
    const mine = byKey.get(key) ?? 0;
    if (mine >= perKey || all >= total) {
      const [status, title, detail] =
        mine >= perKey
          ? [
              429,
              'Too Many Requests',
              `At most ${perKey} uploads at once for one key; send the next when one is answered / ` +
                `paling banyak ${perKey} unggahan sekaligus untuk satu kunci; kirim berikutnya setelah satu dijawab`,
            ]
          : [
              503,
              'Service Unavailable',
              `The server is receiving ${total} uploads at once; retry in a moment / ` +
                `server sedang menerima ${total} unggahan sekaligus; coba lagi sebentar lagi`,
            ];
      void reply
        .code(status as number)
        .header('Retry-After', '1')
        .type('application/problem+json')
        .send(problemJson(status as number, title as string, detail as string));
      return;
    }
    byKey.set(key, mine + 1);
    all++;
    let held = true;
    reply.raw.once('close', () => {
      if (!held) return;
      held = false;
      all--;
      const n = (byKey.get(key) ?? 1) - 1;
      if (n > 0) byKey.set(key, n);
      else byKey.delete(key);
    });
    done();
  });
}
