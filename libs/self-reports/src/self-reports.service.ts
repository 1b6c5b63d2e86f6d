import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor, notFound, Page, ProblemException } from '@patuh/core';
import { SelfReportEntity, SelfReportKind } from '@patuh/persistence';
import { JobName, JobProducer, jobIds } from '@patuh/queues';

/** Raw parts are stored in chunks of at most this size, so any max_allowed_packet (≥ 16 MB as hex) takes them. */
export const PART_CHUNK_BYTES = 4 * 1024 * 1024;

export interface SubmissionInput {
  kind: SelfReportKind;
  /** The reporting employer; 0 for sponsored-coverage uploads. */
  employerId: number;
  userId: number | null;
  idempotencyKey: string | null;
  format: 'json' | 'csv';
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

const isDuplicate = (e: unknown) =>
  (e as { code?: string; driverError?: { code?: string } }).code === 'ER_DUP_ENTRY' ||
  (e as { driverError?: { code?: string } }).driverError?.code === 'ER_DUP_ENTRY';

/** The API side of self-reports: store a submission durably, enqueue its processing, read reports back. */
@Injectable()
export class SelfReportsService {
  private readonly logger = new Logger(SelfReportsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
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
    try {
      id = await this.db.transaction(async (m) => {
        const res = (await m.query(
          `INSERT INTO self_reports (kind, employer_id, idempotency_key, body_hash, format, status, received_at, submitted_by_user_id)
           VALUES (?, ?, ?, ?, ?, 'queued', ?, ?)`,
          [
            input.kind,
            input.employerId,
            input.idempotencyKey,
            input.bodyHash,
            input.format,
            new Date(),
            input.userId,
          ],
        )) as { insertId: number };
        const reportId = Number(res.insertId);
        for (const part of input.parts) {
          let seq = 0;
          for (let off = 0; off < part.data.length || seq === 0; off += PART_CHUNK_BYTES) {
            await m.query(
              'INSERT INTO self_report_parts (self_report_id, part, seq, data) VALUES (?, ?, ?, ?)',
              [reportId, part.name, seq++, part.data.subarray(off, off + PART_CHUNK_BYTES)],
            );
          }
        }
        return reportId;
      });
    } catch (e) {
      // Two requests with one key at once: the unique index lets one in; the other answers as a replay.
      if (input.idempotencyKey && isDuplicate(e)) {
        const prior = await this.byKey(input.employerId, input.idempotencyKey);
        if (prior) return { report: this.replay(prior, input.bodyHash), replayed: true };
      }
      throw e;
    }
    await this.enqueue(id);
    const report = await this.db.getRepository(SelfReportEntity).findOneByOrFail({ id });
    return { report, replayed: false };
  }

  /** Enqueue processing (job id self-report-<id> dedupes). A failure leaves the row queued; the worker's poller retries. */
  async enqueue(id: number): Promise<boolean> {
    try {
      await this.producer.enqueue(
        JobName.ProcessSelfReport,
        { selfReportId: id },
        { jobId: jobIds.processSelfReport(id) },
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
    return this.db.getRepository(SelfReportEntity).findOneBy({ employerId, idempotencyKey: key });
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
    const r = await this.db.getRepository(SelfReportEntity).findOneBy({ id });
    if (!r || (employerId !== undefined && (r.kind !== 'employer' || r.employerId !== employerId)))
      throw notFound('Self-report');
    return toSelfReportView(r);
  }

  /** Newest first (by id), keyset-paginated. Items omit `errors` (see the detail). */
  async list(q: {
    employerId?: number;
    kind?: SelfReportKind;
    status?: string;
    limit?: number;
    cursor?: string;
  }): Promise<Page<SelfReportView>> {
    const limit = Math.min(Math.max(q.limit ?? 20, 1), 100);
    const after = decodeCursor(q.cursor, 1);
    const qb = this.db
      .getRepository(SelfReportEntity)
      .createQueryBuilder('r')
      .select([
        'r.id',
        'r.kind',
        'r.employerId',
        'r.format',
        'r.status',
        'r.receivedAt',
        'r.processedAt',
        'r.counts',
        'r.errorCount',
        'r.evaluationStatus',
        'r.evaluationFinishedAt',
        'r.failureReason',
      ])
      .orderBy('r.id', 'DESC')
      .take(limit + 1);
    if (q.employerId !== undefined) qb.andWhere('r.employer_id = :e', { e: q.employerId });
    if (q.kind) qb.andWhere('r.kind = :k', { k: q.kind });
    if (q.status) qb.andWhere('r.status = :s', { s: q.status });
    if (after) qb.andWhere('r.id < :after', { after: Number(after[0]) });
    const rows = await qb.getMany();
    const items = rows.slice(0, limit);
    return {
      items: items.map((r) => toSelfReportView({ ...r, errors: null } as SelfReportEntity, false)),
      nextCursor: rows.length > limit ? encodeCursor([items[items.length - 1]!.id]) : null,
    };
  }
}
