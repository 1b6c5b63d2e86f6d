import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, todayIn } from '@patuh/config';
import { BatchTotals, isDuplicateKey, SweepEntity, SweepsRepository } from '@patuh/persistence';
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

const emptyTotals = (): BatchTotals => ({
  batches: 0,
  employers: 0,
  failed: 0,
  opened: 0,
  resolved: 0,
  reopened: 0,
});

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
    private readonly sweeps: SweepsRepository,
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
    const fields: Partial<SweepEntity> = {
      asOf: input.asOf ?? this.today(),
      trigger: input.trigger ?? 'manual',
      scheduleKey: input.scheduleKey ?? null,
      employerIds: input.employerIds?.length ? [...new Set(input.employerIds)].sort((a, b) => a - b) : null,
      requestedByUserId: input.userId ?? null,
      status: 'queued',
      createdAt: new Date(),
    };
    let sweep: SweepEntity;
    try {
      sweep = await this.sweeps.insert(fields);
    } catch (e) {
      if (input.scheduleKey && isDuplicateKey(e)) return null; // another worker took this tick
      throw e;
    }
    await this.enqueueStart(sweep.id);
    return sweep;
  }

  async enqueueStart(sweepId: number): Promise<void> {
    await this.jobs.enqueue(JobName.SweepStart, { sweepId }, { jobId: jobIds.sweepStart(sweepId) });
  }

  async get(id: number): Promise<SweepEntity | null> {
    return this.sweeps.findById(id);
  }

  async list(limit = 20): Promise<SweepEntity[]> {
    return this.sweeps.listRecent(limit);
  }

  /** Of these employer ids, those with no employer (a sweep names existing employers only). */
  async unknownEmployers(ids: number[]): Promise<number[]> {
    const found = await this.sweeps.findExistingEmployerIds(ids);
    return ids.filter((id) => !found.has(id));
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
      const rows = await this.sweeps.pageEmployersWithContractCounts(
        after,
        { ids: sweep.employerIds, maxId },
        5000,
      );
      if (!rows.length) break;
      for (const r of rows) planner.add(r.id, r.n);
      total += rows.length;
      lastId = rows[rows.length - 1]!.id;
      after = lastId;
    }
    const batches = planner.finish();

    if (sweep.status === 'queued') {
      await this.sweeps.markRunning(
        sweepId,
        {
          employersTotal: total,
          batchesTotal: batches.length,
          maxEmployerId: sweep.employerIds ? null : lastId,
        },
        new Date(),
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
    const state = await this.sweeps.findBatchState(sweepId, batchNo);
    if (!state) return null;
    let outcome: EvaluationOutcome | null = null;
    if (!state.done) {
      try {
        outcome = await this.evaluation.evaluate(employerIds, state.asOf, {
          sweepId,
          chunks,
          inTransaction: (m, o) => this.recordBatch(m, sweepId, batchNo, employerIds.length, o),
        });
      } catch (e) {
        // A twin delivery committed this batch first: nothing of ours was written.
        if (!(isDuplicateKey(e) && /sweep_batches/i.test(String((e as Error).message)))) throw e;
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
    await this.sweeps.insertBatch(
      {
        sweepId,
        batchNo,
        employers,
        failedEmployerIds: o.failedEmployerIds,
        opened: o.opened,
        resolved: o.resolved,
        reopened: o.reopened,
      },
      new Date(),
      m,
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
      if (!isDuplicateKey(e)) throw e; // recorded already (it committed before the attempt failed)
    }
    await this.finishIfDone(sweepId);
  }

  /**
   * Closes the sweep when every planned batch is recorded: its row gets the batches' sums, the failed employers and
   * its final status. Called after each batch commits (a fresh read, so the last of two concurrent batches sees
   * both); the status guard makes a second closer change nothing.
   */
  async finishIfDone(sweepId: number): Promise<boolean> {
    // A fresh read (autocommit), so of two batches committing at once, the later reader sees both.
    const state = await this.sweeps.findProgress(sweepId);
    if (state?.status !== 'running' || state.recorded < state.total) return false;
    const t = (await this.sweeps.batchTotals([sweepId])).get(sweepId) ?? emptyTotals();
    const failedIds = t.failed > 0 ? await this.sweeps.failedEmployerIds(sweepId) : [];
    return this.sweeps.close(
      sweepId,
      { status: t.failed > 0 ? 'failed' : 'completed', totals: t, failedEmployerIds: failedIds },
      new Date(),
    );
  }

  /** Sweeps as their readers see them: a running sweep's counters are the sums of the batches recorded so far. */
  async withProgress(sweeps: SweepEntity[]): Promise<SweepEntity[]> {
    const running = sweeps.filter((s) => s.status === 'running').map((s) => s.id);
    const totals = await this.sweeps.batchTotals(running);
    return Promise.all(
      sweeps.map(async (s) => {
        const t = totals.get(s.id);
        if (!t || s.status !== 'running') return s;
        return Object.assign(Object.create(Object.getPrototypeOf(s) as object) as SweepEntity, s, {
          batchesDone: t.batches,
          employersDone: t.employers - t.failed,
          employersFailed: t.failed,
          failedEmployerIds: t.failed > 0 ? await this.sweeps.failedEmployerIds(s.id) : [],
          casesOpened: t.opened,
          casesResolved: t.resolved,
          casesReopened: t.reopened,
        });
      }),
    );
  }

  /** Sweeps stored but never started (Redis was down at that moment): enqueue their start again. */
  async requeueStale(olderThanMs = 60_000): Promise<number> {
    const stale = await this.sweeps.findQueuedBefore(new Date(Date.now() - olderThanMs));
    for (const id of stale) await this.enqueueStart(id);
    return stale.length;
  }
}
