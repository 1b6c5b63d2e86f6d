import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, keysetPage, notFound, Page, pageLimit, ProblemException } from '@patuh/core';
import { isDuplicateKey, SelfReportEntity, SelfReportKind, SelfReportsRepository } from '@patuh/persistence';
import { fairPriority, JobName, JobProducer, jobIds } from '@patuh/queues';
import { rejectedWorkbook, XLSX_PART } from './xlsx';

/** Raw parts are stored in chunks of at most this size, so any max_allowed_packet (≥ 16 MB as hex) takes them. */
export const PART_CHUNK_BYTES = 4 * 1024 * 1024;

export interface SubmissionInput {
  kind: SelfReportKind;
  /** The reporting employer; 0 for sponsored-coverage uploads. */
  employerId: number;
  userId: number | null;
  idempotencyKey: string | null;
  format: 'json' | 'csv' | 'xlsx';
  bodyHash: string;
  parts: { name: string; data: Buffer }[];
}

export interface SelfReportView {
  id: number;
  kind: SelfReportKind;
  employerId: number | null;
  format: string;
  status: string;
  receivedAt: string;
  processedAt: string | null;
  counts: Record<string, { accepted: number; rejected: number }> | null;
  errorCount: number;
  errorsTruncated?: boolean;
  errors?: { entity: string; index: number; field: string | null; message: string }[];
  failureReason: string | null;
  evaluation: { status: string | null; finishedAt: string | null };
}

export function toSelfReportView(r: SelfReportEntity, withErrors = true): SelfReportView {
  const errors = r.errors ?? [];
  return {
    id: r.id,
    kind: r.kind,
    employerId: r.kind === 'sponsored' ? null : r.employerId,
    format: r.format,
    status: r.status,
    receivedAt: r.receivedAt.toISOString(),
    processedAt: r.processedAt ? r.processedAt.toISOString() : null,
    counts: r.counts,
    errorCount: r.errorCount,
    ...(withErrors ? { errors, errorsTruncated: r.errorCount > errors.length } : {}),
    failureReason: r.failureReason,
    evaluation: {
      status: r.evaluationStatus,
      finishedAt: r.evaluationFinishedAt ? r.evaluationFinishedAt.toISOString() : null,
    },
  };
}

/** The API side of self-reports: store a submission durably, enqueue its processing, read reports back. */
@Injectable()
export class SelfReportsService {
  private readonly logger = new Logger(SelfReportsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reports: SelfReportsRepository,
    private readonly producer: JobProducer,
  ) {}

  /**
   * Stores the report row and its raw parts in one transaction, then enqueues processing. With an
   * Idempotency-Key already used by this owner: the same body returns the first report (replayed), another → 422.
   */
  async submit(input: SubmissionInput): Promise<{ report: SelfReportEntity; replayed: boolean }> {
    if (input.idempotencyKey) {
      const prior = await this.byKey(input.employerId, input.idempotencyKey);
      if (prior) return { report: this.replay(prior, input.bodyHash), replayed: true };
    }
    let id: number;
    const receivedAt = new Date();
    try {
      id = await this.db.transaction(async (m) => {
        const reportId = await this.reports.insert(
          {
            kind: input.kind,
            employerId: input.employerId,
            idempotencyKey: input.idempotencyKey,
            bodyHash: input.bodyHash,
            format: input.format,
            receivedAt,
            submittedByUserId: input.userId,
          },
          m,
        );
        for (const part of input.parts) {
          let seq = 0;
          for (let off = 0; off < part.data.length || seq === 0; off += PART_CHUNK_BYTES) {
            await this.reports.insertPartChunk(
              reportId,
              part.name,
              seq++,
              part.data.subarray(off, off + PART_CHUNK_BYTES),
              m,
            );
          }
        }
        return reportId;
      });
    } catch (e) {
      // Two requests with one key at once: the unique index lets one in; the other answers as a replay.
      if (input.idempotencyKey && isDuplicateKey(e)) {
        const prior = await this.byKey(input.employerId, input.idempotencyKey);
        if (prior) return { report: this.replay(prior, input.bodyHash), replayed: true };
      }
      throw e;
    }
    await this.enqueue({ id, receivedAt });
    const report = await this.reports.getById(id);
    return { report, replayed: false };
  }

  /** An owner's reports queued or processing (the SELF_REPORT_MAX_IN_FLIGHT limit). */
  inFlight(kind: SelfReportKind, employerId: number): Promise<number> {
    return this.reports.countInFlight(kind, employerId);
  }

  /**
   * Enqueue processing. The job id (self-report-<id>-<received at>[-r<round>]) dedupes, and differs for a report
   * id reused by a restored database. A failure leaves the row queued; the worker's poller retries. Fair queueing:
   * the job's priority is 1 + the number of its employer's reports in flight ahead of it, so the ingest queue is
   * served round robin across employers (one employer's flood cannot hold the others back).
   */
  async enqueue(r: { id: number; receivedAt: Date }, round = 0): Promise<boolean> {
    const id = r.id;
    try {
      const ahead = await this.reports.inFlightAhead(id);
      await this.producer.enqueue(
        JobName.ProcessSelfReport,
        { selfReportId: id },
        { jobId: jobIds.processSelfReport(id, r.receivedAt, round), priority: fairPriority(ahead) },
      );
      return true;
    } catch (e) {
      this.logger.warn(
        `self-report ${id} stored but not enqueued (the poller will retry): ${(e as Error).message}`,
      );
      return false;
    }
  }

  private byKey(employerId: number, key: string): Promise<SelfReportEntity | null> {
    return this.reports.findByIdempotencyKey(employerId, key);
  }

  private replay(prior: SelfReportEntity, bodyHash: string): SelfReportEntity {
    if (prior.bodyHash !== bodyHash)
      throw new ProblemException(
        422,
        'Unprocessable Content',
        `This Idempotency-Key was already used for another body (report ${prior.id}); use a new key for a new submission`,
      );
    return prior;
  }

  /** One report. `employerId` scopes it (employer keys): another's report is "not found". */
  async get(id: number, employerId?: number): Promise<SelfReportView> {
    const r = await this.reports.findById(id);
    if (!r || (employerId !== undefined && (r.kind !== 'employer' || r.employerId !== employerId)))
      throw notFound('Self-report');
    return toSelfReportView(r);
  }

  /**
   * A workbook report's rejected rows as a workbook (issue #18): the sheets with rejected rows, their header and
   * those rows, to fix and upload again. Only for reports sent as .xlsx (409 otherwise: a CSV's rows are given
   * back by the portal from the clerk's own file); rows beyond the stored errors' cap are not included.
   */
  async rejectedWorkbook(id: number, employerId?: number): Promise<Buffer> {
    const r = await this.reports.findById(id);
    if (!r || (employerId !== undefined && (r.kind !== 'employer' || r.employerId !== employerId)))
      throw notFound('Self-report');
    if (r.format !== 'xlsx')
      throw new ProblemException(409, 'Conflict', 'This report was not sent as an .xlsx workbook');
    if (r.status !== 'processed')
      throw new ProblemException(409, 'Conflict', `The report is ${r.status}; its rows are not checked yet`);
    const rejected = (r.errors ?? []).flatMap((e) =>
      e.sheet !== undefined && e.row !== undefined ? [{ sheet: e.sheet, row: e.row }] : [],
    );
    const chunks = (await this.reports.countPartChunks(id)).get(XLSX_PART) ?? 0;
    const parts: Buffer[] = [];
    for (let seq = 0; seq < chunks; seq++) {
      const data = await this.reports.readPartChunk(id, XLSX_PART, seq);
      if (data) parts.push(data);
    }
    return rejectedWorkbook(Buffer.concat(parts), rejected);
  }

  /** Newest first (by id), keyset-paginated. Items omit `errors` (see the detail). */
  async list(q: {
    employerId?: number;
    kind?: SelfReportKind;
    status?: string;
    limit?: number;
    cursor?: string;
  }): Promise<Page<SelfReportView>> {
    const limit = pageLimit(q.limit, 20, 100);
    const after = decodeCursor(q.cursor, 1);
    const rows = await this.reports.list(
      {
        employerId: q.employerId,
        kind: q.kind,
        status: q.status,
        beforeId: after ? Number(after[0]) : undefined,
      },
      limit + 1,
    );
    const page = keysetPage(rows, limit, (r) => [r.id]);
    return {
      items: page.items.map((r) => toSelfReportView({ ...r, errors: null } as SelfReportEntity, false)),
      nextCursor: page.nextCursor,
    };
  }
}
