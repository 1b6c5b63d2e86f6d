import { INestApplication } from '@nestjs/common';
import { readFileSync } from 'fs';
import { join } from 'path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadConfig } from '@patuh/config';
import { WorkerMetricsServer } from '@patuh/core';
import { createApiApp } from '../apps/api/src/bootstrap';
import { bearer, eventually, login, TestStack } from './support/stack';
import { Seed } from './support/seed';

/** The value of one sample in Prometheus text, by metric name and (a subset of) its labels; undefined if absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries(
      [...(m[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[4]);
  }
  return undefined;
}

/** GET over plain HTTP (the worker's listener is not a Nest app under supertest). */
async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

describe('metrics for operators (issue #16): /metrics behind a token, queue, sweep, case, delivery gauges', () => {
  const TOKEN = 'metrics-token-0123456789abcdef';
  // Port 0: the OS picks a free one (a fixed port collided with another process in CI); the server reports it.
  const WORKER_METRICS_PORT = '0';
  // No cache in this suite (every scrape reads the database afresh); the cache has its unit test.
  const stack = new TestStack('metrics', {
    METRICS_TOKEN: TOKEN,
    METRICS_CACHE_MS: '0',
    METRICS_SWEEP_STUCK_SECONDS: '600',
  });
  let api: INestApplication;
  let ds: DataSource;
  let seed: Seed;
  let token: string;
  const scrape = async () => {
    const res = await request(api.getHttpServer()).get('/metrics').set(bearer(TOKEN));
    expect(res.status).toBe(200);
    return res.text;
  };

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    seed = new Seed(ds);
    const sup = await stack.createUser('supervisor');
    api = await stack.startApi(); // no worker yet: jobs stay waiting, seeded sweeps stay as seeded
    token = await login(api, sup.email, sup.password);
  });
  afterAll(() => stack.teardown());

  it('refuses /metrics without the token (401) and with a wrong one (401); serves it with the right one', async () => {
    const http = request(api.getHttpServer());
    const none = await http.get('/metrics');
    expect(none.status).toBe(401);
    expect(none.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(none.text).not.toMatch(/patuh_/);
    for (const wrong of ['Bearer not-the-token-0123456789', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`, TOKEN]) {
      const res = await http.get('/metrics').set('Authorization', wrong);
      expect(res.status).toBe(401);
      expect(res.text).not.toMatch(/patuh_/);
    }
    // A user's access token is not the metrics token either.
    expect((await http.get('/metrics').set(bearer(token))).status).toBe(401);

    const ok = await http.get('/metrics').set(bearer(TOKEN));
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of [
      'patuh_http_request_duration_seconds',
      'patuh_queue_jobs',
      'patuh_queue_oldest_waiting_age_seconds',
      'patuh_queue_metrics_up',
      'patuh_db_metrics_up',
      'patuh_sweeps_running',
      'patuh_sweeps_stuck',
      'patuh_sweep_employers',
      'patuh_sweep_batches',
      'patuh_cases',
      'patuh_alert_deliveries',
      'patuh_alert_deliveries_retrying',
      'patuh_alert_deliveries_oldest_pending_age_seconds',
      'patuh_self_reports',
      'patuh_self_reports_oldest_pending_age_seconds',
      'patuh_process_resident_memory_bytes',
    ])
      expect(ok.text).toContain(`# TYPE ${name} `);
    expect(sample(ok.text, 'patuh_db_metrics_up')).toBe(1);
    expect(sample(ok.text, 'patuh_queue_metrics_up')).toBe(1);
  });

  it('is off (404) in production when METRICS_TOKEN is unset, and open outside production', async () => {
    const env = Object.fromEntries(Object.entries(stack.rawEnv).filter(([k]) => k !== 'METRICS_TOKEN'));
    for (const [nodeEnv, expected] of [
      ['production', 404],
      ['development', 200],
    ] as const) {
      const app = await createApiApp(loadConfig({ ...env, NODE_ENV: nodeEnv }), { logger: false });
      try {
        await app.init();
        await app.getHttpAdapter().getInstance().ready();
        const res = await request(app.getHttpServer()).get('/metrics');
        expect(res.status).toBe(expected);
        if (expected === 404) expect(res.text).not.toMatch(/patuh_/);
        else expect(res.text).toContain('patuh_sweeps_stuck');
      } finally {
        await app.close();
      }
    }
  });

  it('counts a running sweep with no batch recorded past the threshold in patuh_sweeps_stuck, with its progress', async () => {
    const hourAgo = new Date(Date.now() - 3600_000);
    const insertRunning = async (employersTotal: number, batchesTotal: number) =>
      Number(
        (
          (await ds.query(
            `INSERT INTO sweeps (status, as_of, employers_total, batches_total, created_at, started_at)
             VALUES ('running', '2025-06-30', ?, ?, ?, ?)`,
            [employersTotal, batchesTotal, hourAgo, hourAgo],
          )) as { insertId: number }
        ).insertId,
      );
    const stuck = await insertRunning(400, 2); // started an hour ago, no batch since: stuck
    const moving = await insertRunning(600, 3); // started an hour ago, a batch just now: moving
    await ds.query(
      `INSERT INTO sweep_batches (sweep_id, batch_no, employers, finished_at) VALUES (?, 0, 200, ?), (?, 1, 200, ?)`,
      [moving, new Date(Date.now() - 7200_000), moving, new Date()],
    );
    try {
      let text = await scrape();
      expect(sample(text, 'patuh_sweeps_running')).toBe(2);
      expect(sample(text, 'patuh_sweeps_stuck')).toBe(1);
      expect(sample(text, 'patuh_sweep_employers', { sweep_id: String(stuck), state: 'total' })).toBe(400);
      expect(sample(text, 'patuh_sweep_employers', { sweep_id: String(stuck), state: 'done' })).toBe(0);
      expect(sample(text, 'patuh_sweep_employers', { sweep_id: String(moving), state: 'done' })).toBe(400);
      expect(sample(text, 'patuh_sweep_batches', { sweep_id: String(moving), state: 'done' })).toBe(2);
      expect(sample(text, 'patuh_sweep_batches', { sweep_id: String(moving), state: 'total' })).toBe(3);
      expect(sample(text, 'patuh_sweep_progress_age_seconds', { sweep_id: String(stuck) })).toBeGreaterThan(
        600,
      );
      expect(sample(text, 'patuh_sweep_progress_age_seconds', { sweep_id: String(moving) })).toBeLessThan(
        600,
      );

      // Ended: no longer running, no longer stuck, its series gone.
      await ds.query(`UPDATE sweeps SET status = 'failed', finished_at = ? WHERE id = ?`, [
        new Date(),
        stuck,
      ]);
      text = await scrape();
      expect(sample(text, 'patuh_sweeps_stuck')).toBe(0);
      expect(sample(text, 'patuh_sweeps_running')).toBe(1);
      expect(sample(text, 'patuh_sweep_employers', { sweep_id: String(stuck) })).toBeUndefined();
    } finally {
      await ds.query('DELETE FROM sweep_batches WHERE sweep_id IN (?)', [[stuck, moving]]);
      await ds.query('DELETE FROM sweeps WHERE id IN (?)', [[stuck, moving]]);
    }
  });

  it('counts self-reports and alert deliveries by status, with the oldest pending', async () => {
    const employerId = await seed.employer({ npp: '24000099' });
    const received = new Date(Date.now() - 7200_000);
    await ds.query(
      `INSERT INTO self_reports (employer_id, body_hash, format, status, received_at) VALUES
         (?, ?, 'json', 'queued', ?), (?, ?, 'json', 'processed', ?), (?, ?, 'json', 'processed', ?)`,
      [
        employerId,
        'a'.repeat(64),
        received,
        employerId,
        'b'.repeat(64),
        received,
        employerId,
        'c'.repeat(64),
        received,
      ],
    );
    const sub = (await ds.query(
      `INSERT INTO alert_subscriptions (channel, target, events) VALUES ('webhook', 'https://example.org/hook', 'case.opened')`,
    )) as { insertId: number };
    const created = new Date(Date.now() - 1800_000);
    for (const [i, status, attempts] of [
      [1, 'pending', 3],
      [2, 'pending', 0],
      [3, 'delivered', 1],
      [4, 'undeliverable', 1],
    ] as const)
      await ds.query(
        `INSERT INTO alert_deliveries (uuid, subscription_id, event, dedupe_key, payload, status, attempts, created_at)
         VALUES (UUID(), ?, 'case.opened', ?, '{}', ?, ?, ?)`,
        [sub.insertId, `k${i}`, status, attempts, created],
      );

    const text = await scrape();
    expect(sample(text, 'patuh_self_reports', { status: 'queued' })).toBe(1);
    expect(sample(text, 'patuh_self_reports', { status: 'processed' })).toBe(2);
    expect(
      sample(text, 'patuh_self_reports_oldest_pending_age_seconds', { status: 'queued' }),
    ).toBeGreaterThan(3600);
    expect(
      sample(text, 'patuh_self_reports_oldest_pending_age_seconds', { status: 'processed' }),
    ).toBeUndefined();
    expect(sample(text, 'patuh_alert_deliveries', { status: 'pending' })).toBe(2);
    expect(sample(text, 'patuh_alert_deliveries', { status: 'delivered' })).toBe(1);
    expect(sample(text, 'patuh_alert_deliveries', { status: 'undeliverable' })).toBe(1);
    expect(sample(text, 'patuh_alert_deliveries_retrying')).toBe(1);
    expect(sample(text, 'patuh_alert_deliveries_pending_attempts')).toBe(3);
    expect(sample(text, 'patuh_alert_deliveries_oldest_pending_age_seconds')).toBeGreaterThan(1000);
    await ds.query('DELETE FROM alert_deliveries');
    await ds.query('DELETE FROM alert_subscriptions');
    await ds.query('DELETE FROM self_reports');
  });

  it('shows a waiting job in the queue gauges; a worker runs it, and its duration is in the worker’s histogram', async () => {
    // An employer with a worker on a contract and no NPP: the sweep opens cases.
    const employerId = await seed.employer({ npp: null, district: 'Bengalon' });
    const workerId = await seed.worker('6408010101900001');
    await seed.contract({ employerId, workerId, ref: 'M-1', start: '2025-01-01', end: '2025-12-31' });

    const created = await request(api.getHttpServer())
      .post('/api/v1/sweeps')
      .set(bearer(token))
      .send({ asOf: '2025-06-30', employerIds: [employerId] });
    expect(created.status).toBe(202);
    // No worker runs yet: the start job waits, and its wait is measured.
    const waiting = await eventually(async () => {
      const text = await scrape();
      const age = sample(text, 'patuh_queue_oldest_waiting_age_seconds', { queue: 'evaluation' });
      return age !== undefined && age > 0 ? text : undefined;
    });
    // Evaluation jobs carry a fair-queueing priority (issue #16 item 5), so BullMQ keeps them in its prioritized set.
    const queued = (state: string) =>
      sample(waiting, 'patuh_queue_jobs', { queue: 'evaluation', state }) ?? 0;
    expect(queued('waiting') + queued('prioritized')).toBe(1);
    expect(sample(waiting, 'patuh_queue_oldest_waiting_age_seconds', { queue: 'ingest' })).toBe(0);

    const worker = await stack.startWorker({ WORKER_METRICS_PORT });
    const port = worker.get(WorkerMetricsServer).port;
    expect(port).toBeGreaterThan(0);
    await eventually(async () => {
      const s = await request(api.getHttpServer())
        .get(`/api/v1/sweeps/${created.body.id}`)
        .set(bearer(token));
      return s.body.status === 'completed' ? true : undefined;
    });

    const url = `http://127.0.0.1:${port}/metrics`;
    expect((await get(url)).status).toBe(401);
    expect((await get(url, { Authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401);
    expect((await get(`http://127.0.0.1:${port}/other`, bearer(TOKEN))).status).toBe(404);
    const res = await get(url, bearer(TOKEN));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const labels = { queue: 'evaluation', outcome: 'success' };
    expect(sample(res.text, 'patuh_job_duration_seconds_count', { ...labels, job: 'sweep-start' })).toBe(1);
    expect(
      sample(res.text, 'patuh_job_duration_seconds_count', { ...labels, job: 'evaluate-batch' }),
    ).toBeGreaterThanOrEqual(1);
    expect(res.text).toContain('# TYPE patuh_job_duration_seconds histogram');
    // Every employer of this first sweep ran the rules (no memo to answer from yet).
    expect(sample(res.text, 'patuh_employer_evaluations_total', { outcome: 'rules' })).toBeGreaterThanOrEqual(
      1,
    );
    expect(sample(res.text, 'patuh_employer_evaluations_total', { outcome: 'memo' })).toBe(0);
    expect(res.text).toContain('patuh_process_resident_memory_bytes');

    // The API's gauges now show the sweep completed and its cases.
    const text = await scrape();
    expect(sample(text, 'patuh_sweep_last_completed_timestamp_seconds')).toBeGreaterThan(0);
    expect(sample(text, 'patuh_sweeps_running')).toBe(0);
    expect(sample(text, 'patuh_cases', { status: 'open' })).toBeGreaterThanOrEqual(1);
    const [{ n }] = (await ds.query(
      `SELECT COUNT(*) AS n FROM cases WHERE status = 'open' AND severity = 'high'`,
    )) as {
      n: string;
    }[];
    expect(sample(text, 'patuh_cases', { status: 'open', severity: 'high' }) ?? 0).toBe(Number(n));
    expect(sample(text, 'patuh_queue_jobs', { queue: 'evaluation', state: 'waiting' })).toBe(0);

    // Every metric the documented alert rules use is one the API or the worker exports (no rule watches nothing).
    const rules = readFileSync(join(__dirname, '../docs/alerts.rules.yml'), 'utf8');
    const used = new Set(
      [...rules.matchAll(/\bpatuh_\w+/g)].map((m) => m[0].replace(/_(bucket|count|sum)$/, '')),
    );
    expect(used.size).toBeGreaterThan(10);
    const exported = text + res.text;
    for (const name of used) expect([name, exported.includes(`# TYPE ${name} `)]).toEqual([name, true]);
  });
});
