import {
  BeforeApplicationShutdown,
  CallHandler,
  Controller,
  ExecutionContext,
  Get,
  Global,
  Headers,
  Inject,
  Injectable,
  Logger,
  Module,
  NestInterceptor,
  OnApplicationBootstrap,
  OnModuleInit,
  Res,
} from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { createHash, timingSafeEqual } from 'crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createServer, Server } from 'http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { Observable, tap } from 'rxjs';
import { APP_CONFIG, AppConfig, Env } from '@patuh/config';
import { JobProducer, QueueName } from '@patuh/queues';
import { ProblemException } from './problem';
import { Public } from './public.decorator';

/**
 * Who may read /metrics (docs/operations.md, "Metrics"): with METRICS_TOKEN, only `Authorization: Bearer <token>`;
 * without it, everyone outside production, and nobody in production (the route answers 404, as if absent), so a
 * deployment that forgot the token does not publish its queue sizes and case counts to whoever can reach it.
 */
export type MetricsAccess = { mode: 'open' } | { mode: 'token'; token: string } | { mode: 'off' };

export function metricsAccess(env: Pick<Env, 'NODE_ENV' | 'METRICS_TOKEN'>): MetricsAccess {
  if (env.METRICS_TOKEN) return { mode: 'token', token: env.METRICS_TOKEN };
  return env.NODE_ENV === 'production' ? { mode: 'off' } : { mode: 'open' };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Checks an Authorization header against the access rule, in constant time for the token. */
export function authorizeMetrics(
  access: MetricsAccess,
  authorization: string | undefined,
): 'ok' | 'unauthorized' | 'off' {
  if (access.mode === 'open') return 'ok';
  if (access.mode === 'off') return 'off';
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!m) return 'unauthorized';
  return timingSafeEqual(digest(m[1]!), digest(access.token)) ? 'ok' : 'unauthorized';
}

/**
 * One computation shared for ttlMs: concurrent and repeated callers within the window get the same promise (a
 * failure too, so a store that is down is not hammered by every scrape).
 */
export function cachedFor<T>(ttlMs: number, compute: () => Promise<T>): () => Promise<T> {
  let at = -Infinity;
  let value: Promise<T> | undefined;
  return () => {
    const now = Date.now();
    if (!value || now - at >= ttlMs) {
      at = now;
      value = compute();
      value.catch(() => undefined); // observed by the callers; never an unhandled rejection
    }
    return value;
  };
}

/** Rejects when `p` has not settled within ms (a scrape must answer while Redis or the database hangs). */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}

/** The per-process metrics: one registry per app (API or worker), with what this process measures itself. */
@Injectable()
export class MetricsService implements OnModuleInit {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'patuh_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  /** Recorded by the worker around each job's handler (apps/worker/src/processors.ts). */
  readonly jobDuration = new Histogram({
    name: 'patuh_job_duration_seconds',
    help: 'BullMQ job handler duration by queue, job name and outcome (success: the handler returned; failure: it threw)',
    labelNames: ['queue', 'job', 'outcome'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
    registers: [this.registry],
  });
  /** Recorded by the worker after each alert delivery attempt (libs/alerts, DeliveryService). */
  readonly deliveryAttempts = new Counter({
    name: 'patuh_alert_delivery_attempts_total',
    help: 'Alert delivery attempts made by this process, by channel and outcome (delivered, retry, failed, undeliverable)',
    labelNames: ['channel', 'outcome'],
    registers: [this.registry],
  });

  /** Recorded by the worker for each employer evaluated (libs/engine, EvaluationService). */
  readonly evaluations = new Counter({
    name: 'patuh_employer_evaluations_total',
    help: 'Employers evaluated by this process, by outcome (rules: the rulebook ran; memo: the content memo answered, the rows and cases being those of a quiet evaluation; contractors: a principal judged on the contracts of its contractors alone, nothing else of it having moved; workers: an employer due by its next-change day alone, only the workers whose own day came judged with its employer-level rules; failed: the employer could not be evaluated)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });

  /** Recorded by the worker for employers judged in parts (libs/engine worker-days.ts), per worker. */
  readonly evaluationWorkers = new Counter({
    name: 'patuh_evaluation_workers_total',
    help: 'Workers of the employers judged in parts (outcome "workers" above), by part (judged: its day came, or it was not in the record; left: left as last judged, its inputs unchanged and its day not come)',
    labelNames: ['part'],
    registers: [this.registry],
  });

  onModuleInit(): void {
    collectDefaultMetrics({ register: this.registry, prefix: 'patuh_' });
  }
}

const QUEUE_STATES = [
  'waiting',
  'prioritized',
  'active',
  'delayed',
  'paused',
  'waiting-children',
  'failed',
  'completed',
] as const;

interface QueueSnapshot {
  queue: QueueName;
  counts: Record<string, number>;
  /** When the oldest waiting job became ready to run (ms), null when none waits. */
  oldestAt: number | null;
}

/**
 * Queue depth by queue and state, and the age of the oldest job waiting to run per queue, from Redis (the API's
 * /metrics only: every process sees the same queues). Read at most once per METRICS_CACHE_MS, with a time limit,
 * so a scrape storm is one round of Redis calls and a hung Redis gives `patuh_queue_metrics_up 0`, not a hung scrape.
 */
@Injectable()
export class QueueMetrics implements OnModuleInit {
  private readonly snapshot: () => Promise<QueueSnapshot[]>;

  constructor(
    private readonly metrics: MetricsService,
    private readonly jobs: JobProducer,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.snapshot = cachedFor(config.env.METRICS_CACHE_MS, () => withTimeout(this.read(), 2000, 'Redis'));
  }

  private async read(): Promise<QueueSnapshot[]> {
    const out: QueueSnapshot[] = [];
    for (const q of Object.values(QueueName)) {
      const queue = this.jobs.queue(q);
      const counts = await queue.getJobCounts(...QUEUE_STATES);
      // The wait list's tail is its oldest job; a prioritized set's head is the next to run.
      const next = await queue.getJobs(['wait', 'prioritized'], 0, 0, true);
      const since = next.filter(Boolean).map((j) => j.timestamp + (j.delay ?? 0));
      out.push({ queue: q, counts, oldestAt: since.length ? Math.min(...since) : null });
    }
    return out;
  }

  onModuleInit(): void {
    const registers = [this.metrics.registry];
    const snapshot = async () => {
      try {
        return await this.snapshot();
      } catch {
        return null; // patuh_queue_metrics_up 0; the other gauges are left out of this scrape
      }
    };
    new Gauge({
      name: 'patuh_queue_jobs',
      help: 'BullMQ jobs by queue and state',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        this.reset();
        for (const q of (await snapshot()) ?? [])
          for (const [state, n] of Object.entries(q.counts)) this.set({ queue: q.queue, state }, n);
      },
    });
    new Gauge({
      name: 'patuh_queue_oldest_waiting_age_seconds',
      help: 'Age of the oldest job waiting to run, per queue (0 when none waits)',
      labelNames: ['queue'],
      registers,
      async collect() {
        this.reset();
        const now = Date.now();
        for (const q of (await snapshot()) ?? [])
          this.set({ queue: q.queue }, q.oldestAt === null ? 0 : Math.max(0, (now - q.oldestAt) / 1000));
      },
    });
    new Gauge({
      name: 'patuh_queue_metrics_up',
      help: '1 when the queue gauges could be read from Redis at this scrape, else 0',
      registers,
      async collect() {
        this.set((await snapshot()) ? 1 : 0);
      },
    });
  }
}

@Injectable()
export class HttpMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: MetricsService) {}
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    const end = this.metrics.httpDuration.startTimer();
    const route = req.routeOptions?.url ?? 'unknown';
    const done = () =>
      end({
        method: req.method,
        route,
        status: String(ctx.switchToHttp().getResponse<FastifyReply>().statusCode),
      });
    return next.handle().pipe(tap({ next: done, error: done }));
  }
}

const unauthorized = () =>
  new ProblemException(
    401,
    'Unauthorized',
    'A valid metrics token is required (Authorization: Bearer)',
    undefined,
    {
      'WWW-Authenticate': 'Bearer realm="metrics"',
    },
  );

/**
 * Prometheus text at GET /metrics (outside /api/v1). Not behind the user guard (@Public: Prometheus holds no user
 * token); behind METRICS_TOKEN instead (metricsAccess).
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  private readonly access: MetricsAccess;

  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.access = metricsAccess(config.env);
    if (this.access.mode === 'off')
      new Logger(MetricsController.name).warn(
        'METRICS_TOKEN is unset: GET /metrics is off (404) in production; set it to scrape this API',
      );
  }

  @Public()
  @Get()
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<string> {
    const verdict = authorizeMetrics(this.access, authorization);
    if (verdict === 'off') throw new ProblemException(404, 'Not Found', 'Resource not found');
    if (verdict === 'unauthorized') throw unauthorized();
    res.header('Content-Type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}

/** The API's metrics: /metrics, HTTP durations, queue gauges. Global, so any service may record into it. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [MetricsService, QueueMetrics, { provide: APP_INTERCEPTOR, useClass: HttpMetricsInterceptor }],
  exports: [MetricsService],
})
export class MetricsModule {}

/**
 * The worker's own /metrics (job durations, delivery attempts, process metrics) on WORKER_METRICS_PORT, a plain
 * node:http listener: the worker has no HTTP routes of its own, and a scrape must not wait on Nest or the queues.
 * Pulled by Prometheus per worker (docs/operations.md says why not pushed through Redis).
 */
@Injectable()
export class WorkerMetricsServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerMetricsServer.name);
  private server?: Server;

  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The port it listens on (after bootstrap), or undefined when off. */
  get port(): number | undefined {
    const a = this.server?.address();
    return a && typeof a === 'object' ? a.port : undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.env.WORKER_METRICS_PORT;
    if (port === undefined) return;
    const access = metricsAccess(this.config.env);
    const registry = this.metrics.registry;
    const server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      const verdict = authorizeMetrics(access, req.headers.authorization);
      if (req.method !== 'GET' || path !== '/metrics' || verdict === 'off') {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
        return;
      }
      if (verdict === 'unauthorized') {
        res
          .writeHead(401, { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Bearer realm="metrics"' })
          .end('a valid metrics token is required\n');
        return;
      }
      registry.metrics().then(
        (text) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(text),
        (e: Error) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`${e.message}\n`),
      );
    });
    server.requestTimeout = 10_000;
    server.headersTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '0.0.0.0', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.logger.log(`metrics on :${this.port}/metrics (${access.mode})`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** The worker's metrics (no controller: the worker serves no routes). Global, so processors and services record. */
@Global()
@Module({
  providers: [MetricsService, WorkerMetricsServer],
  exports: [MetricsService, WorkerMetricsServer],
})
export class WorkerMetricsModule {}
