import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Job, UnrecoverableError } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { maskNiks } from '@patuh/core';
import { BpjsLoadRow, BpjsLoadsRepository, BpjsRecordInsert, BpjsRowError } from '@patuh/persistence';
import { JobName, JobPayload, JobProducer, jobIds, OnJob } from '@patuh/queues';
import { slices } from '../report-parts';
import { BpjsItem, bpjsCsvItems, bpjsJsonItems, bpjsXlsxItems } from './bpjs-items';
import { BPJS_MSG, BpjsFieldError, checkBpjsRow } from './bpjs-rows';
import { BpjsLoadsService } from './bpjs-loads.service';

/** Records per batch (one savepoint and a few multi-row prepared INSERTs). */
export const BPJS_INSERT_BATCH = 2000;
/** Errors kept on the load; `errors.count` keeps the true total. */
export const BPJS_STORED_ERROR_CAP = 1000;
/** Records deleted per statement when a deleted load is purged. */
export const BPJS_PURGE_BATCH = 10_000;

interface Summary {
  rowsTotal: number;
  rowsAccepted: number;
  rowsRejected: number;
  errors: BpjsRowError[];
  errorCount: number;
  /** Rejected rows per NPP (rows whose npp itself was valid). */
  rejectedByNpp: Map<string, number>;
}

/**
 * The worker side of BPJS loads: reads a stored load streamed, checks each row, inserts the valid ones in
 * batches, lists its NPPs and points each NPP at the load it is judged on now, in one transaction (a worker
 * killed midway leaves nothing; the retried job does it all again). The load row is locked first, so two
 * deliveries of one job cannot both apply it. Then the employers it names are re-evaluated.
 */
@Injectable()
export class BpjsLoadProcessor {
  private readonly logger = new Logger(BpjsLoadProcessor.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly loads: BpjsLoadsRepository,
    private readonly producer: JobProducer,
  ) {}

  async process(id: number): Promise<{ status: string; skipped?: boolean }> {
    const load = await this.loads.findById(id);
    if (!load) return { status: 'missing', skipped: true };
    if (load.status === 'deleted') return this.purge(load);
    if (load.status === 'processed') {
      // Processed, but the evaluations may never have been enqueued (a crash between commit and enqueue).
      await this.enqueueEvaluations(id);
      return { status: load.status, skipped: true };
    }
    if (load.status === 'failed') return { status: load.status, skipped: true };
    await this.loads.markProcessing(id);
    const started = Date.now();
    const summary = await this.db.transaction('READ COMMITTED', async (m) => {
      const status = await this.loads.lockStatus(id, m);
      if (status !== 'queued' && status !== 'processing') return null;
      const s = await this.run(m, load);
      const nppsTotal = await this.loads.insertLoadNpps(id, load.asOf, s.rejectedByNpp, m);
      await this.loads.markProcessed(
        id,
        {
          processedAt: new Date(),
          rowsTotal: s.rowsTotal,
          rowsAccepted: s.rowsAccepted,
          rowsRejected: s.rowsRejected,
          nppsTotal,
          errors: { count: s.errorCount, items: s.errors },
        },
        m,
      );
      await this.loads.recomputeCoverage(id, m);
      return s;
    });
    if (!summary) return { status: 'processed', skipped: true };
    this.logger.log(
      `BPJS load ${id} processed: ${summary.rowsTotal} rows (${summary.rowsRejected} rejected) in ${Date.now() - started} ms`,
    );
    await this.enqueueEvaluations(id);
    return { status: 'processed' };
  }

  /** Marks a load failed (its job gave up). The reason is masked: it never carries a whole NIK. */
  async fail(id: number, reason: string): Promise<void> {
    await this.loads.markFailed(id, maskNiks(reason).slice(0, 1000));
  }

  /** A deleted load: its records go (in short statements), its stored body too; its employers are re-evaluated. */
  private async purge(load: BpjsLoadRow): Promise<{ status: string }> {
    let n = 0;
    let d: number;
    do {
      d = await this.loads.deleteRecords(load.id, BPJS_PURGE_BATCH);
      n += d;
    } while (d > 0);
    await this.loads.deleteParts(load.id);
    this.logger.log(`BPJS load ${load.id} purged: ${n} records`);
    await this.enqueueEvaluations(load.id);
    return { status: 'deleted' };
  }

  /** One EvaluateEmployer per employer whose NPP the load names (deduplicated per employer, as self-reports do). */
  private async enqueueEvaluations(loadId: number): Promise<void> {
    const ids = await this.loads.employerIdsOfLoad(loadId);
    for (let i = 0; i < ids.length; i += 500)
      await this.producer.enqueueBulk(
        JobName.EvaluateEmployer,
        ids.slice(i, i + 500).map((employerId) => ({
          payload: { employerId },
          opts: { deduplication: { id: jobIds.evaluateEmployer(employerId), keepLastIfActive: true } },
        })),
      );
  }

  private items(load: BpjsLoadRow, m: EntityManager, chunks: number, first: Buffer): AsyncIterable<BpjsItem> {
    const loads = this.loads;
    async function* stored(): AsyncIterable<Buffer> {
      for (let seq = 0; seq < chunks; seq++) {
        const data = seq === 0 ? first : await loads.readPartChunk(load.id, seq, m);
        if (!data) throw new Error(`BPJS load ${load.id}: chunk ${seq} is missing`);
        yield data;
      }
    }
    if (load.format === 'csv') return bpjsCsvItems(stored());
    if (load.format === 'xlsx') return bpjsXlsxItems(slices(stored()));
    return bpjsJsonItems(slices(stored()));
  }

  private async run(m: EntityManager, load: BpjsLoadRow): Promise<Summary> {
    const s: Summary = {
      rowsTotal: 0,
      rowsAccepted: 0,
      rowsRejected: 0,
      errors: [],
      errorCount: 0,
      rejectedByNpp: new Map(),
    };
    const chunks = await this.loads.countPartChunks(load.id, m);
    const first = (await this.loads.readPartChunk(load.id, 0, m)) ?? Buffer.alloc(0);
    const reject = (row: number, npp: string | null, errs: BpjsFieldError[]) => {
      s.rowsRejected++;
      if (npp) s.rejectedByNpp.set(npp, (s.rejectedByNpp.get(npp) ?? 0) + 1);
      for (const e of errs) {
        s.errorCount++;
        if (s.errors.length < BPJS_STORED_ERROR_CAP) s.errors.push({ row, ...e });
      }
    };
    // The batch, keyed by (npp, nik, effectiveFrom): a second row with one key in the load is rejected.
    let batch = new Map<string, { row: number; rec: BpjsRecordInsert }>();
    // One batch is written while the next is read and checked (one connection: its statements still run in
    // order; the next batch waits for the one in flight before it is written).
    let inflight: Promise<void> | null = null;
    const flush = async () => {
      if (!batch.size) return;
      const b = batch;
      batch = new Map();
      if (inflight) await inflight;
      const p = write([...b.values()]);
      p.catch(() => undefined); // awaited before the next write or at the end; never left unhandled
      inflight = p;
    };
    const write = async (recs: { row: number; rec: BpjsRecordInsert }[]) => {
      const there = await this.loads.insertRecordsIfNew(
        load.id,
        recs.map((v) => v.rec),
        m,
      );
      if (there) {
        const dup = new Set(there);
        const keep = recs.filter((v) => !dup.has(keyOf(v.rec)));
        for (const v of recs) if (dup.has(keyOf(v.rec))) reject(v.row, v.rec[0], [BPJS_MSG.duplicate]);
        recs = keep;
        const again = await this.loads.insertRecordsIfNew(
          load.id,
          recs.map((v) => v.rec),
          m,
        );
        if (again) throw new Error(`BPJS load ${load.id}: a batch met keys already stored twice`);
      }
      s.rowsAccepted += recs.length;
    };
    for await (const item of this.items(load, m, chunks, first)) {
      s.rowsTotal++;
      if ('skip' in item) {
        reject(item.row, null, [item.skip]);
        continue;
      }
      const res = checkBpjsRow(item.r, load.asOf);
      if (!res.ok) {
        reject(item.row, res.npp, res.errors);
        continue;
      }
      const k = keyOf(res.row);
      if (batch.has(k)) reject(item.row, res.row[0], [BPJS_MSG.duplicate]);
      else batch.set(k, { row: item.row, rec: res.row });
      if (batch.size >= BPJS_INSERT_BATCH) await flush();
    }
    await flush();
    if (inflight) await inflight;
    s.errors.sort((a, b) => a.row - b.row);
    return s;
  }
}

const keyOf = (r: BpjsRecordInsert) => `${r[0]} ${r[1]} ${r[2]}`;

/** The ProcessBpjsLoad handler (worker only). Idempotent: a processed load is never applied twice. */
@Injectable()
export class BpjsLoadsJobs {
  constructor(private readonly processor: BpjsLoadProcessor) {}

  @OnJob(JobName.ProcessBpjsLoad)
  async processBpjsLoad({ loadId }: JobPayload<JobName.ProcessBpjsLoad>, job: Job) {
    try {
      return await this.processor.process(loadId);
    } catch (e) {
      if (e instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1))
        await this.processor.fail(loadId, (e as Error).message);
      throw e;
    }
  }
}

/** Loads stored but never enqueued (Redis down at the upload) are at least this old before they are re-enqueued. */
export const BPJS_REQUEUE_AFTER_MS = 60_000;

/** Re-enqueues loads left `queued` for over a minute (as SelfReportsPoller; same interval setting). */
@Injectable()
export class BpjsLoadsPoller implements OnApplicationBootstrap {
  private readonly logger = new Logger(BpjsLoadsPoller.name);
  private running = false;

  constructor(
    private readonly rows: BpjsLoadsRepository,
    private readonly loads: BpjsLoadsService,
    private readonly registry: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.env.SELF_REPORT_REQUEUE_MS;
    if (every > 0)
      this.registry.addInterval(
        'bpjs-loads-requeue',
        setInterval(() => void this.tick(), every),
      );
  }

  async tick(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const queued = await this.rows.listQueuedBefore(new Date(Date.now() - BPJS_REQUEUE_AFTER_MS));
      let n = 0;
      for (const r of queued) if (await this.loads.enqueue(r)) n++;
      if (n) this.logger.log(`re-enqueued ${n} queued BPJS loads`);
      return n;
    } catch (e) {
      this.logger.warn(`BPJS load poller: ${(e as Error).message}`);
      return 0;
    } finally {
      this.running = false;
    }
  }
}
