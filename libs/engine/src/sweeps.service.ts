import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { APP_CONFIG, AppConfig, todayIn } from '@patuh/config';
import { SweepEntity } from '@patuh/persistence';
import { JobName, jobIds, JobProducer } from '@patuh/queues';
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

const isDuplicate = (e: unknown) =>
  (e as { driverError?: { code?: string }; code?: string })?.driverError?.code === 'ER_DUP_ENTRY';

/**
 * A sweep evaluates every employer (or those named) as of a date. Its row holds the truth; jobs carry ids.
 * SweepStart fans out one EvaluateBatch job per page of employer ids (deterministic job ids, so a redelivered
 * SweepStart enqueues nothing new); each batch commits its cases and its progress in one transaction.
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
    const batchSize = this.config.env.SWEEP_BATCH_SIZE;

    // Employer ids with their contract counts, in keyset pages: a batch closes at SWEEP_BATCH_CONTRACTS contracts
    // or SWEEP_BATCH_SIZE employers, so a worker's memory is bounded by the batch, never by the data set.
    const budget = this.config.env.SWEEP_BATCH_CONTRACTS;
    const batches: number[][] = [];
    let current: number[] = [];
    let weight = 0;
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
      for (const r of rows) {
        const n = Number(r.n);
        if (current.length && (weight + n > budget || current.length >= batchSize)) {
          batches.push(current);
          current = [];
          weight = 0;
        }
        current.push(r.id);
        weight += n;
        total++;
        lastId = r.id;
      }
      after = rows[rows.length - 1]!.id;
    }
    if (current.length) batches.push(current);
    const ids = { length: total };

    if (sweep.status === 'queued') {
      await this.db.query(
        `UPDATE sweeps SET status = 'running', started_at = ?, employers_total = ?, batches_total = ?,
                max_employer_id = ? WHERE id = ? AND status = 'queued'`,
        [new Date(), ids.length, batches.length, sweep.employerIds ? null : lastId, sweepId],
      );
    }
    if (!batches.length) {
      await this.db.transaction((m) => this.completeIfDone(m, sweepId));
      return;
    }
    await this.jobs.enqueueBulk(
      JobName.EvaluateBatch,
      batches.map((employerIds, batchNo) => ({
        payload: { sweepId, batchNo, employerIds },
        opts: { jobId: jobIds.evaluateBatch(sweepId, batchNo) },
      })),
    );
    this.logger.log(
      `sweep ${sweepId}: ${ids.length} employers in ${batches.length} batches as of ${sweep.asOf}`,
    );
  }

  /** One batch: evaluate and reconcile its employers and record progress, in one transaction, once. */
  async runBatch(sweepId: number, batchNo: number, employerIds: number[]): Promise<EvaluationOutcome | null> {
    const sweep = await this.get(sweepId);
    if (!sweep) return null;
    const done = (await this.db.query('SELECT 1 FROM sweep_batches WHERE sweep_id = ? AND batch_no = ?', [
      sweepId,
      batchNo,
    ])) as unknown[];
    if (done.length) return null; // delivered again after it committed: nothing to do
    try {
      return await this.evaluation.evaluate(employerIds, sweep.asOf, {
        sweepId,
        inTransaction: (m, outcome) => this.recordBatch(m, sweepId, batchNo, employerIds.length, outcome),
      });
    } catch (e) {
      if (isDuplicate(e) && /sweep_batches/i.test(String((e as Error).message))) return null; // a twin delivery won
      throw e;
    }
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
      'INSERT INTO sweep_batches (sweep_id, batch_no, employers, failed, finished_at) VALUES (?, ?, ?, ?, ?)',
      [sweepId, batchNo, employers, o.failedEmployerIds.length, new Date()],
    );
    await m.query(
      `UPDATE sweeps SET batches_done = batches_done + 1, employers_done = employers_done + ?,
              employers_failed = employers_failed + ?, cases_opened = cases_opened + ?, cases_resolved = cases_resolved + ?,
              cases_reopened = cases_reopened + ?,
              failed_employer_ids = IF(? = '[]', failed_employer_ids, JSON_MERGE_PRESERVE(COALESCE(failed_employer_ids, '[]'), ?))
        WHERE id = ?`,
      [
        employers - o.failedEmployerIds.length,
        o.failedEmployerIds.length,
        o.opened,
        o.resolved,
        o.reopened,
        JSON.stringify(o.failedEmployerIds),
        JSON.stringify(o.failedEmployerIds),
        sweepId,
      ],
    );
    await this.completeIfDone(m, sweepId);
  }

  /** A batch whose job failed for good: its employers are listed as failed so the sweep can still end. */
  async failBatch(sweepId: number, batchNo: number, employerIds: number[], reason: string): Promise<void> {
    this.logger.error(`sweep ${sweepId} batch ${batchNo} failed for good: ${reason}`);
    await this.db.transaction(async (m) => {
      try {
        await this.recordBatch(m, sweepId, batchNo, employerIds.length, {
          employers: employerIds.length,
          failedEmployerIds: employerIds,
          findings: 0,
          opened: 0,
          updated: 0,
          reopened: 0,
          resolved: 0,
        });
      } catch (e) {
        if (!isDuplicate(e)) throw e;
      }
    });
  }

  private async completeIfDone(m: EntityManager, sweepId: number): Promise<void> {
    await m.query(
      `UPDATE sweeps SET status = IF(employers_failed > 0, 'failed', 'completed'), finished_at = ?
        WHERE id = ? AND status IN ('queued', 'running') AND batches_done >= batches_total`,
      [new Date(), sweepId],
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
