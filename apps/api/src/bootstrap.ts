import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@patuh/config';
import { createValidationPipe, problemJson } from '@patuh/core';
import { guardQueuesBoard } from './admin/queues-board.module';
import { ApiModule } from './app.module';
import { BPJS_STREAM_TYPES } from './bpjs-records/bpjs-records.controller';
import { serveConsole } from './console/console.static';
import { withCommonProblems } from './openapi-problems';
import { registerUploadGate } from './self-reports/upload-gate';

/** Builds the API exactly as it runs (prefix, body limits, validation, docs); main.ts and the e2e tests share it. */
/**
 * Slow clients are cut off: the whole request (headers and body) within requestTimeoutMs (a 20 MB upload at
 * 2 Mbit/s fits), the headers within headersTimeoutMs; a slow-loris body is not held indefinitely. Node checks
 * open connections against these every few seconds.
 */
export const HTTP_TIMEOUTS = { requestTimeoutMs: 120_000, headersTimeoutMs: 20_000 };

/**
 * Security headers on every response: nosniff, no framing (frame-ancestors 'none' and X-Frame-Options DENY), no
 * referrer across origins, and a CSP that the console (Mantine injects <style> tags) and Swagger UI work under:
 * scripts only from this origin, inline styles allowed, images and fonts from this origin or data: URLs.
 */
export const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    baseUri: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
};

/**
 * Once the server is closing (SIGTERM, app.close()), requests still arriving on open connections are answered
 * 503 problem+json with Connection: close and Retry-After, before any handler runs, so a load balancer or client
 * sends them elsewhere (an upload's Idempotency-Key makes the resend safe). In-flight requests finish.
 */
function refuseWhileDraining(fastify: FastifyInstance): void {
  let draining = false;
  fastify.addHook('preClose', (done) => {
    draining = true;
    done();
  });
  fastify.addHook('onRequest', (_req, reply, done) => {
    if (!draining) return done();
    reply
      .code(503)
      .header('Connection', 'close')
      .header('Retry-After', '5')
      .type('application/problem+json')
      .send(problemJson(503, 'Service Unavailable', 'This server is shutting down; send the request again'));
  });
}

export async function createApiApp(
  config: AppConfig,
  opts: { logger?: boolean; timeouts?: Partial<typeof HTTP_TIMEOUTS> } = {},
): Promise<INestApplication> {
  const timeouts = { ...HTTP_TIMEOUTS, ...opts.timeouts };
  // Fastify, not Express: the same routes at about twice the HTTP throughput (docs/benchmarks.md). Bodies: JSON
  // (and application/*+json) up to SELF_REPORT_MAX_BYTES; multipart only where a route reads it (uploads).
  // X-Forwarded-For is believed only from the proxies TRUST_PROXY names (none by default): the client address
  // (req.ip), which the rate limits key on, is otherwise the TCP peer's, so a rotated header buys no fresh bucket.
  const adapter = new FastifyAdapter({
    bodyLimit: config.env.SELF_REPORT_MAX_BYTES,
    trustProxy: config.env.TRUST_PROXY ?? false,
    // Fastify's own draining 503 is plain JSON; ours (below) is problem+json like every other error.
    return503OnClosing: false,
    routerOptions: { ignoreTrailingSlash: true }, // /api/v1/cases/ is /api/v1/cases, as it was under Express
    requestTimeout: timeouts.requestTimeoutMs,
    http: {
      headersTimeout: Math.min(timeouts.headersTimeoutMs, timeouts.requestTimeoutMs),
      connectionsCheckingInterval: Math.max(
        100,
        Math.min(5000, Math.floor(Math.min(timeouts.headersTimeoutMs, timeouts.requestTimeoutMs) / 4)),
      ),
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.register(config), adapter, {
    bufferLogs: true,
    bodyParser: false, // ours below: JSON only (no url-encoded forms), empty JSON bodies allowed
    logger: opts.logger === false ? false : undefined,
  });
  if (opts.logger !== false) app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  // JSON and application/*+json with Fastify's own parser (prototype poisoning refused); an empty body with a JSON
  // content type is an empty object, as most clients send for "no options" (POST /sweeps), not an error.
  const json = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  const parseJson = (
    req: FastifyRequest,
    body: string | Buffer,
    done: (e: Error | null, v?: unknown) => void,
  ) => (body.length === 0 ? done(null, {}) : json(req, body as string, done));
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, parseJson);
  fastify.addContentTypeParser(/^application\/[\w.+-]+\+json$/, { parseAs: 'string' }, parseJson);
  // CSV and .xlsx bodies (BPJS loads, #17) reach their route as the request stream, stored in chunks as they
  // arrive (never buffered whole, so BPJS_LOAD_MAX_BYTES, not bodyLimit, bounds them).
  fastify.addContentTypeParser(BPJS_STREAM_TYPES, (_req, payload, done) => done(null, payload));
  await app.register(helmet, {
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  refuseWhileDraining(fastify);
  await app.register(multipart, { limits: { fileSize: config.env.SELF_REPORT_MAX_BYTES } });
  registerUploadGate(fastify, config); // upload bodies held at once, per key and in all (issue #16)
  await serveConsole(fastify);
  guardQueuesBoard(fastify, app.get(JwtService), app.get<DataSource>(getDataSourceToken()));
  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
      { path: 'admin/queues', method: RequestMethod.ALL },
      { path: 'admin/queues/{*path}', method: RequestMethod.ALL },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const doc = new DocumentBuilder()
    .setTitle('Patuh API')
    .setDescription(
      'Compliance engine for Kutai Timur: employers, workers and contracts, BPJS Ketenagakerjaan enrolment, ' +
        'PKWT chains, cases for labour inspectors. Errors are application/problem+json.',
    )
    .setVersion('1')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description: 'A user access token or an employer API key',
    })
    // Every route is guarded (deny by default); the public ones say so with @ApiSecurity({}).
    .addSecurityRequirements('bearer')
    .addServer('/')
    .build();
  SwaggerModule.setup('api/docs', app, () => withCommonProblems(SwaggerModule.createDocument(app, doc)), {
    jsonDocumentUrl: 'api/docs-json',
    useGlobalPrefix: false,
  });
  return app;
}
