import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'crypto';
import { DataSource } from 'typeorm';
import {
  badRequest,
  conflict,
  decodeCursor,
  FieldError,
  keysetPage,
  notFound,
  Page,
  pageLimit,
  ProblemException,
} from '@patuh/core';
import {
  BpjsLoadNppRow,
  BpjsLoadRow,
  BpjsLoadsRepository,
  BpjsRowError,
  isDuplicateKey,
} from '@patuh/persistence';
import { JobName, JobProducer, jobIds } from '@patuh/queues';
import { canonicalJsonLines } from '../submission';
import { isRealDate } from '../rows';
import { checkBpjsHeader, isCommentCell } from './bpjs-rows';
import { csvHeaderCells, xlsxHeader } from './bpjs-items';

/** Stored chunks of a load's body: at most this size (as self-report parts). */
export const BPJS_CHUNK_BYTES = 4 * 1024 * 1024;
/** NPPs listed on a load's detail. */
export const BPJS_DETAIL_NPPS = 200;

export type BpjsFormat = 'json' | 'csv' | 'xlsx';

export interface BpjsSubmission {
  format: BpjsFormat;
  /** JSON: taken from the body; CSV/xlsx: the `asOf` query parameter (checked by checkAsOf). */
  asOf: string;
  idempotencyKey: string | null;
  userId: number | null;
  /** JSON: the parsed body (already within the JSON size limit); CSV/xlsx: the raw body, streamed. */
  body: unknown;
  maxBytes: number;
  /** Today in BUSINESS_TZ (asOf may not be later). */
  today: string;
}

export interface BpjsLoadView {
  id: number;
  format: string;
  asOf: string;
  status: string;
  receivedAt: string;
  processedAt: string | null;
  counts: { rows: number; accepted: number; rejected: number; npps: number };
  errorCount: number;
  failureReason: string | null;
  deletedAt: string | null;
  /** Detail only: how many of its NPPs are judged on this load now (a later load replaces it). */
  nppsCurrent?: number;
  /** Detail only: the first NPPs of the load (by NPP). */
  npps?: BpjsLoadNppRow[];
  errors?: BpjsRowError[];
  errorsTruncated?: boolean;
}

export function toBpjsLoadView(r: BpjsLoadRow): BpjsLoadView {
  return {
    id: r.id,
    format: r.format,
    asOf: r.asOf,
    status: r.status,
    receivedAt: r.receivedAt.toISOString(),
    processedAt: r.processedAt ? r.processedAt.toISOString() : null,
    counts: { rows: r.rowsTotal, accepted: r.rowsAccepted, rejected: r.rowsRejected, npps: r.nppsTotal },
    errorCount: r.errors?.count ?? 0,
    failureReason: r.failureReason,
    deletedAt: r.deletedAt ? r.deletedAt.toISOString() : null,
  };
}

const tooLarge = (max: number) =>
  new ProblemException(
    413,
    'Payload Too Large',
    `The load is larger than ${Math.round(max / (1024 * 1024))} MB (BPJS_LOAD_MAX_BYTES); split it by NPP`,
  );
const shape = (detail: string, errors: FieldError[]) => badRequest(detail, errors);

/** `asOf` of a load: a real date, not after today. */
export function checkAsOf(v: unknown, today: string, path = 'asOf'): string {
  if (v === undefined || v === null || v === '')
    throw shape('asOf is required', [
      {
        path,
        message: 'the date the BPJS records describe, YYYY-MM-DD / tanggal posisi data BPJS, YYYY-MM-DD',
      },
    ]);
  if (typeof v !== 'string' || !isRealDate(v))
    throw shape('asOf is not a date', [{ path, message: 'must be a real date written YYYY-MM-DD' }]);
  if (v > today)
    throw shape('asOf is in the future', [{ path, message: `must not be after today (${today})` }]);
  return v;
}

/** Checks the start of a CSV body: its header row, and that a data row follows. null: read more first. */
function inspectCsvHead(head: Buffer, final: boolean): FieldError[] | null {
  let text = head.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split('\n');
  if (!final) lines.pop(); // maybe incomplete
  let i = 0;
  while (i < lines.length && !lines[i]!.trim()) i++;
  if (i >= lines.length) {
    return final
      ? [{ path: 'body', message: 'the file is empty; the first row must name the columns' }]
      : null;
  }
  const cells = csvHeaderCells(lines[i]!.replace(/\r$/, ''));
  if (!cells) return [{ path: 'body', message: 'the header row is not valid CSV' }];
  const check = checkBpjsHeader(cells);
  if (check.errors.length) return check.errors.map((message) => ({ path: 'body', message }));
  for (let j = i + 1; j < lines.length; j++) {
    const l = lines[j]!.trim();
    if (l && !isCommentCell(l)) return [];
  }
  return final || head.length >= 1024 * 1024
    ? [{ path: 'body', message: 'the file has a header row but no data rows' }]
    : null;
}

/** The API side of BPJS loads: store a load durably, enqueue its processing; list, read and delete loads. */
@Injectable()
export class BpjsLoadsService {
  private readonly logger = new Logger(BpjsLoadsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly loads: BpjsLoadsRepository,
    private readonly producer: JobProducer,
  ) {}

  /**
   * Checks the body's shape (a 400 stores nothing), stores the load row and its body in chunks in one
   * transaction, then enqueues processing. The same Idempotency-Key with the same body returns the first load
   * (replayed); with another body → 422.
   */
  async submit(s: BpjsSubmission): Promise<{ load: BpjsLoadRow; replayed: boolean }> {
    const json = s.format === 'json' ? this.checkJson(s) : null;
    // A raw body Fastify had nothing to hand over for (no bytes): an empty stream.
    if (s.format !== 'json' && !isStream(s.body)) s.body = one(Buffer.alloc(0));
    const prefix = `${s.format}\n${s.asOf}\n`;
    // An xlsx workbook is read whole (it is a zip; its header row is checked before anything is stored).
    let whole: Buffer | null = json;
    if (s.format === 'xlsx') {
      whole = await readAll(s.body as AsyncIterable<Buffer>, s.maxBytes);
      const head = await xlsxHeader(one(whole));
      if (head.error)
        throw shape('The workbook does not have the expected shape', [{ path: 'body', message: head.error }]);
      const check = checkBpjsHeader(head.cells ?? []);
      if (check.errors.length)
        throw shape(
          'The workbook does not have the expected shape',
          check.errors.map((message) => ({ path: 'records', message })),
        );
      if (!head.dataRows)
        throw shape('The workbook has no data rows', [
          { path: 'records', message: 'the sheet has a header row but no data rows' },
        ]);
    }
    const stream: AsyncIterable<Buffer> = whole ? one(whole) : (s.body as AsyncIterable<Buffer>);

    if (s.idempotencyKey) {
      const prior = await this.loads.findByIdempotencyKey(s.idempotencyKey);
      if (prior)
        return { load: this.replay(prior, await hashOf(prefix, stream, s.maxBytes)), replayed: true };
    }
    let id: number;
    try {
      id = await this.db.transaction(async (m) => {
        const loadId = await this.loads.insert(
          {
            idempotencyKey: s.idempotencyKey,
            bodyHash: '',
            format: s.format,
            asOf: s.asOf,
            receivedAt: new Date(),
            submittedByUserId: s.userId,
          },
          m,
        );
        const h = createHash('sha256').update(prefix);
        let seq = 0;
        let total = 0;
        let pending: Buffer[] = [];
        let pendingLen = 0;
        let head: Buffer | null = s.format === 'csv' ? Buffer.alloc(0) : null;
        const write = async (data: Buffer) => this.loads.insertPartChunk(loadId, seq++, data, m);
        for await (const raw of stream) {
          const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw as Uint8Array);
          total += chunk.length;
          if (total > s.maxBytes) throw tooLarge(s.maxBytes);
          h.update(chunk);
          if (head) {
            head = Buffer.concat([head, chunk.subarray(0, 1024 * 1024)]);
            const errs = inspectCsvHead(head, false);
            if (errs?.length) throw shape('The CSV does not have the expected shape', errs);
            if (errs) head = null;
          }
          pending.push(chunk);
          pendingLen += chunk.length;
          if (pendingLen >= BPJS_CHUNK_BYTES) {
            let all = Buffer.concat(pending);
            while (all.length >= BPJS_CHUNK_BYTES) {
              await write(all.subarray(0, BPJS_CHUNK_BYTES));
              all = all.subarray(BPJS_CHUNK_BYTES);
            }
            pending = all.length ? [Buffer.from(all)] : [];
            pendingLen = all.length;
          }
        }
        if (head) {
          const errs = inspectCsvHead(head, true);
          if (errs?.length) throw shape('The CSV does not have the expected shape', errs);
        }
        if (pendingLen || seq === 0) await write(Buffer.concat(pending));
        await this.loads.updateBodyHash(loadId, h.digest('hex'), m);
        return loadId;
      });
    } catch (e) {
      // Two requests with one key at once: the unique index lets one in; the other answers as a replay.
      if (s.idempotencyKey && isDuplicateKey(e) && whole) {
        const prior = await this.loads.findByIdempotencyKey(s.idempotencyKey);
        if (prior)
          return { load: this.replay(prior, await hashOf(prefix, one(whole), s.maxBytes)), replayed: true };
      }
      if (s.idempotencyKey && isDuplicateKey(e))
        throw conflict('A load with this Idempotency-Key is being stored right now; retry in a moment');
      throw e;
    }
    const load = (await this.loads.findById(id))!;
    await this.enqueue(load);
    return { load, replayed: false };
  }

  /** `{asOf, rows}`: asOf a real date, rows a non-empty array, nothing else. Returns the stored form. */
  private checkJson(s: BpjsSubmission): Buffer {
    const b = s.body;
    if (!b || typeof b !== 'object' || Array.isArray(b))
      throw shape('The load does not have the expected shape', [
        { path: '', message: 'the body must be a JSON object {asOf, rows}' },
      ]);
    const o = b as Record<string, unknown>;
    const errors: FieldError[] = [];
    for (const k of Object.keys(o))
      if (k !== 'asOf' && k !== 'rows')
        errors.push({ path: k, message: 'unknown property; expected asOf, rows' });
    if (!Array.isArray(o.rows)) errors.push({ path: 'rows', message: 'rows must be an array of records' });
    else if (!o.rows.length) errors.push({ path: 'rows', message: 'send at least one row' });
    if (errors.length) throw shape('The load does not have the expected shape', errors);
    s.asOf = checkAsOf(o.asOf, s.today);
    return Buffer.from(canonicalJsonLines({ rows: o.rows }, ['rows']), 'utf8');
  }

  private replay(prior: BpjsLoadRow, bodyHash: string): BpjsLoadRow {
    if (prior.bodyHash !== bodyHash)
      throw new ProblemException(
        422,
        'Unprocessable Content',
        `This Idempotency-Key was already used for another body (load ${prior.id}); use a new key for a new load`,
      );
    return prior;
  }

  /**
   * Enqueue processing. The job id (bpjs-load-<id>-<received at>) dedupes, and differs for a load id reused by a
   * database restored from a backup while Redis kept its jobs (as sweeps' and self-reports'). A failure leaves it
   * queued; the worker's poller retries.
   */
  async enqueue(r: { id: number; receivedAt: Date }): Promise<boolean> {
    const id = r.id;
    try {
      await this.producer.enqueue(
        JobName.ProcessBpjsLoad,
        { loadId: id },
        { jobId: jobIds.processBpjsLoad(id, r.receivedAt) },
      );
      return true;
    } catch (e) {
      this.logger.warn(
        `BPJS load ${id} stored but not enqueued (the poller will retry): ${(e as Error).message}`,
      );
      return false;
    }
  }

  async get(id: number): Promise<BpjsLoadView> {
    const r = await this.loads.findById(id);
    if (!r) throw notFound('BPJS load');
    const items = r.errors?.items ?? [];
    return {
      ...toBpjsLoadView(r),
      nppsCurrent: await this.loads.countCurrentNpps(id),
      npps: await this.loads.listNpps(id, BPJS_DETAIL_NPPS),
      errors: items,
      errorsTruncated: (r.errors?.count ?? 0) > items.length,
    };
  }

  /** Newest first (by id), keyset-paginated, without errors (see the detail). */
  async list(q: { status?: string; limit?: number; cursor?: string }): Promise<Page<BpjsLoadView>> {
    const limit = pageLimit(q.limit, 20, 100);
    const after = decodeCursor(q.cursor, 1);
    const rows = await this.loads.list(
      { status: q.status, beforeId: after ? Number(after[0]) : undefined },
      limit + 1,
    );
    const page = keysetPage(rows, limit, (r) => [r.id]);
    return { items: page.items.map(toBpjsLoadView), nextCursor: page.nextCursor };
  }

  /**
   * Deletes a load (admin): its row stays `deleted` (for audit), each NPP it named is judged on the next load
   * in line at once; its records are purged and its employers re-evaluated by the worker. A deleted load again
   * is a no-op; one still being processed → 409.
   */
  async delete(id: number, userId: number | null): Promise<BpjsLoadView> {
    const before = await this.loads.findById(id);
    if (!before) throw notFound('BPJS load');
    if (before.status === 'processing')
      throw conflict('The load is being processed; delete it once it is processed');
    if (before.status !== 'deleted') {
      await this.db.transaction(async (m) => {
        const status = await this.loads.lockStatus(id, m);
        if (status === 'deleted') return;
        if (status === 'processing')
          throw conflict('The load is being processed; delete it once it is processed');
        await this.loads.markDeleted(id, new Date(), userId, m);
        await this.loads.recomputeCoverage(id, m);
      });
      this.logger.log(`BPJS load ${id} deleted by user ${userId ?? '-'}`);
    }
    try {
      await this.producer.enqueue(
        JobName.ProcessBpjsLoad,
        { loadId: id },
        { jobId: jobIds.purgeBpjsLoad(id, before.receivedAt) },
      );
    } catch (e) {
      this.logger.warn(`BPJS load ${id} deleted but its purge not enqueued: ${(e as Error).message}`);
    }
    return this.get(id);
  }
}

const isStream = (v: unknown): v is AsyncIterable<Buffer> =>
  !!v && typeof (v as AsyncIterable<Buffer>)[Symbol.asyncIterator] === 'function';

async function* one(buf: Buffer): AsyncIterable<Buffer> {
  yield buf;
}

async function readAll(body: AsyncIterable<Buffer>, max: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const c of body) {
    n += c.length;
    if (n > max) throw tooLarge(max);
    parts.push(Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array));
  }
  return Buffer.concat(parts);
}

async function hashOf(prefix: string, body: AsyncIterable<Buffer>, max: number): Promise<string> {
  const h = createHash('sha256').update(prefix);
  let n = 0;
  for await (const c of body) {
    n += c.length;
    if (n > max) throw tooLarge(max);
    h.update(c);
  }
  return h.digest('hex');
}
