import { isIP } from 'net';
import { z } from 'zod';

/** A configuration problem: one line naming the variable, so an operator knows what to fix. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${protocols.map((p) => p + '//').join(' or ')}`,
  );

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Asia/Makassar');

/** Five-field cron: minute hour day-of-month month day-of-week. */
const cron = z.string().regex(/^(\S+\s+){4}\S+$/, 'must be a five-field cron expression such as "0 2 * * *"');

/** One TRUST_PROXY entry: an address, an address/prefix, or one of proxy-addr's named ranges. */
function isTrustedProxy(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [addr, prefix, ...rest] = entry.split('/');
  const family = isIP(addr ?? '');
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Every environment variable Patuh reads, with its default. Validated once at start. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: url(['mysql:', 'mariadb:']).default('mysql://root@127.0.0.1:3306/patuh'),
  DATABASE_POOL_SIZE: int(1, 200).default(10),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1-40 letters, digits, "_" or "-"')
    .default('patuh'),
  PORT: int(0, 65535).default(3000),
  /**
   * The address the API (and the worker's health port) binds. Default loopback: nothing outside the machine
   * reaches it unless the operator says so (containers set HOST=0.0.0.0 explicitly, behind their port mapping).
   */
  HOST: z
    .string()
    .refine((v) => isIP(v) !== 0 || v === 'localhost', 'must be an IP address such as 127.0.0.1 or 0.0.0.0')
    .default('127.0.0.1'),
  /**
   * Which peers' X-Forwarded-For is believed (Fastify trustProxy): unset or "none", no one (the client address is
   * the TCP peer's); a number, that many proxy hops; or a comma list of addresses and CIDRs (and the names
   * loopback, linklocal, uniquelocal). Rate limits key on the client address this yields.
   */
  TRUST_PROXY: z
    .string()
    .transform((v, ctx): false | number | string[] => {
      const t = v.trim();
      if (t === 'none' || t === 'false') return false;
      if (/^\d+$/.test(t)) {
        const n = Number(t);
        if (n >= 1 && n <= 20) return n;
      } else {
        const items = t.split(',').map((x) => x.trim());
        if (items.every((x) => isTrustedProxy(x))) return items;
      }
      ctx.addIssue({
        code: 'custom',
        message:
          'must be "none", a hop count 1-20, or a comma list of addresses/CIDRs such as 127.0.0.1,10.0.0.0/8',
      });
      return z.NEVER;
    })
    .optional(),
  WORKER_HEALTH_PORT: int(0, 65535).optional(),
  /**
   * Bearer token for GET /metrics (the API's, and the worker's on WORKER_METRICS_PORT). Unset: /metrics is open
   * outside production and off (404) in production (docs/operations.md, "Metrics").
   */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** When set, the worker serves its own Prometheus metrics (job durations, process) at /metrics on this port. */
  WORKER_METRICS_PORT: int(0, 65535).optional(),
  /** The database-derived gauges of /metrics are computed at most once per this many ms (a scrape storm is one query). */
  METRICS_CACHE_MS: int(0, 300_000).default(5000),
  /** A running sweep with no batch recorded (nor started) for this long counts in patuh_sweeps_stuck. */
  METRICS_SWEEP_STUCK_SECONDS: int(10, 7 * 86_400).default(900),
  BUSINESS_TZ: timeZone.default('Asia/Makassar'),
  BOOTSTRAP_ADMIN_EMAIL: z.string().email('must be an email address').optional(),
  BOOTSTRAP_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  JWT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  JWT_TTL_SECONDS: int(60, 7 * 24 * 3600).default(8 * 3600),
  SWEEP_CRON: cron.default('0 2 * * *'),
  SCHEDULER_ENABLED: bool.default(true),
  /**
   * How the scheduled sweep evaluates (docs/architecture.md, "Incremental sweeps"): incremental evaluates only the
   * employers whose inputs changed, whose next-change day came, or whose figures are due a refresh; full evaluates
   * every employer. A manual sweep is full unless it asks for incremental.
   */
  SWEEP_SCHEDULE_MODE: z.enum(['incremental', 'full']).default('incremental'),
  /**
   * An incremental sweep also re-evaluates each employer at least every this many days (one slot per employer,
   * spread evenly: 1/N of them a night), so figures that grow with the calendar (days uncovered, contributions owed)
   * are never older than this; the standing of cases (which exist, their severity) never waits for it. 1 = every
   * night (incremental becomes full).
   */
  SWEEP_REFRESH_DAYS: int(1, 366).default(30),
  /**
   * The content memo (issue #19): an employer whose rows, cases, ruleset and day hash as they did at an evaluation
   * that had nothing to write gets that evaluation's result without the rules running again (the rules are pure, so
   * it is the same result). false runs the rules for every employer evaluated (to measure them, or to rule the memo
   * out when looking into a case).
   */
  EVALUATION_MEMO: bool.default(true),
  /** At most this many employers in one sweep batch (one job, one transaction). */
  SWEEP_BATCH_SIZE: int(1, 5000).default(200),
  /**
   * A sweep batch (one job, one transaction, redone whole on retry) closes at this many contracts or
   * SWEEP_BATCH_SIZE employers. Larger batches spread the per-job costs (queue round trips, locks, commit).
   */
  SWEEP_BATCH_CONTRACTS: int(100, 1_000_000).default(4000),
  /**
   * A sweep that would fit in fewer batches is cut into at least this many (as many as its employers when fewer),
   * balanced by contracts and employers, so a small sweep (an incremental night with few changes, one district) is
   * shared by the pool's workers instead of falling on one. 1 turns it off. Only a sweep's first plan uses it: a running sweep is re-cut at its stored batch starts.
   */
  SWEEP_MIN_BATCHES: int(1, 64).default(4),
  /**
   * Within a batch, employers are read and evaluated in chunks of at most this many contracts: what a worker holds
   * at once, so it bounds memory and what the garbage collector must copy, whatever the batch size.
   */
  SWEEP_CHUNK_CONTRACTS: int(100, 1_000_000).default(1500),
  /**
   * An employer with more contracts than this is read, evaluated and written in slices of its workers of at most
   * this many contracts each (libs/engine/src/slice.plan.ts), so one very large employer is held a slice at a time.
   */
  SWEEP_SLICE_CONTRACTS: int(100, 1_000_000).default(10000),
  WORKER_CONCURRENCY: int(1, 64).default(2),
  /**
   * The queues this worker consumes, comma-separated (evaluation, ingest, alerts); all when unset. Lets operators
   * run lean sweep workers (evaluation, 128 MB heap) apart from ingest workers that hold a whole report.
   */
  WORKER_QUEUES: z
    .string()
    .regex(
      /^\s*(evaluation|ingest|alerts)(\s*,\s*(evaluation|ingest|alerts))*\s*$/,
      'must be a comma list of evaluation, ingest, alerts',
    )
    .transform((v) => v.split(',').map((q) => q.trim()))
    .optional(),
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  SMTP_FROM: z.string().default('Patuh <patuh@localhost>'),
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  SPONSORED_TARGET: int(0, 10_000_000).default(160000),
  /** Optional per-district targets for sponsored coverage, JSON {"<kecamatan>": n}; GET /stats shows them beside the counts. */
  SPONSORED_TARGET_BY_DISTRICT: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      try {
        const o = JSON.parse(v) as Record<string, unknown>;
        if (!o || typeof o !== 'object' || Array.isArray(o)) throw new Error('not an object');
        const out: Record<string, number> = {};
        for (const [k, n] of Object.entries(o)) {
          if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new Error(k);
          out[k] = n;
        }
        return out;
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: 'must be JSON like {"Sangatta Utara":30000,"Bengalon":8000}',
        });
        return z.NEVER;
      }
    }),
  /** Working days a written warning (Surat Peringatan) gives the employer to remedy (UU 24/2011 Art 17; PP 86/2013). */
  NOTICE_REMEDY_WORKING_DAYS: int(1, 90).default(10),
  REFERENCE_PATH: z.string().optional(),
  RULE_PARAMETERS: z.string().optional(),
  SELF_REPORT_MAX_BYTES: int(1024, 200 * 1024 * 1024).default(20 * 1024 * 1024),
  /** Rows per part of a submission (one JSON array, or one CSV file); 400 beyond. */
  SELF_REPORT_MAX_ROWS: int(1, 10_000_000).default(500000),
  /** Largest CSV or .xlsx BPJS load (#17), streamed into storage (JSON loads stay within SELF_REPORT_MAX_BYTES). */
  BPJS_LOAD_MAX_BYTES: int(1024, 4 * 1024 * 1024 * 1024).default(512 * 1024 * 1024),
  /** Rows per submission, all parts together; 400 beyond. */
  SELF_REPORT_MAX_TOTAL_ROWS: int(1, 10_000_000).default(500000),
  /** Contract rows per NIK in one submission: the rows beyond it are rejected one by one (field nik). */
  SELF_REPORT_MAX_CONTRACTS_PER_NIK: int(1, 100_000).default(100),
  /** An employer's reports queued or processing at once; a submission beyond it → 429 with Retry-After. */
  SELF_REPORT_MAX_IN_FLIGHT: int(1, 10_000).default(4),
  /** The Retry-After (seconds) of that 429. */
  SELF_REPORT_IN_FLIGHT_RETRY_S: int(1, 3600).default(30),
  /** Upload bodies one credential may have in the API at once (read before parsing); 429 beyond. */
  SELF_REPORT_MAX_CONCURRENT_PER_KEY: int(1, 1000).default(2),
  /** Upload bodies the API reads at once in all (about 10x a JSON body's size in memory each); 503 beyond. */
  SELF_REPORT_MAX_CONCURRENT_BODIES: int(1, 1000).default(6),
  /** Self-report submissions allowed per API key (or admin user) per SELF_REPORT_RATE_TTL_MS; 429 beyond. */
  SELF_REPORT_RATE_LIMIT: int(1, 100_000).default(30),
  SELF_REPORT_RATE_TTL_MS: int(1000, 86_400_000).default(60_000),
  /** How often each worker re-enqueues self-reports stored but left queued for over a minute; 0 turns it off. */
  SELF_REPORT_REQUEUE_MS: int(0, 3_600_000).default(30_000),
  /** Days an inspector has to act on a case, by severity (sets dueAt; past it the case escalates). */
  CASE_SLA_DAYS: z
    .string()
    .default('{"critical":7,"high":14,"medium":30,"low":60}')
    .transform((v, ctx) => {
      try {
        const o = JSON.parse(v) as Record<string, unknown>;
        const out = { critical: 0, high: 0, medium: 0, low: 0 };
        for (const k of Object.keys(out) as (keyof typeof out)[]) {
          const n = o[k];
          if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new Error(k);
          out[k] = n;
        }
        return out;
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: 'must be JSON like {"critical":7,"high":14,"medium":30,"low":60}',
        });
        return z.NEVER;
      }
    }),
  /**
   * On SIGTERM a worker stops taking jobs at once and waits this long for its active jobs; then it abandons them
   * (their transactions roll back, their locks lapse after JOB_LOCK_MS and another worker takes them) and exits.
   */
  WORKER_SHUTDOWN_MS: int(0, 600_000).default(10_000),
  /** BullMQ job lock: a worker that dies mid-job loses its job to another after about this long. */
  JOB_LOCK_MS: int(1000, 600_000).default(30_000),
  /**
   * The reaper (docs/operations.md): how often each worker looks for sweeps and self-reports that stopped moving;
   * 0 turns it off (then a batch failing for good is recorded failed at its last attempt, as before).
   */
  REAPER_INTERVAL_MS: int(0, 3_600_000).default(30_000),
  /** A sweep or self-report with no progress for this long has its jobs checked, and the lost ones re-driven. */
  REAPER_STUCK_MS: int(1000, 86_400_000).default(120_000),
  /** Rounds of re-driven jobs per sweep or self-report; after the last, what is still missing ends failed. */
  REAPER_MAX_REDRIVES: int(0, 20).default(3),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Alerts (docs/alerts.md): one attempt's time limit (webhook request or SMTP exchange). */
  WEBHOOK_TIMEOUT_MS: int(100, 120_000).default(10_000),
  /** Attempts per delivery before it ends `failed` (a resend grants as many again). */
  WEBHOOK_MAX_ATTEMPTS: int(1, 50).default(15),
  /** Retry backoff: base * 2^(attempt-1), capped at WEBHOOK_BACKOFF_MAX_MS. */
  WEBHOOK_BACKOFF_MS: int(10, 3_600_000).default(30_000),
  WEBHOOK_BACKOFF_MAX_MS: int(10, 86_400_000).default(6 * 3600_000),
  /** A subscription whose every attempt has failed for this long is paused and admins are told. */
  WEBHOOK_PAUSE_AFTER_MS: int(1000, 30 * 86_400_000).default(86_400_000),
  /** Private and loopback targets (10/8, 172.16/12, 192.168/16, 127/8, ::1, fc00::/7); default: allowed unless NODE_ENV=production. */
  WEBHOOK_ALLOW_PRIVATE: bool.optional(),
  /** Comma list of host names or IPs always allowed as webhook targets (overrides every address check). */
  WEBHOOK_ALLOWED_HOSTS: z.string().default(''),
  /** Webhook ports besides 80 and 443 (comma list), or * for any; unset: any outside production, 80/443 in it. */
  WEBHOOK_ALLOWED_PORTS: z
    .string()
    .regex(/^\s*(\*|\d{1,5}(\s*,\s*\d{1,5})*)\s*$/, 'must be * or a comma list of ports')
    .refine((v) => v.trim() === '*' || v.split(',').every((p) => +p >= 1 && +p <= 65535), 'ports are 1-65535')
    .optional(),
  /** Key for the webhook secrets at rest (AES-256-GCM); default: derived from JWT_SECRET. */
  ALERT_SECRET_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  /** How often each worker re-enqueues due deliveries (the outbox poller); 0 turns it off. */
  ALERT_POLL_MS: int(0, 3_600_000).default(5000),
  /** How often the escalation and digest checks run (when SCHEDULER_ENABLED). */
  ALERT_CHECK_MS: int(1000, 3_600_000).default(60_000),
  /** Local hour (BUSINESS_TZ) from which the day's digest.daily goes out. */
  DIGEST_HOUR: int(0, 23).default(7),
});

export type Env = z.infer<typeof envSchema>;

/** Parses the environment; throws a ConfigError naming the first variable at fault. Empty strings count as unset. */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const v = source[key];
    if (v !== undefined && v !== '') cleaned[key] = v;
  }
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    const value = cleaned[variable];
    const shown = value === undefined || /SECRET|PASSWORD|TOKEN/.test(variable) ? '' : ` (got "${value}")`;
    throw new ConfigError(variable, `${issue.message}${shown}`);
  }
  const env = result.data;
  if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
    throw new ConfigError('JWT_SECRET', 'must be set when NODE_ENV=production');
  }
  if (env.NODE_ENV === 'production' && env.WORKER_METRICS_PORT !== undefined && !env.METRICS_TOKEN) {
    throw new ConfigError(
      'METRICS_TOKEN',
      'must be set when WORKER_METRICS_PORT is set and NODE_ENV=production',
    );
  }
  if (!!env.BOOTSTRAP_ADMIN_EMAIL !== !!env.BOOTSTRAP_ADMIN_PASSWORD) {
    const missing = env.BOOTSTRAP_ADMIN_EMAIL ? 'BOOTSTRAP_ADMIN_PASSWORD' : 'BOOTSTRAP_ADMIN_EMAIL';
    throw new ConfigError(missing, 'must be set together with its pair (email and password)');
  }
  return env;
}
