import { readFileSync } from 'fs';
import { join } from 'path';
import { createConnection } from 'mysql2/promise';
import { withDatabase } from '@patuh/config';
import { hashPassword } from '@patuh/core';
import { dropDatabase, migrateUp } from '@patuh/persistence';
import { generate } from '../../../scripts/generate';
import { AppProcess, freePort, until } from './procs';

const reference = JSON.parse(readFileSync(join(__dirname, '../../../reference/kutim.json'), 'utf8')) as {
  regency: { districts: string[] };
  minimumWage: { umk: Record<string, number> };
};

export const AS_OF = '2025-06-30';
/** The seeded data every scenario of a file shares: small enough for CI, enough batches to be caught mid-sweep. */
export const DATA = { workers: 12000, employers: 240, seed: 11, asOf: AS_OF };
export const BATCH = '4'; // 240 employers in 60 batches

export interface SweepView {
  id: number;
  status: string;
  employersTotal: number;
  employersDone: number;
  employersFailed?: number;
  casesOpened: number;
  casesResolved?: number;
  casesReopened?: number;
  [k: string]: unknown;
}

/** What a sweep leaves behind, compared with a clean run's: the case set (identity and content) and its counts. */
export interface Outcome {
  sweep: Pick<SweepView, 'status' | 'employersTotal' | 'employersDone' | 'casesOpened'> & {
    employersFailed: unknown;
    batches: number;
  };
  cases: string[];
  detectedEvents: number;
}

/**
 * One fault scenario's stack: a database patuh_f_<tag>_<pid> (on the shared MariaDB or a private one), a Redis
 * URL (always a private redis-server), the real API and workers as processes. Every process it starts it kills.
 */
export class FaultStack {
  readonly dbName: string;
  readonly dbUrl: string;
  readonly env: Record<string, string>;
  readonly procs: AppProcess[] = [];
  api?: AppProcess;
  apiPort = 0;
  token = '';

  constructor(tag: string, baseDbUrl: string, redisUrl: string, env: Record<string, string> = {}) {
    this.dbName = `patuh_f_${tag}_${process.pid}`.slice(0, 64);
    this.dbUrl = withDatabase(baseDbUrl, this.dbName);
    this.env = {
      NODE_ENV: 'test',
      DATABASE_URL: this.dbUrl,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: `f_${tag}`.slice(0, 40),
      JWT_SECRET: 'fault-secret-fault-secret-0123456789',
      LOG_LEVEL: 'silent',
      SCHEDULER_ENABLED: 'false',
      SWEEP_BATCH_SIZE: BATCH,
      JOB_LOCK_MS: '2000',
      SELF_REPORT_RATE_LIMIT: '1000',
      // The reaper looks every second and re-drives what has not moved for 5 s (defaults: 30 s and 2 min).
      REAPER_INTERVAL_MS: '1000',
      REAPER_STUCK_MS: '5000',
      SELF_REPORT_MAX_IN_FLIGHT: '1000',
      SELF_REPORT_MAX_CONCURRENT_PER_KEY: '1000',
      SELF_REPORT_MAX_CONCURRENT_BODIES: '1000',
      ...env,
    };
  }

  /** Fresh schema, the seeded data, a supervisor and an admin. */
  async seed(data = true): Promise<this> {
    await dropDatabase(this.dbUrl);
    await migrateUp(this.dbUrl);
    if (data)
      await generate(
        this.dbUrl,
        { ...DATA, reset: true, quiet: true },
        reference.regency.districts,
        reference.minimumWage.umk,
      );
    const hash = await hashPassword('password-123');
    await this.sql(
      `INSERT INTO users (email, name, role, password_hash) VALUES ('sup@f.local', 'Supervisor', 'supervisor', ?), ('adm@f.local', 'Admin', 'admin', ?)`,
      [hash, hash],
    );
    return this;
  }

  async sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
    const c = await createConnection({ uri: this.dbUrl, connectTimeout: 3000, dateStrings: true });
    try {
      const [rows] = await c.query(query, params);
      return rows as T[];
    } finally {
      await c.end();
    }
  }

  async startApi(env: Record<string, string> = {}): Promise<AppProcess> {
    if (!this.apiPort) this.apiPort = await freePort(21000);
    this.api = new AppProcess('api', { ...this.env, PORT: String(this.apiPort), ...env });
    this.procs.push(this.api);
    await this.api.ready();
    return this.api;
  }

  startWorker(env: Record<string, string> = {}): AppProcess {
    const w = new AppProcess('worker', { ...this.env, WORKER_CONCURRENCY: '1', ...env });
    this.procs.push(w);
    return w;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.apiPort}${path}`;
  }

  async http(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of many shapes, read by the scenarios
  ): Promise<{ status: number; body: any }> {
    const res = await fetch(this.url(path), {
      method,
      headers: {
        ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  async login(email = 'sup@f.local'): Promise<string> {
    const res = await this.http('POST', '/api/v1/auth/login', { email, password: 'password-123' });
    if (res.status !== 200) throw new Error(`login: ${res.status}`);
    this.token = res.body.accessToken as string;
    return this.token;
  }

  async startSweep(asOf = AS_OF): Promise<number> {
    const res = await this.http('POST', '/api/v1/sweeps', { asOf });
    if (res.status !== 202) throw new Error(`sweep: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as number;
  }

  /** Progress straight from the database, so it can be read while the API is down too. */
  async progress(id: number): Promise<{ status: string; done: number; total: number; batches: number }> {
    const [s] = await this.sql<{ status: string; done: number; total: number; batches: number }>(
      // Batches record their progress in sweep_batches; the sweep row's counters are settled at the end.
      `SELECT s.status, s.employers_total AS total,
              (SELECT COALESCE(SUM(b.employers), 0) FROM sweep_batches b WHERE b.sweep_id = s.id) AS done,
              (SELECT COUNT(*) FROM sweep_batches b WHERE b.sweep_id = s.id) AS batches
         FROM sweeps s WHERE s.id = ?`,
      [id],
    );
    return { status: s!.status, done: Number(s!.done), total: Number(s!.total), batches: Number(s!.batches) };
  }

  /** Waits until the sweep has evaluated at least `min` employers and is not finished: "mid-sweep". */
  async midSweep(id: number, min = 8): Promise<void> {
    const p = await until(
      'mid-sweep',
      async () => {
        const s = await this.progress(id);
        return s.done >= min || s.status === 'completed' || s.status === 'failed' ? s : undefined;
      },
      120_000,
      20,
    );
    if (p.status !== 'running' || p.done >= p.total)
      throw new Error(`the sweep was not caught mid-way (${JSON.stringify(p)}): slow it down with more data`);
  }

  async finished(id: number, timeoutMs = 180_000): Promise<string> {
    return until(
      `sweep ${id} ends`,
      async () => {
        const s = await this.progress(id);
        return s.status === 'completed' || s.status === 'failed' ? s.status : undefined;
      },
      timeoutMs,
      200,
    );
  }

  /** The case set and the sweep's counts, in a form two runs can be compared with toEqual. */
  async outcome(id: number): Promise<Outcome> {
    const [s] = await this.sql<Record<string, unknown>>(
      `SELECT status, employers_total, employers_done, employers_failed, cases_opened, failed_employer_ids,
              (SELECT COUNT(*) FROM sweep_batches b WHERE b.sweep_id = s.id) AS batches
         FROM sweeps s WHERE id = ?`,
      [id],
    );
    const cases = await this.sql<{ k: string }>(
      `SELECT CONCAT_WS('|', rule, employer_id, subject_key, severity, status, amount_at_stake, evidence_hash) AS k
         FROM cases ORDER BY rule, employer_id, subject_key`,
    );
    const [ev] = await this.sql<{ n: number }>(
      `SELECT COUNT(*) AS n FROM case_events WHERE type = 'detected'`,
    );
    const dup = await this.sql(
      `SELECT case_id FROM case_events WHERE type = 'detected' GROUP BY case_id HAVING COUNT(*) > 1`,
    );
    if (dup.length) throw new Error(`cases detected twice: ${JSON.stringify(dup.slice(0, 5))}`);
    return {
      sweep: {
        status: String(s!.status),
        employersTotal: Number(s!.employers_total),
        employersDone: Number(s!.employers_done),
        employersFailed: Number(s!.employers_failed),
        casesOpened: Number(s!.cases_opened),
        batches: Number(s!.batches),
      },
      cases: cases.map((c) => c.k),
      detectedEvents: Number(ev!.n),
    };
  }

  async teardown(keepDb = false): Promise<void> {
    for (const p of this.procs) await p.kill('SIGKILL');
    if (!keepDb && !process.env.KEEP_TEST_DB) await dropDatabase(this.dbUrl).catch(() => undefined);
  }
}

/** The outcome of a clean run on the same seeded data: one API, one worker, no fault. */
export async function cleanRun(baseDbUrl: string, redisUrl: string, tag: string): Promise<Outcome> {
  const s = new FaultStack(`${tag}_clean`, baseDbUrl, redisUrl);
  try {
    await s.seed();
    await s.startApi();
    await s.startWorker({ WORKER_CONCURRENCY: '2' }).ready();
    await s.login();
    const id = await s.startSweep();
    await s.finished(id);
    const o = await s.outcome(id);
    if (o.sweep.status !== 'completed' || o.cases.length === 0)
      throw new Error(`bad clean run ${JSON.stringify(o.sweep)}`);
    return o;
  } finally {
    await s.teardown();
  }
}
