import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, Districts } from '@patuh/config';
import { maskNiks } from '@patuh/core';
import {
  EntityCounts,
  RowError,
  SelfReportEntity,
  SelfReportsRepository,
  statementBudget,
  valueBytes,
} from '@patuh/persistence';
import { XLSX_PART, xlsxItems } from './xlsx';
import { JobName, JobProducer, jobIds } from '@patuh/queues';
import { arrayItems, csvItems, Item, jsonLineItems } from './report-items';
import { ReportParts } from './report-parts';
import { ReportUpserts, Valid } from './report-upserts';
import {
  checkContract,
  checkEnrolment,
  checkSponsored,
  checkWorker,
  CheckResult,
  ContractRow,
  EntityName,
  MSG,
} from './rows';
import { entitiesOf } from './submission';

/** Rows per multi-row INSERT … ON DUPLICATE KEY UPDATE (at most; a batch also closes at statementBudget bytes). */
export const UPSERT_BATCH = 2000;
/** Errors kept on the report; error_count keeps the true total. */
export const STORED_ERROR_CAP = 1000;

/** The outcome of one processing run. */
interface Summary {
  counts: Record<string, EntityCounts>;
  errors: RowError[];
  errorCount: number;
}

/**
 * The worker side of self-reports: reads a stored submission, checks every row, upserts the valid ones in batches
 * and records the outcome, all in one transaction (a worker killed midway leaves nothing half-written; the retried
 * job does it all again). The report row is locked first, so two deliveries of one job cannot both apply it.
 */
@Injectable()
export class SelfReportProcessor {
  private readonly logger = new Logger(SelfReportProcessor.name);
  private readonly districts: Districts;
  private readonly maxContractsPerNik: number;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reports: SelfReportsRepository,
    private readonly upserts: ReportUpserts,
    private readonly producer: JobProducer,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.districts = config.districts;
    this.maxContractsPerNik = config.env.SELF_REPORT_MAX_CONTRACTS_PER_NIK;
  }

  async process(id: number): Promise<{ status: string; skipped?: boolean }> {
    const report = await this.reports.findById(id);
    if (!report) return { status: 'missing', skipped: true };
    if (report.status === 'processed') {
      // Processed, but the evaluation may never have been enqueued (crash between commit and enqueue).
      if (report.kind === 'employer' && report.evaluationStatus === 'queued')
        await this.enqueueEvaluation(report.employerId);
      return { status: report.status, skipped: true };
    }
    if (report.status === 'failed') return { status: report.status, skipped: true };
    await this.reports.markProcessing(id);
    const started = Date.now();

    const summary = await this.db.transaction('READ COMMITTED', async (m) => {
      const status = await this.reports.lockStatus(id, m);
      if (!status || status === 'processed' || status === 'failed') return null;
      const s = await this.run(m, report);
      await this.reports.markProcessed(
        id,
        {
          processedAt: new Date(),
          counts: s.counts,
          errors: s.errors,
          errorCount: s.errorCount,
          evaluationStatus: report.kind === 'employer' ? 'queued' : null,
        },
        m,
      );
      return s;
    });
    if (!summary) return { status: 'processed', skipped: true };
    const rows = Object.values(summary.counts).reduce((n, c) => n + c.accepted + c.rejected, 0);
    this.logger.log(
      `self-report ${id} processed: ${rows} rows, ${summary.errorCount} errors in ${Date.now() - started} ms`,
    );
    if (report.kind === 'employer') await this.enqueueEvaluation(report.employerId);
    return { status: 'processed' };
  }

  /** Marks a report failed (its job gave up). The reason is masked: it never carries a whole NIK. */
  async fail(id: number, reason: string): Promise<void> {
    await this.reports.markFailed(id, maskNiks(reason).slice(0, 1000));
  }

  /** The employer's evaluation after a report (deduplicated per employer; the reaper calls it for a lost one). */
  async enqueueEvaluation(employerId: number): Promise<void> {
    await this.producer.enqueue(
      JobName.EvaluateEmployer,
      { employerId },
      { deduplication: { id: jobIds.evaluateEmployer(employerId), keepLastIfActive: true } },
    );
  }

  private async run(m: EntityManager, report: SelfReportEntity): Promise<Summary> {
    const summary: Summary = { counts: {}, errors: [], errorCount: 0 };
    const entities = entitiesOf(report.kind);
    for (const e of entities) summary.counts[e] = { accepted: 0, rejected: 0 };
    const parts = new ReportParts(this.reports, m, report.id);
    const chunks = await parts.counts();
    if (report.format === 'json') {
      const n = chunks.get('json') ?? 0;
      const lineLayout = (await parts.head('json')) === '{\n';
      // Stored one row per line (canonicalJsonLines): streamed. Any other JSON layout: parsed whole.
      const body: Record<string, unknown> | null = lineLayout
        ? null
        : (JSON.parse((await parts.whole('json', n)).toString('utf8')) as Record<string, unknown>);
      for (const e of entities) {
        const items = body
          ? arrayItems(Array.isArray(body[e]) ? (body[e] as unknown[]) : [])
          : jsonLineItems(parts.sliced('json', n), e);
        await this.entity(m, report, e, items, summary);
      }
    } else if (report.format === 'xlsx') {
      // The workbook as uploaded (bounded by SELF_REPORT_MAX_BYTES), read sheet by sheet with the streaming reader.
      const workbook = await parts.whole(XLSX_PART, chunks.get(XLSX_PART) ?? 0);
      for (const e of entities) await this.entity(m, report, e, xlsxItems(workbook, e), summary);
    } else {
      for (const e of entities) {
        const n = chunks.get(`${e}.csv`);
        if (!n) continue;
        await this.entity(m, report, e, csvItems(parts, e, n), summary);
      }
    }
    summary.errors.sort((a, b) =>
      a.entity === b.entity
        ? a.index - b.index
        : entities.indexOf(a.entity as EntityName) - entities.indexOf(b.entity as EntityName),
    );
    return summary;
  }

  /** Checks one entity's rows in order and upserts the valid ones in batches (a later row with the same key wins). */
  private async entity(
    m: EntityManager,
    report: SelfReportEntity,
    entity: EntityName,
    items: AsyncIterable<Item> | Iterable<Item>,
    summary: Summary,
  ): Promise<void> {
    const counts = summary.counts[entity]!;
    const reject = (
      i: number,
      errs: { field: string | null; message: string }[],
      place: { row?: number; sheet?: string } = {},
    ) => {
      counts.rejected++;
      for (const e of errs) {
        summary.errorCount++;
        if (summary.errors.length < STORED_ERROR_CAP)
          summary.errors.push({
            entity,
            index: i,
            field: e.field,
            message: e.message,
            ...(place.row !== undefined ? { row: place.row } : {}),
            ...(place.sheet !== undefined ? { sheet: place.sheet } : {}),
          });
      }
    };
    const places = new Map<number, { row?: number; sheet?: string }>();
    const check = this.checker(entity);
    // A batch closes at UPSERT_BATCH rows or at the statement budget (a quarter of max_allowed_packet), so no
    // statement is ever refused for its size whatever the rows carry.
    const budget = await statementBudget(m);
    // Contract rows per NIK in this report (SELF_REPORT_MAX_CONTRACTS_PER_NIK): one worker with a hundred
    // thousand contracts would make one chain that no evaluation can hold.
    const perNik = entity === 'contracts' ? new Map<string, number>() : null;
    let batch: Valid[] = [];
    let bytes = 0;
    const flush = async () => {
      if (!batch.length) return;
      const b = batch;
      batch = [];
      bytes = 0;
      const rejected = await this.upserts.upsert(m, report, entity, b);
      for (const i of rejected) reject(i, [{ field: 'nik', message: MSG.unknownWorker }], places.get(i));
      places.clear();
      counts.accepted += b.length - rejected.length;
      // Let timers run between batches (BullMQ's lock renewal among them), whatever the parser does.
      await new Promise<void>((r) => setImmediate(r));
    };
    for await (const item of items) {
      const place = { row: item.row, sheet: item.sheet };
      if ('skip' in item) {
        reject(item.i, [{ field: item.field ?? null, message: item.skip }], place);
        continue;
      }
      const res = check(item.r);
      if (!res.ok) {
        reject(item.i, res.errors, place);
        continue;
      }
      if (perNik) {
        const nik = (res.row as ContractRow)[1];
        const n = (perNik.get(nik) ?? 0) + 1;
        perNik.set(nik, n);
        if (n > this.maxContractsPerNik) {
          reject(item.i, [{ field: 'nik', message: MSG.tooManyContracts(this.maxContractsPerNik) }], place);
          continue;
        }
      }
      batch.push({ i: item.i, row: res.row });
      if (item.row !== undefined) places.set(item.i, place);
      bytes += valueBytes(res.row);
      if (batch.length >= UPSERT_BATCH || bytes >= budget) await flush();
    }
    await flush();
  }

  private checker(entity: EntityName): (raw: unknown) => CheckResult<unknown[]> {
    switch (entity) {
      case 'workers':
        return checkWorker;
      case 'contracts':
        return checkContract;
      case 'enrolments':
        return checkEnrolment;
      case 'rows':
        return (raw) => checkSponsored(raw, this.districts);
    }
  }
}
