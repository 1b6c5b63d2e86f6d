import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { generate } from '../scripts/generate';
import { bearer, eventually, login, TestStack } from './support/stack';

/**
 * A worker killed with SIGKILL mid-sweep: its open transaction is rolled back by MySQL (no half-written case),
 * its job's lock lapses, another worker takes the job again, and the sweep completes with every case made once.
 */
describe('engine under a crash (kill -9 mid-sweep)', () => {
  const LOCK = '2000';
  const stack = new TestStack('engine_crash', { SWEEP_BATCH_SIZE: '4', JOB_LOCK_MS: LOCK });
  let api: INestApplication;
  let ds: DataSource;
  let token: string;

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    const ref = stack.config.reference as {
      regency: { districts: string[] };
      minimumWage: { umk: Record<string, number> };
    };
    await generate(
      stack.env.DATABASE_URL,
      { workers: 12000, employers: 240, reset: true, seed: 11, asOf: '2025-06-30', quiet: true },
      ref.regency.districts,
      ref.minimumWage.umk,
    );
    const sup = await stack.createUser('supervisor');
    api = await stack.startApi();
    token = await login(api, sup.email, sup.password);
  }, 120_000);
  afterAll(() => stack.teardown());

  it('completes the sweep after the worker is killed, with no case half-written or doubled', async () => {
    const child = stack.spawnWorker({ WORKER_CONCURRENCY: '1', LOG_LEVEL: 'silent' });
    const created = await request(api.getHttpServer())
      .post('/api/v1/sweeps')
      .set(bearer(token))
      .send({ asOf: '2025-06-30' });
    expect(created.status).toBe(202);
    const id = created.body.id as number;
    const progress = async () =>
      (await request(api.getHttpServer()).get(`/api/v1/sweeps/${id}`).set(bearer(token))).body;

    // Mid-sweep: some batches committed, many still to go.
    const mid = await eventually(
      async () => {
        const s = await progress();
        return s.employersDone >= 8 ? s : undefined;
      },
      90_000,
      20,
    );
    expect(mid.status).toBe('running');
    expect(mid.employersDone).toBeLessThan(mid.employersTotal);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    // Whatever committed is whole: every case has exactly its one 'detected' event.
    const orphans = await ds.query(
      `SELECT c.id FROM cases c LEFT JOIN case_events e ON e.case_id = c.id AND e.type = 'detected' WHERE e.id IS NULL`,
    );
    expect(orphans).toEqual([]);
    const stuck = await progress();
    expect(stuck.status).toBe('running');

    // A worker comes back; the stalled job is taken again and the sweep ends.
    await stack.startWorker({ JOB_LOCK_MS: LOCK });
    const done = await eventually(
      async () => {
        const s = await progress();
        return s.status === 'completed' || s.status === 'failed' ? s : undefined;
      },
      90_000,
      200,
    );
    expect(done.status).toBe('completed');
    expect(done.employersDone).toBe(done.employersTotal);
    expect(done.employersTotal).toBe(240);

    const dup = await ds.query(
      `SELECT case_id FROM case_events WHERE type = 'detected' GROUP BY case_id HAVING COUNT(*) > 1`,
    );
    expect(dup).toEqual([]);
    const [{ n }] = (await ds.query('SELECT COUNT(*) AS n FROM cases')) as { n: number }[];
    expect(done.casesOpened).toBe(Number(n));
    const batches = (await ds.query('SELECT COUNT(*) AS n FROM sweep_batches WHERE sweep_id = ?', [id])) as {
      n: number;
    }[];
    expect(Number(batches[0]!.n)).toBe(60);
  }, 180_000);
});
