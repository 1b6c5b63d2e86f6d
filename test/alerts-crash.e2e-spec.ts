import { INestApplication } from '@nestjs/common';
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, eventually, login, TestStack } from './support/stack';
import { Seed } from './support/seed';

/**
 * A worker killed with SIGKILL while a webhook request is in flight: the delivery's claim lease lapses, another
 * worker makes the next attempt with the same X-Patuh-Delivery id (at-least-once on the wire), and the database
 * ends with exactly one 'delivered' and both attempts recorded (the first as abandoned).
 */
describe('alerts under a crash (kill -9 mid-send)', () => {
  const stack = new TestStack('alerts_crash', {
    WEBHOOK_TIMEOUT_MS: '1500',
    WEBHOOK_BACKOFF_MS: '100',
    ALERT_POLL_MS: '300',
    JOB_LOCK_MS: '2000',
  });
  let api: INestApplication;
  let ds: DataSource;
  let token: string;
  let server: Server;
  const hits: { delivery: string; body: string }[] = [];
  let hang = true;
  let firstHit: (() => void) | undefined;

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        hits.push({
          delivery: String(req.headers['x-patuh-delivery']),
          body: Buffer.concat(chunks).toString(),
        });
        if (hang) {
          firstHit?.();
          return; // never answer: the worker is killed while waiting
        }
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const sup = await stack.createUser('supervisor');
    api = await stack.startApi();
    token = await login(api, sup.email, sup.password);
  });
  afterAll(async () => {
    await stack.teardown();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('ends with exactly one delivered and every attempt recorded', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const sub = await request(api.getHttpServer())
      .post('/api/v1/alert-subscriptions')
      .set(bearer(token))
      .send({ channel: 'webhook', target: url, events: ['case.opened'], minSeverity: 'low' });
    expect(sub.status).toBe(201);

    const seed = new Seed(ds);
    const employerId = await seed.employer({ scale: 'small', npp: null, district: 'Bengalon' });
    const w = await seed.worker('6408019999000001');
    await seed.contract({ employerId, workerId: w, ref: 'K-1', start: '2025-01-01', end: '2025-12-31' });

    const child = stack.spawnWorker({ WORKER_CONCURRENCY: '1', LOG_LEVEL: 'silent' });
    const inFlight = new Promise<void>((r) => (firstHit = r));
    const sweep = await request(api.getHttpServer())
      .post('/api/v1/sweeps')
      .set(bearer(token))
      .send({ asOf: '2025-06-30' });
    expect(sweep.status).toBe(202);
    await inFlight; // the child is sending the first delivery and waiting for an answer
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const killed = hits[0]!.delivery;
    const [mid] = (await ds.query('SELECT status, attempts FROM alert_deliveries WHERE uuid = ?', [
      killed,
    ])) as { status: string; attempts: number }[];
    expect(mid).toMatchObject({ status: 'pending', attempts: 1 });

    hang = false;
    await stack.startWorker();
    const all = await eventually(
      async () => {
        const rows = (await ds.query('SELECT id, uuid, status, attempts FROM alert_deliveries')) as {
          id: number;
          uuid: string;
          status: string;
          attempts: number;
        }[];
        return rows.length > 0 && rows.every((r) => r.status === 'delivered') ? rows : undefined;
      },
      60_000,
      200,
    );
    const cases = (await ds.query('SELECT COUNT(*) AS n FROM cases')) as { n: number }[];
    expect(all).toHaveLength(Number(cases[0]!.n));

    const crashed = all.find((r) => r.uuid === killed)!;
    expect(crashed.attempts).toBe(2);
    const attempts = (await ds.query(
      'SELECT attempt, http_status, error FROM alert_attempts WHERE delivery_id = ? ORDER BY attempt',
      [crashed.id],
    )) as { attempt: number; http_status: number | null; error: string | null }[];
    expect(attempts).toEqual([
      { attempt: 1, http_status: null, error: expect.stringMatching(/^abandoned/) },
      { attempt: 2, http_status: 204, error: null },
    ]);
    // The receiver saw the killed attempt and its repeat, with the same id and body; every other delivery once.
    const mine = hits.filter((h) => h.delivery === killed);
    expect(mine).toHaveLength(2);
    expect(mine[1]!.body).toBe(mine[0]!.body);
    for (const r of all.filter((x) => x.uuid !== killed)) {
      expect(hits.filter((h) => h.delivery === r.uuid)).toHaveLength(1);
      expect(r.attempts).toBe(1);
    }
  }, 120_000);
});
