import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { parse } from 'csv-parse';
import { Readable } from 'stream';
import { StringDecoder } from 'string_decoder';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { maskNiks } from '@patuh/core';
import { EntityCounts, RowError, SelfReportEntity } from '@patuh/persistence';
import { JobName, JobProducer, jobIds } from '@patuh/queues';
import {
  canonicalHeader,
  checkContract,
  checkEnrolment,
  checkSponsored,
  checkWorker,
  CheckResult,
  ContractRow,
  EnrolmentRow,
  EntityName,
  MSG,
  SponsoredRow,
  WorkerRow,
} from './rows';
import { checkCsvHeader, entitiesOf } from './submission';

/** Rows per multi-row INSERT … ON DUPLICATE KEY UPDATE. */
export const UPSERT_BATCH = 2000;
/** Errors kept on the report; error_count keeps the true total. */
export const STORED_ERROR_CAP = 1000;

type Item = { i: number; r: unknown } | { i: number; skip: string };
type Valid = { i: number; row: unknown[] };

const CSV_SKIP_MESSAGES: Record<string, string> = {
  CSV_RECORD_INCONSISTENT_COLUMNS:
    'the row has a different number of fields than the header row / jumlah kolom pada baris ini berbeda dengan baris judul',
  CSV_INVALID_CLOSING_QUOTE:
    'the row has a misplaced double quote (") / tanda kutip ganda (") pada baris ini salah tempat',
  CSV_QUOTE_NOT_CLOSED: 'a double quote (") is never closed / tanda kutip ganda (") tidak ditutup',
};
const csvSkipMessage = (code: string | undefined) =>
  CSV_SKIP_MESSAGES[code ?? ''] ?? 'the row is not valid CSV / baris ini bukan CSV yang valid';

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
  private readonly districts: string[];

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly producer: JobProducer,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const ref = config.reference as { regency?: { districts?: string[] } };
    this.districts = ref.regency?.districts ?? [];
  }

  async process(id: number): Promise<{ status: string; skipped?: boolean }> {
    const report = await this.db.getRepository(SelfReportEntity).findOneBy({ id });
    if (!report) return { status: 'missing', skipped: true };
    if (report.status === 'processed') {
      // Processed, but the evaluation may never have been enqueued (crash between commit and enqueue).
      if (report.kind === 'employer' && report.evaluationStatus === 'queued')
        await this.enqueueEvaluation(report.employerId, id);
      return { status: report.status, skipped: true };
    }
    if (report.status === 'failed') return { status: report.status, skipped: true };
    await this.db.query(`UPDATE self_reports SET status = 'processing' WHERE id = ? AND status = 'queued'`, [
      id,
    ]);
    const started = Date.now();

    const summary = await this.db.transaction('READ COMMITTED', async (m) => {
      const [row] = (await m.query('SELECT status FROM self_reports WHERE id = ? FOR UPDATE', [id])) as {
        status: string;
      }[];
      if (!row || row.status === 'processed' || row.status === 'failed') return null;
      const s = await this.run(m, report);
      await m.query(
        `UPDATE self_reports SET status = 'processed', processed_at = ?, counts = ?, errors = ?, error_count = ?,
                evaluation_status = ?, failure_reason = NULL WHERE id = ?`,
        [
          new Date(),
          JSON.stringify(s.counts),
          JSON.stringify(s.errors),
          s.errorCount,
          report.kind === 'employer' ? 'queued' : null,
          id,
        ],
      );
      return s;
    });
    if (!summary) return { status: 'processed', skipped: true };
    const rows = Object.values(summary.counts).reduce((n, c) => n + c.accepted + c.rejected, 0);
    this.logger.log(
      `self-report ${id} processed: ${rows} rows, ${summary.errorCount} errors in ${Date.now() - started} ms`,
    );
    if (report.kind === 'employer') await this.enqueueEvaluation(report.employerId, id);
    return { status: 'processed' };
  }

  /** Marks a report failed (its job gave up). The reason is masked: it never carries a whole NIK. */
  async fail(id: number, reason: string): Promise<void> {
    await this.db.query(
      `UPDATE self_reports SET status = 'failed', failure_reason = ? WHERE id = ? AND status IN ('queued', 'processing')`,
      [maskNiks(reason).slice(0, 1000), id],
    );
  }

  private async enqueueEvaluation(employerId: number, selfReportId: number): Promise<void> {
    await this.producer.enqueue(
      JobName.EvaluateEmployer,
      { employerId, selfReportId },
      { deduplication: { id: jobIds.evaluateEmployer(employerId), keepLastIfActive: true } },
    );
  }

  private async run(m: EntityManager, report: SelfReportEntity): Promise<Summary> {
    const summary: Summary = { counts: {}, errors: [], errorCount: 0 };
    const entities = entitiesOf(report.kind);
    for (const e of entities) summary.counts[e] = { accepted: 0, rejected: 0 };
    const parts = new Map(
      (
        (await m.query(
          'SELECT part, COUNT(*) AS n FROM self_report_parts WHERE self_report_id = ? GROUP BY part',
          [report.id],
        )) as { part: string; n: number | string }[]
      ).map((p) => [p.part, Number(p.n)]),
    );
    if (report.format === 'json') {
      const chunks = parts.get('json') ?? 0;
      const first = (await m.query(
        'SELECT LEFT(data, 2) AS head FROM self_report_parts WHERE self_report_id = ? AND part = ? AND seq = 0',
        [report.id, 'json'],
      )) as { head: Buffer | string }[];
      const lineLayout = String(first[0]?.head ?? '') === '{\n';
      // Stored one row per line (canonicalJsonLines): streamed. Any other JSON layout: parsed whole.
      const body: Record<string, unknown> | null = lineLayout
        ? null
        : (JSON.parse((await this.readWhole(m, report.id, 'json', chunks)).toString('utf8')) as Record<
            string,
            unknown
          >);
      for (const e of entities) {
        const items = body
          ? arrayItems(Array.isArray(body[e]) ? (body[e] as unknown[]) : [])
          : jsonLineItems(slices(chunkReader(m, report.id, 'json', chunks)), e);
        await this.entity(m, report, e, items, summary);
      }
    } else {
      for (const e of entities) {
        const n = parts.get(`${e}.csv`);
        if (!n) continue;
        await this.entity(m, report, e, this.csvItems(m, report.id, e, n), summary);
      }
    }
    summary.errors.sort((a, b) =>
      a.entity === b.entity
        ? a.index - b.index
        : entities.indexOf(a.entity as EntityName) - entities.indexOf(b.entity as EntityName),
    );
    return summary;
  }

  private async readWhole(m: EntityManager, id: number, part: string, chunks: number): Promise<Buffer> {
    const bufs: Buffer[] = [];
    for await (const b of chunkReader(m, id, part, chunks)) bufs.push(b);
    return Buffer.concat(bufs);
  }

  private async *csvItems(
    m: EntityManager,
    id: number,
    entity: EntityName,
    chunks: number,
  ): AsyncIterable<Item> {
    // The header was checked at submission; read it again for the delimiter.
    const first = (await m.query(
      'SELECT data FROM self_report_parts WHERE self_report_id = ? AND part = ? AND seq = 0',
      [id, `${entity}.csv`],
    )) as { data: Buffer }[];
    const delimiter = checkCsvHeader(entity, `${entity}.csv`, first[0]?.data ?? Buffer.alloc(0)).header
      ?.delimiter;
    let index = 0;
    const skipped: Item[] = [];
    const parser = Readable.from(slices(chunkReader(m, id, `${entity}.csv`, chunks))).pipe(
      parse({
        bom: true,
        delimiter: delimiter ?? ',',
        columns: (header: string[]) => header.map((h) => canonicalHeader(entity, h) ?? h),
        relax_column_count: false,
        trim: true,
        skip_empty_lines: true,
        skip_records_with_error: true,
        on_record: (record: Record<string, string>) => ({ i: index++, r: record }),
      }),
    );
    parser.on('skip', (err: { code?: string }) =>
      skipped.push({ i: index++, skip: csvSkipMessage(err.code) }),
    );
    for await (const item of parser as AsyncIterable<Item>) {
      while (skipped.length) yield skipped.shift()!;
      yield item;
    }
    while (skipped.length) yield skipped.shift()!;
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
    const reject = (i: number, errs: { field: string | null; message: string }[]) => {
      counts.rejected++;
      for (const e of errs) {
        summary.errorCount++;
        if (summary.errors.length < STORED_ERROR_CAP)
          summary.errors.push({ entity, index: i, field: e.field, message: e.message });
      }
    };
    const check = this.checker(entity);
    let batch: Valid[] = [];
    const flush = async () => {
      if (!batch.length) return;
      const b = batch;
      batch = [];
      const rejected = await this.upsert(m, report, entity, b);
      for (const i of rejected) reject(i, [{ field: 'nik', message: MSG.unknownWorker }]);
      counts.accepted += b.length - rejected.length;
    };
    for await (const item of items) {
      if ('skip' in item) {
        reject(item.i, [{ field: null, message: item.skip }]);
        continue;
      }
      const res = check(item.r);
      if (!res.ok) reject(item.i, res.errors);
      else batch.push({ i: item.i, row: res.row });
      if (batch.length >= UPSERT_BATCH) await flush();
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

  private async idMap(m: EntityManager, sql: string, params: unknown[]): Promise<Map<string, number>> {
    const rows = (await m.query(sql, params)) as { id: number; k: string }[];
    return new Map(rows.map((r) => [String(r.k), r.id]));
  }

  /** Upserts a batch; returns the indexes rejected because their worker is unknown. */
  private async upsert(m: EntityManager, report: SelfReportEntity, entity: EntityName, batch: Valid[]) {
    const rejected: number[] = [];
    // Rows that exist already are sent with their id, so InnoDB meets the duplicate on the primary key and
    // updates in place; without it, it would insert into the clustered index, hit the unique secondary index,
    // and undo the insert before updating (several times slower for a resubmission).
    if (entity === 'workers') {
      const niks = [...new Set(batch.map((v) => (v.row as WorkerRow)[0]))];
      const ids = await this.idMap(m, 'SELECT id, nik AS k FROM workers WHERE nik IN (?)', [niks]);
      await m.query(
        `INSERT INTO workers (id, nik, name, birth_date) VALUES ?
         ON DUPLICATE KEY UPDATE name = VALUES(name), birth_date = COALESCE(VALUES(birth_date), birth_date)`,
        [batch.map((v) => [ids.get((v.row as WorkerRow)[0]) ?? null, ...(v.row as WorkerRow)])],
      );
      return rejected;
    }
    if (entity === 'rows') {
      const niks = [...new Set(batch.map((v) => (v.row as SponsoredRow)[0]))];
      const ids = await this.idMap(
        m,
        `SELECT id, CONCAT(nik, ' ', effective_from) AS k FROM sponsored_coverage WHERE nik IN (?)`,
        [niks],
      );
      await m.query(
        `INSERT INTO sponsored_coverage (id, nik, programs, effective_from, effective_to, district) VALUES ?
         ON DUPLICATE KEY UPDATE programs = VALUES(programs), effective_to = VALUES(effective_to),
                                 district = VALUES(district)`,
        [
          batch.map((v) => {
            const r = v.row as SponsoredRow;
            return [ids.get(`${r[0]} ${r[2]}`) ?? null, ...r];
          }),
        ],
      );
      return rejected;
    }
    // Contracts and enrolments name a worker: known in the database, or accepted earlier in this submission
    // (workers are upserted first, in this transaction).
    const nikOf = (v: Valid) =>
      entity === 'contracts' ? (v.row as ContractRow)[1] : (v.row as EnrolmentRow)[0];
    const niks = [...new Set(batch.map(nikOf))];
    const ids = await this.idMap(m, 'SELECT id, nik AS k FROM workers WHERE nik IN (?)', [niks]);
    const contractIds =
      entity === 'contracts'
        ? await this.idMap(m, 'SELECT id, ref AS k FROM contracts WHERE employer_id = ? AND ref IN (?)', [
            report.employerId,
            [...new Set(batch.map((v) => (v.row as ContractRow)[0]))],
          ])
        : null;
    const values: unknown[][] = [];
    for (const v of batch) {
      const workerId = ids.get(nikOf(v));
      if (workerId === undefined) {
        rejected.push(v.i);
        continue;
      }
      if (entity === 'contracts') {
        const [ref, , type, start, end, wage, position, compensationPaid, compensationPaidOn] =
          v.row as ContractRow;
        values.push([
          report.employerId,
          workerId,
          start,
          contractIds!.get(ref) ?? null,
          ref,
          type,
          end,
          wage,
          position,
          compensationPaid,
          compensationPaidOn,
          'self_report',
          report.id,
        ]);
      } else {
        const [, kpj, programs, from, to, wage] = v.row as EnrolmentRow;
        values.push([report.employerId, workerId, from, kpj, programs, to, wage, 'self_report', report.id]);
      }
    }
    if (!values.length) return rejected;
    if (entity === 'contracts') {
      await m.query(
        `INSERT INTO contracts (employer_id, worker_id, start_date, id, ref, type, end_date, monthly_wage, position,
                                compensation_paid, compensation_paid_on, source, self_report_id) VALUES ?
         ON DUPLICATE KEY UPDATE worker_id = VALUES(worker_id), start_date = VALUES(start_date), type = VALUES(type),
           end_date = VALUES(end_date), monthly_wage = VALUES(monthly_wage), position = VALUES(position),
           compensation_paid = VALUES(compensation_paid), compensation_paid_on = VALUES(compensation_paid_on),
           source = VALUES(source), self_report_id = VALUES(self_report_id)`,
        [values],
      );
    } else {
      await m.query(
        `INSERT INTO enrolments (employer_id, worker_id, effective_from, kpj, programs, effective_to, reported_wage,
                                 source, self_report_id) VALUES ?
         ON DUPLICATE KEY UPDATE kpj = VALUES(kpj), programs = VALUES(programs), effective_to = VALUES(effective_to),
           reported_wage = VALUES(reported_wage), source = VALUES(source), self_report_id = VALUES(self_report_id)`,
        [values],
      );
    }
    return rejected;
  }
}

function* arrayItems(list: unknown[]): Iterable<Item> {
  for (let i = 0; i < list.length; i++) yield { i, r: list[i] };
}

/** The rows of one entity from a JSON part laid out by canonicalJsonLines: one row per line. */
async function* jsonLineItems(chunks: AsyncIterable<Buffer>, entity: string): AsyncIterable<Item> {
  const header = JSON.stringify(entity) + ':[';
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let inside = false;
  let i = 0;
  for await (const chunk of chunks) {
    const lines = (rest + decoder.write(chunk)).split('\n');
    rest = lines.pop()!;
    for (const line of lines) {
      if (!inside) {
        inside = line === header;
        continue;
      }
      if (line === ']' || line === '],') return;
      yield { i: i++, r: JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line) as unknown };
    }
  }
}

/**
 * Stored chunks (up to 4 MB) cut into 64 KB slices: a parser turns one write into all of its records at once,
 * so small writes keep the records in flight (and the worker's heap) small; backpressure does the rest.
 */
async function* slices(chunks: AsyncIterable<Buffer>, size = 64 * 1024): AsyncIterable<Buffer> {
  for await (const chunk of chunks)
    for (let off = 0; off < chunk.length; off += size) yield chunk.subarray(off, off + size);
}

async function* chunkReader(
  m: EntityManager,
  id: number,
  part: string,
  chunks: number,
): AsyncIterable<Buffer> {
  for (let seq = 0; seq < chunks; seq++) {
    const rows = (await m.query(
      'SELECT data FROM self_report_parts WHERE self_report_id = ? AND part = ? AND seq = ?',
      [id, part, seq],
    )) as { data: Buffer }[];
    if (!rows[0]) throw new Error(`self-report ${id}: part ${part} chunk ${seq} is missing`);
    yield rows[0].data;
  }
}
