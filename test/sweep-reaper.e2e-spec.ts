import { INestApplication } from '@nestjs/common';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { SweepReaper, SweepsService } from '@patuh/engine';
import { JobName, jobIds, JobProducer, QueueName, redisOptions } from '@patuh/queues';
import { SelfReportsReaper, SelfReportsService } from '@patuh/self-reports';
import { generate } from '../scripts/generate';
import { bearer, eventually, login, TestStack } from './support/stack';

/**
 * Sweeps and self-reports that always end (issue #16): the reaper finds those whose jobs Redis lost or that failed
 * for good and re-drives them from the database, or ends them failed with the employers listed; job ids carry the
 * row's incarnation, so a database restored from a backup (same ids again) is not blocked by the jobs Redis kept.
 * The reaper's timer is off here (an hour); each test calls `tick(at)` with a moment past REAPER_STUCK_MS.
 */
describe('the reaper: sweeps and self-reports that always end', () => {
  const stack = new TestStack('sweep_reaper', {
    SWEEP_BATCH_SIZE: '4', // 24 employers: 6 batches
    REAPER_INTERVAL_MS: '3600000',
    REAPER_STUCK_MS: '1000',
    REAPER_MAX_REDRIVES: '1',
    SELF_REPORT_REQUEUE_MS: '0',
  });
  let api: INestApplication;
  let ds: DataSource;
  let token: string;
  let worker: INestApplication | undefined;
  /** Each look is a minute past the last, so the lease of the previous look has lapsed. */
  let clock = Date.now() + 60_000;
  const later = () => new Date((clock += 60_000));

  const evaluation = () => api.get(JobProducer).queue(QueueName.Evaluation);
  const sweep = async (id: number) =>
    (await request(api.getHttpServer()).get(`/api/v1/sweeps/${id}`).set(bearer(token))).body;
  const ended = (id: number) =>
    eventually(
      async () => {
        const s = await sweep(id);
        return s.status === 'completed' || s.status === 'failed' ? s : undefined;
      },
      60_000,
      100,
    );
  const recorded = async (id: number) =>
    Number(
      (
        (await ds.query('SELECT COUNT(*) AS n FROM sweep_batches WHERE sweep_id = ?', [id])) as {
          n: number;
        }[]
      )[0]!.n,
    );
  const batchesTotal = async (id: number) =>
    Number(
      ((await ds.query('SELECT batches_total AS n FROM sweeps WHERE id = ?', [id])) as { n: number }[])[0]!.n,
    );
  const created = async (id: number) =>
    new Date(
      ((await ds.query('SELECT created_at AS c FROM sweeps WHERE id = ?', [id])) as { c: Date }[])[0]!.c,
    );
  /** A sweep stored and planned (batch jobs waiting), its start job gone: no worker has seen it. */
  const planned = async (): Promise<{ id: number; createdAt: Date }> => {
    const res = await request(api.getHttpServer())
      .post('/api/v1/sweeps')
      .set(bearer(token))
      .send({ asOf: '2025-06-30' })
      .expect(202);
    const id = res.body.id as number;
    const createdAt = await created(id);
    await api.get(SweepsService).start(id);
    await evaluation().remove(jobIds.sweepStart(id, createdAt));
    return { id, createdAt };
  };
  const stopWorker = async () => {
    await worker?.close();
    worker = undefined;
  };

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    const ref = stack.config.reference as {
      regency: { districts: string[] };
      minimumWage: { umk: Record<string, number> };
    };
    await generate(
      stack.env.DATABASE_URL,
      { workers: 1200, employers: 24, reset: true, seed: 5, asOf: '2025-06-30', quiet: true },
      ref.regency.districts,
      ref.minimumWage.umk,
    );
    const sup = await stack.createUser('supervisor');
    api = await stack.startApi();
    token = await login(api, sup.email, sup.password);
  }, 120_000);
  afterEach(() => stopWorker());
  afterAll(() => stack.teardown());

  it('a database restored while Redis kept its jobs: the new sweep reuses the id and still runs (no collision)', async () => {
    worker = await stack.startWorker();
    const first = (
      await request(api.getHttpServer())
        .post('/api/v1/sweeps')
        .set(bearer(token))
        .send({ asOf: '2025-06-30' })
        .expect(202)
    ).body.id as number;
    expect((await ended(first)).status).toBe('completed');
    // Redis keeps the completed sweep-<id>-… jobs; the "restored" database has no sweeps and hands out the id again.
    await ds.query('DELETE FROM sweep_batches');
    await ds.query('DELETE FROM sweeps');
    await ds.query('ALTER TABLE sweeps AUTO_INCREMENT = 1');
    const again = (
      await request(api.getHttpServer())
        .post('/api/v1/sweeps')
        .set(bearer(token))
        .send({ asOf: '2025-06-30' })
        .expect(202)
    ).body.id as number;
    expect(again).toBe(first);
    const done = await ended(again);
    expect(done).toMatchObject({ status: 'completed', employersDone: 24, employersTotal: 24 });
    expect(await recorded(again)).toBe(await batchesTotal(again));
  });

  it('lost batches (Redis lost their jobs) are re-driven from the database and the sweep completes', async () => {
    const { id, createdAt } = await planned();
    // Redis loses two of the six batch jobs.
    await evaluation().remove(jobIds.evaluateBatch(id, createdAt, 1));
    await evaluation().remove(jobIds.evaluateBatch(id, createdAt, 4));
    const total = await batchesTotal(id);
    expect(total).toBeGreaterThanOrEqual(5);
    worker = await stack.startWorker();
    await eventually(async () => ((await recorded(id)) === total - 2 ? true : undefined), 60_000, 50);
    expect((await sweep(id)).status).toBe('running'); // stuck: nothing would ever run batches 1 and 4

    expect((await worker.get(SweepReaper).tick(later())).get(id)).toBe('redriven');
    const done = await ended(id);
    expect(done).toMatchObject({ status: 'completed', employersDone: 24, employersFailed: 0 });
    expect(await recorded(id)).toBe(total);
    const [{ r }] = (await ds.query('SELECT redrives AS r FROM sweeps WHERE id = ?', [id])) as {
      r: number;
    }[];
    expect(Number(r)).toBe(1);
    // A later look changes nothing: the sweep is closed.
    expect((await worker.get(SweepReaper).tick(later())).has(id)).toBe(false);
    const dup = await ds.query(
      `SELECT case_id FROM case_events WHERE type = 'detected' GROUP BY case_id HAVING COUNT(*) > 1`,
    );
    expect(dup).toEqual([]);
  });

  it('a start that failed after setting running (no batch ever enqueued), and one lost while queued, are re-driven', async () => {
    // Running, every batch planned, no job: as if the start died between markRunning and the enqueue.
    const { id, createdAt } = await planned();
    for (let n = 0; n < (await batchesTotal(id)); n++)
      await evaluation().remove(jobIds.evaluateBatch(id, createdAt, n));
    // Queued, its start job gone (it failed for good, or Redis lost it).
    const three = ((await ds.query('SELECT id FROM employers ORDER BY id LIMIT 3')) as { id: number }[]).map(
      (e) => e.id,
    );
    const queued = (
      await request(api.getHttpServer())
        .post('/api/v1/sweeps')
        .set(bearer(token))
        .send({ asOf: '2025-06-30', employerIds: three })
        .expect(202)
    ).body.id as number;
    await evaluation().remove(jobIds.sweepStart(queued, await created(queued)));
    worker = await stack.startWorker();
    expect((await sweep(id)).status).toBe('running');
    expect((await sweep(queued)).status).toBe('queued');

    const acted = await worker.get(SweepReaper).tick(later());
    expect(acted.get(id)).toBe('redriven');
    expect(acted.get(queued)).toBe('redriven');
    expect(await ended(id)).toMatchObject({ status: 'completed', employersDone: 24 });
    expect(await ended(queued)).toMatchObject({ status: 'completed', employersDone: 3 });
  });

  it('a batch that fails for good in every round ends the sweep failed with its employers listed', async () => {
    const { id } = await planned();
    const batch2 = (await api.get(SweepsService).plannedBatches((await api.get(SweepsService).get(id))!))[2]!
      .employerIds;
    // A worker on which batch 2 always fails (a fault no retry mends); the others run the real batch code.
    const sweeps = api.get(SweepsService);
    const failing = new Worker(
      QueueName.Evaluation,
      async (job: Job) => {
        if (job.name !== JobName.EvaluateBatch) return;
        const { sweepId, batchNo, employerIds, chunks } = job.data as {
          sweepId: number;
          batchNo: number;
          employerIds: number[];
          chunks?: number[];
        };
        if (batchNo === 2) throw new UnrecoverableError('batch 2 breaks');
        await sweeps.runBatch(sweepId, batchNo, employerIds, chunks);
      },
      { connection: redisOptions(stack.env.REDIS_URL), prefix: stack.env.QUEUE_PREFIX },
    );
    try {
      const failedJob = async () => {
        const states = await Promise.all(
          (await evaluation().getFailed()).map((j) => j.data as { sweepId: number; batchNo: number }),
        );
        return states.filter((d) => d.sweepId === id && d.batchNo === 2).length;
      };
      const total = await batchesTotal(id);
      await eventually(async () =>
        (await recorded(id)) === total - 1 && (await failedJob()) === 1 ? true : undefined,
      );
      expect((await sweep(id)).status).toBe('running');
      // Round 1: re-driven under a fresh id; it fails again.
      worker = await stack.startWorker({ WORKER_QUEUES: 'ingest' }); // the reaper's process; no evaluation consumer
      expect((await worker.get(SweepReaper).tick(later())).get(id)).toBe('redriven');
      await eventually(async () => ((await failedJob()) === 2 ? true : undefined));
      // Rounds used up: the batch is recorded with its employers failed and the sweep ends failed, listing them.
      expect((await worker.get(SweepReaper).tick(later())).get(id)).toBe('failed');
      const done = await sweep(id);
      expect(done).toMatchObject({
        status: 'failed',
        employersDone: 24 - batch2.length,
        employersFailed: batch2.length,
        failedEmployerIds: batch2,
      });
    } finally {
      await failing.close();
    }
  });

  it('a self-report whose processing job or evaluation was lost is re-driven; past the rounds it ends failed', async () => {
    const [{ id: employerId }] = (await ds.query('SELECT id FROM employers ORDER BY id LIMIT 1')) as {
      id: number;
    }[];
    const reports = api.get(SelfReportsService);
    const submit = async (key: string) => {
      const body = Buffer.from(JSON.stringify({ workers: [], contracts: [], enrolments: [] }));
      const { report } = await reports.submit({
        kind: 'employer',
        employerId,
        idempotencyKey: key,
        bodyHash: key.padEnd(64, '0'),
        format: 'json',
        parts: [{ name: 'json', data: body }],
        userId: null,
      });
      // Redis loses its job after a worker took it (status processing, no job).
      await api
        .get(JobProducer)
        .queue(QueueName.Ingest)
        .remove(jobIds.processSelfReport(report.id, report.receivedAt));
      await ds.query(`UPDATE self_reports SET status = 'processing' WHERE id = ?`, [report.id]);
      return report.id;
    };
    const row = async (id: number) =>
      (
        (await ds.query(
          'SELECT status, evaluation_status AS e, redrives AS r, failure_reason AS f FROM self_reports WHERE id = ?',
          [id],
        )) as { status: string; e: string | null; r: number; f: string | null }[]
      )[0]!;

    const lost = await submit('reaper-1');
    worker = await stack.startWorker();
    const reaper = worker.get(SelfReportsReaper);
    expect((await reaper.tick(later())).get(lost)).toBe('redriven');
    await eventually(async () => ((await row(lost)).e === 'completed' ? true : undefined), 30_000);
    expect(await row(lost)).toMatchObject({ status: 'processed', e: 'completed', r: 1 });

    // Processed, but its evaluation never ran (lost): re-driven; past the rounds, the evaluation ends failed.
    await ds.query(`UPDATE self_reports SET evaluation_status = 'queued', redrives = 0 WHERE id = ?`, [lost]);
    expect((await reaper.tick(later())).get(lost)).toBe('redriven');
    await eventually(async () => ((await row(lost)).e === 'completed' ? true : undefined), 30_000);
    await ds.query(`UPDATE self_reports SET evaluation_status = 'queued' WHERE id = ?`, [lost]);
    expect((await reaper.tick(later())).get(lost)).toBe('failed');
    expect((await row(lost)).e).toBe('failed');

    // Processing lost in every round: the report ends failed, with a reason its sender can act on.
    await stopWorker();
    const gone = await submit('reaper-2');
    await ds.query('UPDATE self_reports SET redrives = 1 WHERE id = ?', [gone]);
    worker = await stack.startWorker({ WORKER_QUEUES: 'evaluation' }); // nothing consumes ingest
    expect((await worker.get(SelfReportsReaper).tick(later())).get(gone)).toBe('failed');
    expect(await row(gone)).toMatchObject({ status: 'failed' });
    expect((await row(gone)).f).toMatch(/Idempotency-Key/);
  });
});
