import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SweepEntity } from '../entities/sweep.entity';

/** The sums of a sweep's recorded batches. */
export interface BatchTotals {
  batches: number;
  employers: number;
  failed: number;
  opened: number;
  resolved: number;
  reopened: number;
}

/** One recorded batch (sweep_batches). */
export interface SweepBatchRecord {
  sweepId: number;
  batchNo: number;
  employers: number;
  failedEmployerIds: readonly number[];
  opened: number;
  resolved: number;
  reopened: number;
}

/** What closing a sweep writes on its row. */
export interface SweepClose {
  status: 'completed' | 'failed';
  totals: BatchTotals;
  failedEmployerIds: readonly number[];
}

/** Sweeps and their batches (sweeps, sweep_batches). */
/** What an incremental sweep judges by: its day, the ruleset in force, the refresh period of figures. */
export interface IncrementalScope {
  asOf: string;
  rulesetKey: string;
  refreshDays: number;
}

/**
 * Whether an employer must be judged whole by an incremental sweep as of `asOf`, over `employers e`,
 * `employer_evaluations v` and `employer_input_revs r`: never evaluated; its own input revision or the ruleset
 * moved; last judged for a later day; its next-change day has come; or its figures are due their refresh. NULL
 * (not due) for an employer whose next-change day is none and nothing else moved. The sweep's selection and the
 * evaluation's choice of a principal's contractors-only judgement (EvaluationRepository.findContractorsOnly) read
 * this one expression; dueByDayAlone reads its reasons but the day.
 */
export function ownDue(scope: IncrementalScope): { sql: string; params: unknown[] } {
  const other = dueButByDay(scope);
  return { sql: `(${other.sql} OR v.next_change_on <= ?)`, params: [...other.params, scope.asOf] };
}

/** ownDue's reasons but the next-change day. */
function dueButByDay(scope: IncrementalScope): { sql: string; params: unknown[] } {
  const { asOf, rulesetKey, refreshDays } = scope;
  return {
    sql: `(v.employer_id IS NULL OR v.ruleset_key <> ? OR v.input_rev <> COALESCE(r.rev, 0) OR v.as_of > ?
           OR (MOD(TO_DAYS(?) + e.id, ?) = 0 AND v.as_of < ?) OR DATEDIFF(?, v.as_of) >= ?)`,
    params: [rulesetKey, asOf, asOf, refreshDays, asOf, asOf, refreshDays],
  };
}

/**
 * Whether an employer is due as of `asOf` by its next-change day alone, over the same tables as ownDue: evaluated
 * on an earlier day, its day has come, and nothing else of ownDue's reasons holds, nor did its contractors' rows
 * move. Such an employer's inputs are those last judged: only the days between can have moved its findings, so an
 * incremental sweep may judge only the workers whose own day has come (EvaluationRepository.findFingerprints).
 */
export function dueByDayAlone(scope: IncrementalScope): { sql: string; params: unknown[] } {
  const other = dueButByDay(scope);
  return {
    sql: `(v.next_change_on <= ? AND v.as_of < ? AND COALESCE(${other.sql}, 0) = 0 AND NOT ${CONTRACTORS_MOVED})`,
    params: [scope.asOf, scope.asOf, ...other.params],
  };
}

/** A principal's contractors' rows moved since its last evaluation (migration 1300). */
export const CONTRACTORS_MOVED = 'v.contractor_rev <> COALESCE(r.contractor_rev, 0)';

@Injectable()
export class SweepsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Stores a new sweep (a duplicate schedule key throws ER_DUP_ENTRY: see isDuplicateKey). */
  async insert(sweep: Partial<SweepEntity>, m: EntityManager = this.db.manager): Promise<SweepEntity> {
    const repo = m.getRepository(SweepEntity);
    return repo.save(repo.create(sweep));
  }

  async findById(id: number, m: EntityManager = this.db.manager): Promise<SweepEntity | null> {
    return m.getRepository(SweepEntity).findOne({ where: { id } });
  }

  /** The newest sweeps first. */
  async listRecent(limit: number, m: EntityManager = this.db.manager): Promise<SweepEntity[]> {
    return m.getRepository(SweepEntity).find({ order: { id: 'DESC' }, take: limit });
  }

  /**
   * One keyset page of employer ids (> after; in `ids`, or ≤ maxId) with their contract counts, by id, at most
   * `limit` (the sweep's batch planning).
   */
  async pageEmployersWithContractCounts(
    after: number,
    scope: { ids: readonly number[] | null; maxId: number | null },
    limit: number,
    m: EntityManager = this.db.manager,
  ): Promise<{ id: number; n: number }[]> {
    const filter = scope.ids ? 'AND e.id IN (?)' : scope.maxId !== null ? 'AND e.id <= ?' : '';
    const rows = (await m.query(
      `SELECT e.id, (SELECT COUNT(*) FROM contracts c WHERE c.employer_id = e.id) AS n
           FROM employers e WHERE e.id > ? ${filter} ORDER BY e.id LIMIT ${Number(limit)}`,
      scope.ids ? [after, scope.ids] : scope.maxId !== null ? [after, scope.maxId] : [after],
    )) as { id: number; n: number | string }[];
    return rows.map((r) => ({ id: r.id, n: Number(r.n) }));
  }

  /** Of these employer ids, those that exist. */
  async findExistingEmployerIds(
    ids: readonly number[],
    m: EntityManager = this.db.manager,
  ): Promise<Set<number>> {
    if (!ids.length) return new Set();
    return new Set(
      ((await m.query('SELECT id FROM employers WHERE id IN (?)', [ids])) as { id: number }[]).map(
        (r) => r.id,
      ),
    );
  }

  /**
   * queued → running, with the plan's totals and its batches' first employer ids; false (and no change) unless it
   * was still queued, so of two starts the first plan is the one stored.
   */
  async markRunning(
    id: number,
    plan: {
      employersTotal: number;
      batchesTotal: number;
      maxEmployerId: number | null;
      batchStarts: readonly number[];
      /** An incremental sweep's chosen employers and how many it left alone. */
      selection?: readonly number[] | null;
      employersUnchanged?: number;
    },
    at: Date,
    m: EntityManager = this.db.manager,
  ): Promise<boolean> {
    const res = (await m.query(
      `UPDATE sweeps SET status = 'running', started_at = ?, employers_total = ?, batches_total = ?,
                max_employer_id = ?, batch_starts = ?, selection = ?, employers_unchanged = ?
        WHERE id = ? AND status = 'queued'`,
      [
        at,
        plan.employersTotal,
        plan.batchesTotal,
        plan.maxEmployerId,
        JSON.stringify(plan.batchStarts),
        plan.selection ? JSON.stringify(plan.selection) : null,
        plan.employersUnchanged ?? 0,
        id,
      ],
    )) as { affectedRows?: number };
    return (res.affectedRows ?? 0) > 0;
  }

  /**
   * One keyset page of the employers in scope (all, or those named) for an incremental sweep as of `asOf`, each with
   * whether it must be evaluated: never evaluated; its fingerprint moved (the input revisions the database keeps,
   * its own or its contractors', or the ruleset key); last evaluated for a later day; its next-change day has
   * come; or its figures are due a refresh (its slot of every `refreshDays` unless judged today already, or older
   * than that).
   */
  async pageIncrementalScope(
    after: number,
    scope: IncrementalScope & { ids: readonly number[] | null },
    limit: number,
    m: EntityManager = this.db.manager,
  ): Promise<{ id: number; due: boolean }[]> {
    const own = ownDue(scope);
    const rows = (await m.query(
      `SELECT e.id, (${own.sql} OR ${CONTRACTORS_MOVED}) AS due
         FROM employers e
         LEFT JOIN employer_evaluations v ON v.employer_id = e.id
         LEFT JOIN employer_input_revs r ON r.employer_id = e.id
        WHERE e.id > ? ${scope.ids ? 'AND e.id IN (?)' : ''}
        ORDER BY e.id LIMIT ${Number(limit)}`,
      [...own.params, after, ...(scope.ids ? [scope.ids] : [])],
    )) as { id: number; due: number | string | null }[];
    return rows.map((r) => ({ id: r.id, due: Number(r.due) === 1 }));
  }

  /**
   * Sweeps that stopped moving: queued or running, created, started, last looked at by the reaper and last
   * finishing a batch before `idleBefore`. Oldest first, at most `limit`. (The reaper's worklist; also what a
   * "stuck sweeps" gauge counts.)
   */
  async findStuckSweeps(
    idleBefore: Date,
    limit = 100,
    m: EntityManager = this.db.manager,
  ): Promise<number[]> {
    const rows = (await m.query(
      `SELECT s.id FROM sweeps s
        WHERE s.status IN ('queued', 'running') AND s.created_at < ?
          AND (s.started_at IS NULL OR s.started_at < ?) AND (s.reaped_at IS NULL OR s.reaped_at < ?)
          AND NOT EXISTS (SELECT 1 FROM sweep_batches b WHERE b.sweep_id = s.id AND b.finished_at >= ?)
        ORDER BY s.id LIMIT ${Number(limit)}`,
      [idleBefore, idleBefore, idleBefore, idleBefore],
    )) as { id: number }[];
    return rows.map((r) => Number(r.id));
  }

  /** The reaper's lease on a sweep: true for the one worker whose update set reaped_at (status-guarded). */
  async claimForReaper(
    id: number,
    at: Date,
    idleBefore: Date,
    m: EntityManager = this.db.manager,
  ): Promise<boolean> {
    const res = (await m.query(
      `UPDATE sweeps SET reaped_at = ?
        WHERE id = ? AND status IN ('queued', 'running') AND (reaped_at IS NULL OR reaped_at < ?)`,
      [at, id, idleBefore],
    )) as { affectedRows?: number };
    return (res.affectedRows ?? 0) > 0;
  }

  /** redrives from → from + 1; false when another worker moved it first. */
  async bumpRedrives(id: number, from: number, m: EntityManager = this.db.manager): Promise<boolean> {
    const res = (await m.query(
      `UPDATE sweeps SET redrives = redrives + 1 WHERE id = ? AND redrives = ? AND status IN ('queued', 'running')`,
      [id, from],
    )) as { affectedRows?: number };
    return (res.affectedRows ?? 0) > 0;
  }

  /** The batch numbers of a sweep that are recorded. */
  async recordedBatchNos(sweepId: number, m: EntityManager = this.db.manager): Promise<Set<number>> {
    const rows = (await m.query('SELECT batch_no AS n FROM sweep_batches WHERE sweep_id = ?', [sweepId])) as {
      n: number;
    }[];
    return new Set(rows.map((r) => Number(r.n)));
  }

  /** queued → failed (its start never ran, however often it was re-driven); false when it was not queued. */
  async failQueued(
    id: number,
    failedEmployerIds: readonly number[] | null,
    at: Date,
    m: EntityManager = this.db.manager,
  ): Promise<boolean> {
    const res = (await m.query(
      `UPDATE sweeps SET status = 'failed', finished_at = ?, failed_employer_ids = ?,
              employers_failed = ? WHERE id = ? AND status = 'queued'`,
      [
        at,
        failedEmployerIds?.length ? JSON.stringify(failedEmployerIds) : null,
        failedEmployerIds?.length ?? 0,
        id,
      ],
    )) as { affectedRows?: number };
    return (res.affectedRows ?? 0) > 0;
  }

  /** The sweep's as-of date and whether this batch is recorded already, in one read; undefined: no such sweep. */
  async findBatchState(
    sweepId: number,
    batchNo: number,
    m: EntityManager = this.db.manager,
  ): Promise<{ asOf: string; mode: 'full' | 'incremental'; done: boolean } | undefined> {
    const [state] = (await m.query(
      `SELECT s.as_of AS asOf, s.mode, EXISTS (SELECT 1 FROM sweep_batches b WHERE b.sweep_id = s.id AND b.batch_no = ?) AS done
         FROM sweeps s WHERE s.id = ?`,
      [batchNo, sweepId],
    )) as { asOf: string; mode: 'full' | 'incremental'; done: number | string }[];
    return state ? { asOf: state.asOf, mode: state.mode, done: Number(state.done) === 1 } : undefined;
  }

  /** Records a batch; the primary key makes a twin delivery fail here (ER_DUP_ENTRY on sweep_batches). */
  async insertBatch(b: SweepBatchRecord, at: Date, m: EntityManager): Promise<void> {
    await m.query(
      `INSERT INTO sweep_batches (sweep_id, batch_no, employers, failed, failed_employer_ids, opened, resolved, reopened, finished_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        b.sweepId,
        b.batchNo,
        b.employers,
        b.failedEmployerIds.length,
        b.failedEmployerIds.length ? JSON.stringify(b.failedEmployerIds) : null,
        b.opened,
        b.resolved,
        b.reopened,
        at,
      ],
    );
  }

  /** The sums of the sweeps' recorded batches, by sweep id. One grouped read on the batches' primary key. */
  async batchTotals(
    sweepIds: readonly number[],
    m: EntityManager = this.db.manager,
  ): Promise<Map<number, BatchTotals>> {
    const totals = new Map<number, BatchTotals>();
    if (!sweepIds.length) return totals;
    const rows = (await m.query(
      `SELECT sweep_id AS sweepId, COUNT(*) AS batches, SUM(employers) AS employers, SUM(failed) AS failed,
              SUM(opened) AS opened, SUM(resolved) AS resolved, SUM(reopened) AS reopened
         FROM sweep_batches WHERE sweep_id IN (?) GROUP BY sweep_id`,
      [sweepIds],
    )) as Record<keyof BatchTotals | 'sweepId', number | string>[];
    for (const r of rows) {
      totals.set(Number(r.sweepId), {
        batches: Number(r.batches),
        employers: Number(r.employers),
        failed: Number(r.failed),
        opened: Number(r.opened),
        resolved: Number(r.resolved),
        reopened: Number(r.reopened),
      });
    }
    return totals;
  }

  /** The sweep's status, its planned batches and how many are recorded (a fresh read). */
  async findProgress(
    sweepId: number,
    m: EntityManager = this.db.manager,
  ): Promise<{ status: string; total: number; recorded: number } | undefined> {
    const [state] = (await m.query(
      `SELECT s.status, s.batches_total AS total, (SELECT COUNT(*) FROM sweep_batches b WHERE b.sweep_id = s.id) AS recorded
         FROM sweeps s WHERE s.id = ?`,
      [sweepId],
    )) as { status: string; total: number; recorded: number | string }[];
    return state
      ? { status: state.status, total: Number(state.total), recorded: Number(state.recorded) }
      : undefined;
  }

  /** running → completed | failed with the batches' sums; false when it was not running (closed already). */
  async close(
    sweepId: number,
    c: SweepClose,
    at: Date,
    m: EntityManager = this.db.manager,
  ): Promise<boolean> {
    const t = c.totals;
    const result = (await m.query(
      `UPDATE sweeps SET status = ?, finished_at = ?, batches_done = ?, employers_done = ?, employers_failed = ?,
              cases_opened = ?, cases_resolved = ?, cases_reopened = ?, failed_employer_ids = ?
        WHERE id = ? AND status = 'running'`,
      [
        c.status,
        at,
        t.batches,
        t.employers - t.failed,
        t.failed,
        t.opened,
        t.resolved,
        t.reopened,
        c.failedEmployerIds.length ? JSON.stringify(c.failedEmployerIds) : null,
        sweepId,
      ],
    )) as { affectedRows?: number };
    return (result.affectedRows ?? 0) > 0;
  }

  /** The employers a sweep's recorded batches could not evaluate, in batch order. */
  async failedEmployerIds(sweepId: number, m: EntityManager = this.db.manager): Promise<number[]> {
    const rows = (await m.query(
      'SELECT failed_employer_ids AS ids FROM sweep_batches WHERE sweep_id = ? AND failed > 0 ORDER BY batch_no',
      [sweepId],
    )) as { ids: string | null }[];
    return rows.flatMap((r) => (r.ids ? (JSON.parse(r.ids) as number[]) : []));
  }

  /** Sweeps still queued, created before `before`. */
  async findQueuedBefore(before: Date, m: EntityManager = this.db.manager): Promise<number[]> {
    const rows = (await m.query(`SELECT id FROM sweeps WHERE status = 'queued' AND created_at < ?`, [
      before,
    ])) as {
      id: number;
    }[];
    return rows.map((r) => r.id);
  }

  /** The as-of date of the sweep that was running at `at` (the latest started), if any. */
  async findAsOfRunningAt(at: Date, m: EntityManager = this.db.manager): Promise<string | undefined> {
    const sweeps = (await m.query(
      `SELECT as_of AS asOf FROM sweeps
        WHERE started_at IS NOT NULL AND started_at <= ? AND (finished_at IS NULL OR finished_at >= ?)
        ORDER BY started_at DESC, id DESC LIMIT 1`,
      [at, at],
    )) as { asOf: string }[];
    return sweeps[0]?.asOf;
  }
}
