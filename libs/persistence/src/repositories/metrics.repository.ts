import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CaseSeverity, CaseStatus, SEVERITY_RANK } from '../entities/case.entity';

/** A running sweep's progress: its plan, its recorded batches, and when it last moved (started or a batch). */
export interface RunningSweepRow {
  id: number;
  employersTotal: number;
  batchesTotal: number;
  employersDone: number;
  batchesDone: number;
  /** The latest recorded batch's finish, else the sweep's start (else its creation). */
  lastProgressAt: Date;
}

export interface CountByStatus<S extends string = string> {
  status: S;
  n: number;
}

export interface CasesCountRow {
  status: CaseStatus;
  severity: CaseSeverity;
  n: number;
}

/** Counts by status, with the oldest row's time per status (received_at / created_at). */
export interface AgedCountRow extends CountByStatus {
  oldest: Date | null;
}

const SEVERITY_OF_RANK = new Map<number, CaseSeverity>(
  Object.entries(SEVERITY_RANK).map(([s, r]) => [r, s as CaseSeverity]),
);

/** The driver gives DATETIME as a Date (UTC, data-source timezone 'Z'); an aggregate given as text is UTC too. */
const asDate = (v: Date | string | null): Date | null =>
  v === null
    ? null
    : v instanceof Date
      ? v
      : new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : v.replace(' ', 'T') + 'Z');

/**
 * The aggregates behind the operators' gauges (GET /metrics, docs/operations.md). Each is one grouped read, meant
 * to be run at most every few seconds (the caller caches): they read indexes where one covers them.
 */
@Injectable()
export class MetricsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every running sweep with the sums of its recorded batches (sweeps is small; batches by their primary key). */
  async findRunningSweeps(m: EntityManager = this.db.manager): Promise<RunningSweepRow[]> {
    const rows = (await m.query(
      `SELECT s.id, s.employers_total AS employersTotal, s.batches_total AS batchesTotal,
              COUNT(b.batch_no) AS batchesDone, COALESCE(SUM(b.employers), 0) AS employersDone,
              COALESCE(MAX(b.finished_at), s.started_at, s.created_at) AS lastProgressAt
         FROM sweeps s LEFT JOIN sweep_batches b ON b.sweep_id = s.id
        WHERE s.status = 'running'
        GROUP BY s.id, s.employers_total, s.batches_total, s.started_at, s.created_at`,
    )) as Record<string, number | string | Date>[];
    return rows.map((r) => ({
      id: Number(r.id),
      employersTotal: Number(r.employersTotal),
      batchesTotal: Number(r.batchesTotal),
      batchesDone: Number(r.batchesDone),
      employersDone: Number(r.employersDone),
      lastProgressAt: asDate(r.lastProgressAt as Date | string)!,
    }));
  }

  /** When the latest completed sweep finished (null: none ever did). */
  async findLastCompletedSweepAt(m: EntityManager = this.db.manager): Promise<Date | null> {
    const [row] = (await m.query(`SELECT MAX(finished_at) AS at FROM sweeps WHERE status = 'completed'`)) as {
      at: Date | string | null;
    }[];
    return asDate(row?.at ?? null);
  }

  /** Cases by status and severity: one scan of ix_cases_queue (status, severity_rank, …), no row lookups. */
  async countCasesByStatusAndSeverity(m: EntityManager = this.db.manager): Promise<CasesCountRow[]> {
    const rows = (await m.query(
      'SELECT status, severity_rank AS rank, COUNT(*) AS n FROM cases GROUP BY status, severity_rank',
    )) as { status: CaseStatus; rank: number; n: number | string }[];
    return rows.flatMap((r) => {
      const severity = SEVERITY_OF_RANK.get(Number(r.rank));
      return severity ? [{ status: r.status, severity, n: Number(r.n) }] : [];
    });
  }

  /** Deliveries by status: one scan of ix_alert_deliveries_status (status, next_attempt_at). */
  async countDeliveriesByStatus(m: EntityManager = this.db.manager): Promise<CountByStatus[]> {
    const rows = (await m.query('SELECT status, COUNT(*) AS n FROM alert_deliveries GROUP BY status')) as {
      status: string;
      n: number | string;
    }[];
    return rows.map((r) => ({ status: r.status, n: Number(r.n) }));
  }

  /**
   * The pending deliveries (an index range): how many have had a failed attempt (are being retried), the
   * attempts they have used, and when the oldest was made.
   */
  async findPendingDeliveries(
    m: EntityManager = this.db.manager,
  ): Promise<{ retrying: number; attempts: number; oldest: Date | null }> {
    const [row] = (await m.query(
      `SELECT COALESCE(SUM(attempts > 0), 0) AS retrying, COALESCE(SUM(attempts), 0) AS attempts,
              MIN(created_at) AS oldest
         FROM alert_deliveries WHERE status = 'pending'`,
    )) as { retrying: number | string; attempts: number | string; oldest: Date | string | null }[];
    return {
      retrying: Number(row?.retrying ?? 0),
      attempts: Number(row?.attempts ?? 0),
      oldest: asDate(row?.oldest ?? null),
    };
  }

  /** Self-reports (and sponsored-coverage uploads) by status, with the oldest received per status. */
  async countSelfReportsByStatus(m: EntityManager = this.db.manager): Promise<AgedCountRow[]> {
    const rows = (await m.query(
      'SELECT status, COUNT(*) AS n, MIN(received_at) AS oldest FROM self_reports GROUP BY status',
    )) as { status: string; n: number | string; oldest: Date | string | null }[];
    return rows.map((r) => ({ status: r.status, n: Number(r.n), oldest: asDate(r.oldest) }));
  }
}
