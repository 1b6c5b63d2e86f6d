import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { APP_CONFIG, AppConfig, todayIn } from '@patuh/config';
import { SweepEntity } from '@patuh/persistence';
import { JobName, jobIds, JobProducer } from '@patuh/queues';
import { BatchPlanner } from './batch.plan';
import { EvaluationOutcome, EvaluationService } from './evaluation.service';

export interface SweepView {
  id: number;
  status: string;
  trigger: string;
  asOf: string;
  employersTotal: number;
  employersDone: number;
  employersFailed: number;
  failedEmployerIds: number[];
  casesOpened: number;
  casesResolved: number;
  casesReopened: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export const toSweepView = (s: SweepEntity): SweepView => ({
  id: s.id,
  status: s.status,
  trigger: s.trigger,
  asOf: s.asOf,
  employersTotal: s.employersTotal,
  employersDone: s.employersDone,
  employersFailed: s.employersFailed,
  failedEmployerIds: s.failedEmployerIds ?? [],
  casesOpened: s.casesOpened,
  casesResolved: s.casesResolved,
  casesReopened: s.casesReopened,
  createdAt: s.createdAt.toISOString(),
  startedAt: s.startedAt?.toISOString() ?? null,
  finishedAt: s.finishedAt?.toISOString() ?? null,
});

interface BatchTotals {
  batches: number;
  employers: number;
  failed: number;
  opened: number;
  resolved: number;
  reopened: number;
}
const emptyTotals = (): BatchTotals => ({
  batches: 0,
  employers: 0,
  failed: 0,
  opened: 0,
  resolved: 0,
  reopened: 0,
});

const isDuplicate = (e: unknown) =>
  (e as { driverError?: { code?: string }; code?: string })?.driverError?.code === 'ER_DUP_ENTRY';

/**
 * A sweep evaluates every employer (or those named) as of a date. Its row holds the truth; jobs carry ids.
 * SweepStart fans out one EvaluateBatch job per page of employer ids (deterministic job ids, so a redelivered
 * SweepStart enqueues nothing new); each batch commits its cases and its `sweep_batches` row (with its counts) in
 * one transaction, and the sweep's row is closed once every batch is recorded.
 */
@Injectable()
export class SweepsService {
  private readonly logger = new Logger(SweepsService.name);

  constructor(
    @InjectRepository(SweepEntity) private readonly sweeps: Repository<SweepEntity>,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobProducer,
    private readonly evaluation: EvaluationService,
  ) {}

  today(): string {
    return todayIn(this.config.env.BUSINESS_TZ);
  }

  /** Stores the sweep, then enqueues its start (awaited). A sweep left queued is re-enqueued by the scheduler. */
  async create(input: {
    asOf?: string;
    employerIds?: number[];
    trigger?: 'manual' | 'schedule';
    scheduleKey?: string;
    userId?: number | null;
  }): Promise<SweepEntity | null> {
    const sweep = this.sweeps.create({
      asOf: input.asOf ?? this.today(),
      trigger: input.trigger ?? 'manual',
      scheduleKey: input.scheduleKey ?? null,
      employerIds: input.employerIds?.length ? [...new Set(input.employerIds)].sort((a, b) => a - b) : null,
      requestedByUserId: input.userId ?? null,
      status: 'queued',
      createdAt: new Date(),
    });
    try {
      await this.sweeps.save(sweep);
    } catch (e) {
      if (input.scheduleKey && isDuplicate(e)) return null; // another worker took this tick
      throw e;
    }
    await this.enqueueStart(sweep.id);
    return sweep;
  }

  async enqueueStart(sweepId: number): Promise<void> {
    await this.jobs.enqueue(JobName.SweepStart, { sweepId }, { jobId: jobIds.sweepStart(sweepId) });
  }

  async get(id: number): Promise<SweepEntity | null> {
    return this.sweeps.findOne({ where: { id } });
  }

  async list(limit = 20): Promise<SweepEntity[]> {
    return this.sweeps.find({ order: { id: 'DESC' }, take: limit });
  }

  /**
   * Plans the batches and enqueues them. The plan is a pure function of the sweep row (its employer list, or
   * every employer with id ≤ the snapshot taken at first start), so running this twice enqueues the same jobs.
   */
  async start(sweepId: number): Promise<void> {
    const sweep = await this.get(sweepId);
    if (!sweep || sweep.status === 'completed' || sweep.status === 'failed') return;
    const {
      SWEEP_BATCH_SIZE: batchSize,
      SWEEP_BATCH_CONTRACTS: budget,
      SWEEP_CHUNK_CONTRACTS: chunkBudget,
    } = this.config.env;

    // Employer ids with their contract counts, in keyset pages. A batch (one job, one transaction) closes at
    // SWEEP_BATCH_CONTRACTS contracts or SWEEP_BATCH_SIZE employers; within it, a chunk (read and evaluated at
    // once) closes at SWEEP_CHUNK_CONTRACTS, so a worker's memory is bounded by the chunk, never by the data set.
    const planner = new BatchPlanner({
      employers: batchSize,
      contracts: budget,
      chunkContracts: chunkBudget,
    });
    let total = 0;
    let lastId = 0;
    const maxId = sweep.status === 'running' ? sweep.maxEmployerId : null;
    for (let after = 0; ;) {
      const filter = sweep.employerIds ? 'AND e.id IN (?)' : maxId !== null ? 'AND e.id <= ?' : '';
      const rows = (await this.db.query(
        `SELECT e.id, (SELECT COUNT(*) FROM contracts c WHERE c.employer_id = e.id) AS n
           FROM employers e WHERE e.id > ? ${filter} ORDER BY e.id LIMIT 5000`,
        sweep.employerIds ? [after, sweep.employerIds] : maxId !== null ? [after, maxId] : [after],
      )) as { id: number; n: number | string }[];
      if (!rows.length) break;
      for (const r of rows) planner.add(r.id, Number(r.n));
      total += rows.length;
      lastId = rows[rows.length - 1]!.id;
      after = lastId;
    }
    const batches = planner.finish();

    if (sweep.status === 'queued') {
      await this.db.query(
        `UPDATE sweeps SET status = 'running', started_at = ?, employers_total = ?, batches_total = ?,
                max_employer_id = ? WHERE id = ? AND status = 'queued'`,
        [new Date(), total, batches.length, sweep.employerIds ? null : lastId, sweepId],
      );
    }
    if (!batches.length) {
      await this.finishIfDone(sweepId);
      return;
    }
    await this.jobs.enqueueBulk(
      JobName.EvaluateBatch,
      batches.map(({ employerIds, chunks }, batchNo) => ({
        payload: { sweepId, batchNo, employerIds, chunks },
        opts: { jobId: jobIds.evaluateBatch(sweepId, batchNo) },
      })),
    );
    this.logger.log(`sweep ${sweepId}: ${total} employers in ${batches.length} batches as of ${sweep.asOf}`);
  }

  /**
   * One batch: evaluate and reconcile its employers and record the batch with its counts, in one transaction,
   * once. The sweep's row is not touched there (every batch of the sweep would queue behind that row's lock until
   * commit): after commit, whichever batch sees every batch recorded closes the sweep. A worker that dies between
   * the commit and that check leaves its job stalled; the redelivered job finds the batch recorded and checks again.
   */
  async runBatch(
    sweepId: number,
    batchNo: number,
    employerIds: number[],
    chunks?: number[],
  ): Promise<EvaluationOutcome | null> {
    // The sweep and whether this batch is recorded already, in one read.
    const [state] = (await this.db.query(
      `SELECT s.as_of AS asOf, EXISTS (SELECT 1 FROM sweep_batches b WHERE b.sweep_id = s.id AND b.batch_no = ?) AS done
         FROM sweeps s WHERE s.id = ?`,
      [batchNo, sweepId],
    )) as { asOf: string; done: number | string }[];
    if (!state) return null;
    let outcome: EvaluationOutcome | null = null;
    if (Number(state.done) !== 1) {
      try {
        outcome = await this.evaluation.evaluate(employerIds, state.asOf, {
          sweepId,
          chunks,
          inTransaction: (m, o) => this.recordBatch(m, sweepId, batchNo, employerIds.length, o),
        });
      } catch (e) {
        // A twin delivery committed this batch first: nothing of ours was written.
        if (!(isDuplicate(e) && /sweep_batches/i.test(String((e as Error).message)))) throw e;
      }
    }
    await this.finishIfDone(sweepId);
    return outcome;
  }

  private async recordBatch(
    m: EntityManager,
    sweepId: number,
    batchNo: number,
    employers: number,
    o: EvaluationOutcome,
  ) {
    // The primary key makes a twin delivery fail here and roll back whole.
    await m.query(
      `INSERT INTO sweep_batches (sweep_id, batch_no, employers, failed, failed_employer_ids, opened, resolved, reopened, finished_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        sweepId,
        batchNo,
        employers,
        o.failedEmployerIds.length,
        o.failedEmployerIds.length ? JSON.stringify(o.failedEmployerIds) : null,
        o.opened,
        o.resolved,
        o.reopened,
        new Date(),
      ],
    );
  }

  /** A batch whose job failed for good: its employers are listed as failed so the sweep can still end. */
  async failBatch(sweepId: number, batchNo: number, employerIds: number[], reason: string): Promise<void> {
    this.logger.error(`sweep ${sweepId} batch ${batchNo} failed for good: ${reason}`);
    try {
      await this.db.transaction((m) =>
        this.recordBatch(m, sweepId, batchNo, employerIds.length, {
          employers: employerIds.length,
          failedEmployerIds: employerIds,
          findings: 0,
          opened: 0,
          updated: 0,
          reopened: 0,
          resolved: 0,
        }),
      );
    } catch (e) {
      if (!isDuplicate(e)) throw e; // recorded already (it committed before the attempt failed)
    }
    await this.finishIfDone(sweepId);
  }

  /** The sums of the sweeps' recorded batches, by sweep id. One grouped read on the batches' primary key. */
  private async batchTotals(sweepIds: number[]): Promise<Map<number, BatchTotals>> {
    const totals = new Map<number, BatchTotals>();
    if (!sweepIds.length) return totals;
    const rows = (await this.db.query(
      `SELECT sweep_id AS sweepId, COUNT(*) AS batches, SUM(employers) AS employers, SUM(failed) AS failed,
              SUM(opened) AS opened, SUM(resolved) AS resolved, SUM(reopened) AS reopened
         FROM sweep_batches WHERE sweep_id IN (?) GROUP BY sweep_id`,
      [sweepIds],
    )) as Record<keyof BatchTotals | 'sweepId', number | string>[];
    for (const r of rows) {
      totals.set(Number(r.sweepId), {
        batches: Number(r.batches),
        employers: Number(r.employers),
        failed: Number(r.failed),
        opened: Number(r.opened),
        resolved: Number(r.resolved),
        reopened: Number(r.reopened),
      });
    }
    return totals;
  }

  /**
   * Closes the sweep when every planned batch is recorded: its row gets the batches' sums, the failed employers and
   * its final status. Called after each batch commits (a fresh read, so the last of two concurrent batches sees
   * both); the status guard makes a second closer change nothing.
   */
  async finishIfDone(sweepId: number): Promise<boolean> {
    // A fresh read (autocommit), so of two batches committing at once, the later reader sees both.
    const [state] = (await this.db.query(
      `SELECT s.status, s.batches_total AS total, (SELECT COUNT(*) FROM sweep_batches b WHERE b.sweep_id = s.id) AS recorded
         FROM sweeps s WHERE s.id = ?`,
      [sweepId],
    )) as { status: string; total: number; recorded: number | string }[];
    if (state?.status !== 'running' || Number(state.recorded) < Number(state.total)) return false;
    const t = (await this.batchTotals([sweepId])).get(sweepId) ?? emptyTotals();
    const failedIds = t.failed > 0 ? await this.failedEmployerIds(sweepId) : [];
    const result = (await this.db.query(
      `UPDATE sweeps SET status = ?, finished_at = ?, batches_done = ?, employers_done = ?, employers_failed = ?,
              cases_opened = ?, cases_resolved = ?, cases_reopened = ?, failed_employer_ids = ?
        WHERE id = ? AND status = 'running'`,
      [
        t.failed > 0 ? 'failed' : 'completed',
        new Date(),
        t.batches,
        t.employers - t.failed,
        t.failed,
        t.opened,
        t.resolved,
        t.reopened,
        failedIds.length ? JSON.stringify(failedIds) : null,
        sweepId,
      ],
    )) as { affectedRows?: number };
    return (result.affectedRows ?? 0) > 0;
  }

  /** The employers a sweep's recorded batches could not evaluate, in batch order. */
  private async failedEmployerIds(sweepId: number): Promise<number[]> {
    const rows = (await this.db.query(
      'SELECT failed_employer_ids AS ids FROM sweep_batches WHERE sweep_id = ? AND failed > 0 ORDER BY batch_no',
      [sweepId],
    )) as { ids: string | null }[];
    return rows.flatMap((r) => (r.ids ? (JSON.parse(r.ids) as number[]) : []));
  }

  /** Sweeps as their readers see them: a running sweep's counters are the sums of the batches recorded so far. */
  async withProgress(sweeps: SweepEntity[]): Promise<SweepEntity[]> {
    const running = sweeps.filter((s) => s.status === 'running').map((s) => s.id);
    const totals = await this.batchTotals(running);
    return Promise.all(
      sweeps.map(async (s) => {
        const t = totals.get(s.id);
        if (!t || s.status !== 'running') return s;
        return Object.assign(Object.create(Object.getPrototypeOf(s) as object) as SweepEntity, s, {
          batchesDone: t.batches,
          employersDone: t.employers - t.failed,
          employersFailed: t.failed,
          failedEmployerIds: t.failed > 0 ? await this.failedEmployerIds(s.id) : [],
          casesOpened: t.opened,
          casesResolved: t.resolved,
          casesReopened: t.reopened,
        });
      }),
    );
  }

  /** Sweeps stored but never started (Redis was down at that moment): enqueue their start again. */
  async requeueStale(olderThanMs = 60_000): Promise<number> {
    const stale = (await this.db.query(`SELECT id FROM sweeps WHERE status = 'queued' AND created_at < ?`, [
      new Date(Date.now() - olderThanMs),
    ])) as { id: number }[];
    for (const s of stale) await this.enqueueStart(s.id);
    return stale.length;
  }
}
