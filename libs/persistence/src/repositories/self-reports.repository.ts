import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { EntityCounts, RowError, SelfReportEntity, SelfReportKind } from '../entities/self-report.entity';

/** A new report row (status queued). */
export interface NewSelfReport {
  kind: SelfReportKind;
  employerId: number;
  idempotencyKey: string | null;
  bodyHash: string;
  format: string;
  receivedAt: Date;
  submittedByUserId: number | null;
}

export interface SelfReportListFilter {
  employerId?: number;
  kind?: SelfReportKind;
  status?: string;
  /** Keyset (newest first): ids below this. */
  beforeId?: number;
}

/** The outcome of processing, written with status processed. */
export interface ProcessedSelfReport {
  processedAt: Date;
  counts: Record<string, EntityCounts>;
  errors: RowError[];
  errorCount: number;
  /** 'queued' for an employer's report (its evaluation follows), null for sponsored coverage. */
  evaluationStatus: string | null;
}

/** self_reports and their raw parts (self_report_parts, stored in chunks). */
@Injectable()
export class SelfReportsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findById(id: number, m: EntityManager = this.db.manager): Promise<SelfReportEntity | null> {
    return m.getRepository(SelfReportEntity).findOneBy({ id });
  }

  async getById(id: number, m: EntityManager = this.db.manager): Promise<SelfReportEntity> {
    return m.getRepository(SelfReportEntity).findOneByOrFail({ id });
  }

  /** The report this owner stored under an Idempotency-Key. */
  async findByIdempotencyKey(
    employerId: number,
    key: string,
    m: EntityManager = this.db.manager,
  ): Promise<SelfReportEntity | null> {
    return m.getRepository(SelfReportEntity).findOneBy({ employerId, idempotencyKey: key });
  }

  /** Newest first, without `errors`; up to `take` rows (the caller asks for limit + 1). */
  async list(
    f: SelfReportListFilter,
    take: number,
    m: EntityManager = this.db.manager,
  ): Promise<SelfReportEntity[]> {
    const qb = m
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
      .take(take);
    if (f.employerId !== undefined) qb.andWhere('r.employer_id = :e', { e: f.employerId });
    if (f.kind) qb.andWhere('r.kind = :k', { k: f.kind });
    if (f.status) qb.andWhere('r.status = :s', { s: f.status });
    if (f.beforeId !== undefined) qb.andWhere('r.id < :after', { after: f.beforeId });
    return qb.getMany();
  }

  /** Inserts a queued report; returns its id (a reused Idempotency-Key throws; see isDuplicateKey). */
  async insert(r: NewSelfReport, m: EntityManager = this.db.manager): Promise<number> {
    const res = (await m.query(
      `INSERT INTO self_reports (kind, employer_id, idempotency_key, body_hash, format, status, received_at, submitted_by_user_id)
           VALUES (?, ?, ?, ?, ?, 'queued', ?, ?)`,
      [r.kind, r.employerId, r.idempotencyKey, r.bodyHash, r.format, r.receivedAt, r.submittedByUserId],
    )) as { insertId: number };
    return Number(res.insertId);
  }

  /** One stored chunk of a raw part. */
  async insertPartChunk(
    reportId: number,
    part: string,
    seq: number,
    data: Buffer,
    m: EntityManager = this.db.manager,
  ): Promise<void> {
    await m.query('INSERT INTO self_report_parts (self_report_id, part, seq, data) VALUES (?, ?, ?, ?)', [
      reportId,
      part,
      seq,
      data,
    ]);
  }

  /** queued → processing (a no-op in any other status). */
  async markProcessing(id: number, m: EntityManager = this.db.manager): Promise<void> {
    await m.query(`UPDATE self_reports SET status = 'processing' WHERE id = ? AND status = 'queued'`, [id]);
  }

  /** Locks the report row (FOR UPDATE) and returns its status; null when there is no such report. */
  async lockStatus(id: number, m: EntityManager): Promise<string | null> {
    const [row] = (await m.query('SELECT status FROM self_reports WHERE id = ? FOR UPDATE', [id])) as {
      status: string;
    }[];
    return row ? row.status : null;
  }

  async markProcessed(id: number, s: ProcessedSelfReport, m: EntityManager = this.db.manager): Promise<void> {
    await m.query(
      `UPDATE self_reports SET status = 'processed', processed_at = ?, counts = ?, errors = ?, error_count = ?,
                evaluation_status = ?, failure_reason = NULL WHERE id = ?`,
      [
        s.processedAt,
        JSON.stringify(s.counts),
        JSON.stringify(s.errors),
        s.errorCount,
        s.evaluationStatus,
        id,
      ],
    );
  }

  /** queued/processing → failed, with the (already masked) reason. */
  async markFailed(id: number, reason: string, m: EntityManager = this.db.manager): Promise<void> {
    await m.query(
      `UPDATE self_reports SET status = 'failed', failure_reason = ? WHERE id = ? AND status IN ('queued', 'processing')`,
      [reason, id],
    );
  }

  /** An owner's reports in flight (queued or processing): the per-employer limit (ix_self_reports_employer_status). */
  async countInFlight(
    kind: SelfReportKind,
    employerId: number,
    m: EntityManager = this.db.manager,
  ): Promise<number> {
    const [row] = (await m.query(
      `SELECT COUNT(*) AS n FROM self_reports
        WHERE employer_id = ? AND status IN ('queued', 'processing') AND kind = ?`,
      [employerId, kind],
    )) as { n: number | string }[];
    return Number(row?.n ?? 0);
  }

  /**
   * How many reports of the same owner (kind and employer) are in flight ahead of this one (lower ids): its rank
   * in its employer's line, from which its fair-queueing priority is set. 0 when it is the first (or is missing).
   */
  async inFlightAhead(id: number, m: EntityManager = this.db.manager): Promise<number> {
    const [row] = (await m.query(
      `SELECT COUNT(*) AS n FROM self_reports r JOIN self_reports a
           ON a.employer_id = r.employer_id AND a.status IN ('queued', 'processing') AND a.id < r.id
          AND a.kind = r.kind
        WHERE r.id = ?`,
      [id],
    )) as { n: number | string }[];
    return Number(row?.n ?? 0);
  }

  /** Reports still queued that were received before `before`, oldest first, at most 500. */
  async listQueuedBefore(before: Date, m: EntityManager = this.db.manager): Promise<number[]> {
    const rows = (await m.query(
      `SELECT id FROM self_reports WHERE status = 'queued' AND received_at < ? ORDER BY id LIMIT 500`,
      [before],
    )) as { id: number }[];
    return rows.map((r) => Number(r.id));
  }

  /**
   * Reports that stopped moving: queued or processing since before `idleBefore`, or an employer's report processed
   * before it whose evaluation is still queued; and not looked at by the reaper since. Oldest first, at most 500.
   */
  async findStuckReports(idleBefore: Date, m: EntityManager = this.db.manager): Promise<number[]> {
    const rows = (await m.query(
      `SELECT id FROM self_reports
        WHERE ((status IN ('queued', 'processing') AND received_at < ?)
            OR (status = 'processed' AND kind = 'employer' AND evaluation_status = 'queued' AND processed_at < ?))
          AND (reaped_at IS NULL OR reaped_at < ?)
        ORDER BY id LIMIT 500`,
      [idleBefore, idleBefore, idleBefore],
    )) as { id: number }[];
    return rows.map((r) => Number(r.id));
  }

  /** The reaper's lease on a report: true for the one worker whose update set reaped_at. */
  async claimForReaper(
    id: number,
    at: Date,
    idleBefore: Date,
    m: EntityManager = this.db.manager,
  ): Promise<boolean> {
    const res = (await m.query(
      'UPDATE self_reports SET reaped_at = ? WHERE id = ? AND (reaped_at IS NULL OR reaped_at < ?)',
      [at, id, idleBefore],
    )) as { affectedRows?: number };
    return (res.affectedRows ?? 0) > 0;
  }

  /** redrives from → from + 1; false when another worker moved it first. */
  async bumpRedrives(id: number, from: number, m: EntityManager = this.db.manager): Promise<boolean> {
    const res = (await m.query(
      'UPDATE self_reports SET redrives = redrives + 1 WHERE id = ? AND redrives = ?',
      [id, from],
    )) as { affectedRows?: number };
    return (res.affectedRows ?? 0) > 0;
  }

  /** A processed report's evaluation that never ran, however often re-driven: evaluation_status failed. */
  async markEvaluationFailed(id: number, m: EntityManager = this.db.manager): Promise<boolean> {
    const res = (await m.query(
      `UPDATE self_reports SET evaluation_status = 'failed' WHERE id = ? AND evaluation_status = 'queued'`,
      [id],
    )) as { affectedRows?: number };
    return (res.affectedRows ?? 0) > 0;
  }

  /** The number of stored chunks of each part of a report. */
  async countPartChunks(reportId: number, m: EntityManager = this.db.manager): Promise<Map<string, number>> {
    const rows = (await m.query(
      'SELECT part, COUNT(*) AS n FROM self_report_parts WHERE self_report_id = ? GROUP BY part',
      [reportId],
    )) as { part: string; n: number | string }[];
    return new Map(rows.map((p) => [p.part, Number(p.n)]));
  }

  /** The first two bytes of a part (its layout), as text; '' when the part is missing. */
  async readPartHead(reportId: number, part: string, m: EntityManager = this.db.manager): Promise<string> {
    const first = (await m.query(
      'SELECT LEFT(data, 2) AS head FROM self_report_parts WHERE self_report_id = ? AND part = ? AND seq = 0',
      [reportId, part],
    )) as { head: Buffer | string }[];
    return String(first[0]?.head ?? '');
  }

  /** One chunk of a part; undefined when it is missing. */
  async readPartChunk(
    reportId: number,
    part: string,
    seq: number,
    m: EntityManager = this.db.manager,
  ): Promise<Buffer | undefined> {
    const rows = (await m.query(
      'SELECT data FROM self_report_parts WHERE self_report_id = ? AND part = ? AND seq = ?',
      [reportId, part, seq],
    )) as { data: Buffer }[];
    return rows[0]?.data;
  }
}
