import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, todayIn } from '@patuh/config';
import { BatchTotals, isDuplicateKey, SweepEntity, SweepsRepository } from '@patuh/persistence';
import { JobName, jobIds, JobProducer } from '@patuh/queues';
import { FixedPlanner, PlannedBatch, planSweep } from './batch.plan';
import { EvaluationOutcome, EvaluationService } from './evaluation.service';

export interface SweepView {
  id: number;
  status: string;
  trigger: string;
  /** full: every employer in scope; incremental: those whose fingerprint moved or whose day came. */
  mode: 'full' | 'incremental';
  asOf: string;
  employersTotal: number;
  employersDone: number;
  employersFailed: number;
  /** Employers in scope an incremental sweep left alone (nothing they depend on moved). */
  employersUnchanged: number;
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
  mode: s.mode,
  asOf: s.asOf,
  employersTotal: s.employersTotal,
  employersDone: s.employersDone,
  employersFailed: s.employersFailed,
  employersUnchanged: s.employersUnchanged,
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
    /** Default: the schedule's SWEEP_SCHEDULE_MODE for a scheduled sweep, full for a manual one. */
    mode?: 'full' | 'incremental';
    scheduleKey?: string;
    userId?: number | null;
  }): Promise<SweepEntity | null> {
    const trigger = input.trigger ?? 'manual';
    const fields: Partial<SweepEntity> = {
      asOf: input.asOf ?? this.today(),
      trigger,
      mode: input.mode ?? (trigger === 'schedule' ? this.config.env.SWEEP_SCHEDULE_MODE : 'full'),
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
    await this.enqueueStart(sweep);
    return sweep;
  }

  /** Job ids carry the sweep's creation time (its incarnation): a restored database's reused ids never collide. */
  async enqueueStart(sweep: Pick<SweepEntity, 'id' | 'createdAt'>, round = 0): Promise<void> {
    await this.jobs.enqueue(
      JobName.SweepStart,
      round ? { sweepId: sweep.id, round } : { sweepId: sweep.id },
      { jobId: jobIds.sweepStart(sweep.id, sweep.createdAt, round) },
    );
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
   * Plans the batches and enqueues them. The first start stores the plan's batch starts with the queued → running
   * move; any later start (a redelivery, the reaper's re-drive) cuts the same batches from them, so running this
   * twice enqueues the same jobs.
   */
  async start(sweepId: number, round = 0): Promise<void> {
    let sweep = await this.get(sweepId);
    if (!sweep || sweep.status === 'completed' || sweep.status === 'failed') return;
    let selection: { ids: number[]; unchanged: number } | null = null;
    if (sweep.status === 'queued' && sweep.mode === 'incremental') {
      selection = await this.select(sweep);
      sweep.selection = selection.ids;
    }
    let plan = await this.plan(sweep);
    if (sweep.status === 'queued') {
      const mine = await this.sweeps.markRunning(
        sweepId,
        {
          employersTotal: plan.total,
          batchesTotal: plan.batches.length,
          maxEmployerId: sweep.employerIds || selection ? null : plan.lastId,
          batchStarts: plan.batches.map((b) => b.employerIds[0]!),
          selection: selection?.ids ?? null,
          employersUnchanged: selection?.unchanged ?? 0,
        },
        new Date(),
      );
      if (!mine) {
        // Another start stored its plan first: cut the batches from that one.
        sweep = await this.get(sweepId);
        if (!sweep || sweep.status !== 'running') return;
        plan = await this.plan(sweep);
      }
    }
    if (!plan.batches.length) {
      await this.finishIfDone(sweepId);
      return;
    }
    await this.enqueueBatches(sweep, plan.batches, null, round);
    this.logger.log(
      `sweep ${sweepId}: ${plan.total} employers in ${plan.batches.length} batches as of ${sweep.asOf}`,
    );
  }

  /**
   * An incremental sweep's employers: of those in scope, the ones whose fingerprint moved (their input revision,
   * which the database raises on any write to what they are judged on, or the ruleset), whose next-change day has
   * come, which were last judged for a later day, or whose figures are due their refresh. Read once, when the sweep
   * starts, and stored with it.
   */
  private async select(sweep: SweepEntity): Promise<{ ids: number[]; unchanged: number }> {
    const ids: number[] = [];
    let unchanged = 0;
    const scope = {
      ids: sweep.employerIds,
      asOf: sweep.asOf,
      rulesetKey: this.evaluation.rulesetKey,
      refreshDays: this.config.env.SWEEP_REFRESH_DAYS,
    };
    for (let after = 0; ;) {
      const rows = await this.sweeps.pageIncrementalScope(after, scope, 10_000);
      if (!rows.length) break;
      for (const r of rows) {
        if (r.due) ids.push(r.id);
        else unchanged++;
      }
      after = rows[rows.length - 1]!.id;
    }
    return { ids, unchanged };
  }

  /** Re-enqueues these batches of a running sweep, cut from its stored plan, with the round's fresh job ids. */
  async redriveBatches(sweep: SweepEntity, batchNos: readonly number[], round: number): Promise<void> {
    const { batches } = await this.plan(sweep);
    await this.enqueueBatches(sweep, batches, new Set(batchNos), round);
  }

  /** The planned batches of a sweep, each with its employer ids (the "missing" ones: failed for good). */
  async plannedBatches(sweep: SweepEntity): Promise<PlannedBatch[]> {
    return (await this.plan(sweep)).batches;
  }

  private async enqueueBatches(
    sweep: SweepEntity,
    batches: PlannedBatch[],
    only: Set<number> | null,
    round: number,
  ): Promise<void> {
    const jobs = batches.flatMap(({ employerIds, chunks }, batchNo) =>
      only && !only.has(batchNo)
        ? []
        : [
            {
              payload: {
                sweepId: sweep.id,
                batchNo,
                employerIds,
                chunks,
                ...(round ? { round } : {}),
              },
              opts: { jobId: jobIds.evaluateBatch(sweep.id, sweep.createdAt, batchNo, round) },
            },
          ],
    );
    // In slices, so a regency's thousands of batches never make one huge Redis call.
    for (let i = 0; i < jobs.length; i += 500)
      await this.jobs.enqueueBulk(JobName.EvaluateBatch, jobs.slice(i, i + 500));
  }

  /**
   * Employer ids with their contract counts, in keyset pages, cut into batches: by the stored batch starts of a
   * running sweep, else afresh. A batch (one job, one transaction) closes at SWEEP_BATCH_CONTRACTS contracts or
   * SWEEP_BATCH_SIZE employers; within it, a chunk (read and evaluated at once) closes at SWEEP_CHUNK_CONTRACTS, so
   * a worker's memory is bounded by the chunk, never by the data set.
   */
  private async plan(
    sweep: SweepEntity,
  ): Promise<{ batches: PlannedBatch[]; total: number; lastId: number }> {
    const {
      SWEEP_BATCH_SIZE: batchSize,
      SWEEP_BATCH_CONTRACTS: budget,
      SWEEP_CHUNK_CONTRACTS: chunkBudget,
      SWEEP_MIN_BATCHES: minBatches,
    } = this.config.env;
    const fixed = sweep.status === 'running' && sweep.batchStarts ? sweep.batchStarts : null;
    let total = 0;
    let lastId = 0;
    const maxId = sweep.status === 'running' ? sweep.maxEmployerId : null;
    // An incremental sweep's batches come from the employers it chose (none chosen: no batch).
    const ids = sweep.mode === 'incremental' ? (sweep.selection ?? []) : sweep.employerIds;
    if (ids && !ids.length)
      return { batches: fixed ? new FixedPlanner(fixed, chunkBudget).finish() : [], total: 0, lastId: 0 };
    // The employers in id order with their contract counts (two numbers each: the plan itself holds every id).
    const employers: number[] = [];
    const counts: number[] = [];
    for (let after = 0; ;) {
      const rows = await this.sweeps.pageEmployersWithContractCounts(after, { ids, maxId }, 5000);
      if (!rows.length) break;
      for (const r of rows) {
        employers.push(r.id);
        counts.push(r.n);
      }
      total += rows.length;
      lastId = rows[rows.length - 1]!.id;
      after = lastId;
    }
    // A running sweep's plan is cut at the batch starts stored when it began (the same batches on every re-plan); a
    // first plan afresh, a small sweep into SWEEP_MIN_BATCHES balanced batches at least (planSweep).
    if (fixed) {
      const planner = new FixedPlanner(fixed, chunkBudget);
      for (let i = 0; i < employers.length; i++) planner.add(employers[i]!, counts[i]!);
      return { batches: planner.finish(), total, lastId };
    }
    const limits = { employers: batchSize, contracts: budget, chunkContracts: chunkBudget };
    return { batches: planSweep(employers, counts, limits, minBatches), total, lastId };
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
          // A full sweep judges every employer whole; an incremental one judges a principal whose contractors'
          // rows alone moved on those rows alone.
          incremental: state.mode === 'incremental',
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

  /** Whether a batch job of this round that uses up its attempts fails for good (no re-drive follows it). */
  lastRound(round: number): boolean {
    const { REAPER_INTERVAL_MS, REAPER_MAX_REDRIVES } = this.config.env;
    return REAPER_INTERVAL_MS === 0 || round >= REAPER_MAX_REDRIVES;
  }

  /** A batch whose job failed for good: its employers are listed as failed so the sweep can still end. */
  async failBatch(sweepId: number, batchNo: number, employerIds: number[], reason: string): Promise<void> {
    this.logger.error(`sweep ${sweepId} batch ${batchNo} failed for good: ${reason}`);
    try {
      await this.db.transaction((m) =>
        this.recordBatch(m, sweepId, batchNo, employerIds.length, {
          employers: employerIds.length,
          memoHits: 0,
          workersJudged: 0,
          workersLeft: 0,
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
    let n = 0;
    for (const id of stale) {
      const sweep = await this.get(id);
      if (sweep?.status !== 'queued') continue;
      await this.enqueueStart(sweep, sweep.redrives);
      n++;
    }
    return n;
  }
}
