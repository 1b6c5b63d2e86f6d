import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { insertRows } from '../bulk';
import { CASE_STATUSES, CaseStatus, ESCALATING_STATUSES_SQL } from '../entities/case.entity';

/** A case as the API reads it (CASE_SELECT). */
export interface CaseRow {
  id: number;
  rule: string;
  severity: string;
  status: string;
  employer_id: number;
  employer_name: string;
  district: string | null;
  worker_nik: string | null;
  worker_name: string | null;
  chain_start: string | null;
  summary: string;
  summary_id: string;
  evidence: string;
  legal_basis: string;
  rulebook_version: string;
  amount_at_stake: number | string;
  first_detected_at: Date;
  last_detected_at: Date;
  resolved_at: Date | null;
  resolution: string | null;
  assignee_id: number | null;
  due_at: Date | null;
  version: number;
  severity_rank: number;
}

export const CASE_SELECT = `c.id, c.rule, c.severity, c.status, c.employer_id, c.employer_name, c.district, c.worker_nik,
  c.worker_name, c.chain_start, c.summary, c.summary_id, c.evidence, c.legal_basis, c.rulebook_version,
  c.amount_at_stake, c.first_detected_at, c.last_detected_at, c.resolved_at, c.resolution, c.assignee_id, c.due_at,
  c.version, c.severity_rank`;
/** Names are on the case (kept by triggers): the queue reads cases alone. */
export const CASE_FROM = `cases c`;

/** The queue's filters (every one but the cursor). */
export interface CaseQueueFilter {
  status?: string[];
  rule?: string[];
  severity?: string[];
  employerId?: number;
  district?: string[];
  assigneeId?: number;
  nik?: string;
}

/** The queue's sort key: severity rank, first detected (ms), id. */
export type CaseQueueKey = [rank: number, firstDetectedAt: Date, id: number];

/** A case locked for a change by a person (the workflow). */
export interface LockedCase {
  id: number;
  status: CaseStatus;
  version: number;
  employer_id: number;
  severity: string;
  assignee_id: number | null;
}

/** Another case about the same worker (the detail). */
export interface OtherCaseRow {
  id: number;
  rule: string;
  status: string;
  severity: string;
  employerId: number;
  employerName: string;
}

/** What the written warning needs of a case. */
export interface NoticeRow {
  id: number;
  rule: string;
  status: string;
  severity: string;
  worker_nik: string | null;
  worker_name: string | null;
  summary_id: string;
  evidence: string;
  legal_basis: string;
  first_detected_at: Date;
  employer_name: string;
  nib: string;
  npp: string | null;
  employer_district: string | null;
  noticed_at: Date | null;
  /** The employer the case lands on (to scope an employer's own download). */
  employer_id?: number;
}

/** An overdue case taken for escalation. */
export interface OverdueCase {
  id: number;
  employer_id: number;
  severity: string;
  status: string;
  due_at: Date;
}

/** The columns the engine writes a case with, in CaseWriter's row order. */
export const CASE_COLUMNS = [
  'rule',
  'employer_id',
  'subject_key',
  'worker_nik',
  'employer_name',
  'worker_name',
  'chain_start',
  'district',
  'severity',
  'severity_rank',
  'status',
  'summary',
  'summary_id',
  'evidence',
  'evidence_hash',
  'legal_basis',
  'rulebook_version',
  'amount_at_stake',
  'first_detected_at',
  'last_detected_at',
  'due_at',
  'updated_at',
] as const;
const FIGURE_UPDATES = [
  'employer_name',
  'worker_name',
  'severity',
  'severity_rank',
  'summary',
  'summary_id',
  'evidence',
  'evidence_hash',
  'legal_basis',
  'rulebook_version',
  'amount_at_stake',
  'last_detected_at',
  'updated_at',
]
  .map((c) => `${c} = VALUES(${c})`)
  .join(', ');

/** How an engine upsert treats an existing case (ux_cases_identity). */
export type CaseUpsertMode = 'insert' | 'update' | 'reopen';
const ON_DUPLICATE: Record<CaseUpsertMode, string> = {
  insert: '',
  update: FIGURE_UPDATES + ', version = version + 1',
  reopen: `${FIGURE_UPDATES}, status = 'open', resolved_at = NULL, resolution = NULL, due_at = VALUES(due_at), assignee_id = assignee_id, version = version + 1`,
};

const where = (terms: string[]) => (terms.length ? 'WHERE ' + terms.join(' AND ') : '');

/** The cases table: the queue, one case, the workflow's locked changes, the engine's writes, escalation. */
@Injectable()
export class CasesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The WHERE terms of every queue filter but status and the cursor. */
  private filters(f: CaseQueueFilter): { where: string[]; params: unknown[] } {
    const where: string[] = [];
    const params: unknown[] = [];
    const inList = (col: string, values?: string[]) => {
      if (values?.length) {
        where.push(values.length === 1 ? `${col} = ?` : `${col} IN (?)`);
        params.push(values.length === 1 ? values[0] : values);
      }
    };
    inList('c.district', f.district);
    inList('c.rule', f.rule);
    inList('c.severity', f.severity);
    if (f.employerId !== undefined) {
      where.push('c.employer_id = ?');
      params.push(f.employerId);
    }
    if (f.assigneeId !== undefined) {
      where.push('c.assignee_id = ?');
      params.push(f.assigneeId);
    }
    if (f.nik) {
      where.push('c.worker_nik = ?');
      params.push(f.nik);
    }
    return { where, params };
  }

  /**
   * The queue: most severe first, then oldest, from after `after`, `limit` rows. Cases alone (the names are on the
   * case), read in index order (ix_cases_district_queue / ix_cases_queue) up to the limit: no join, no filesort.
   */
  async listQueue(
    f: CaseQueueFilter,
    after: CaseQueueKey | null,
    limit: number,
    m: EntityManager = this.db.manager,
  ): Promise<CaseRow[]> {
    const { where: terms, params } = this.filters(f);
    if (f.status?.length) {
      terms.push(f.status.length === 1 ? `c.status = ?` : `c.status IN (?)`);
      params.push(f.status.length === 1 ? f.status[0] : f.status);
    }
    if (after) {
      const [rank, at, id] = after;
      // The leading `severity_rank >= ?` is sargable, so the index range starts at the cursor.
      terms.push(
        'c.severity_rank >= ? AND (c.severity_rank > ? OR (c.severity_rank = ? AND (c.first_detected_at > ? OR (c.first_detected_at = ? AND c.id > ?))))',
      );
      params.push(rank, rank, rank, at, at, id);
    }
    return (await m.query(
      `SELECT ${CASE_SELECT} FROM ${CASE_FROM} ${where(terms)}
        ORDER BY c.severity_rank, c.first_detected_at, c.id LIMIT ?`,
      [...params, limit],
    )) as CaseRow[];
  }

  /** The cases matching every filter but status, by status (one GROUP BY); every status present, zeros included. */
  async countByStatus(
    f: CaseQueueFilter,
    m: EntityManager = this.db.manager,
  ): Promise<Record<string, number> & { total: number }> {
    const { where: terms, params } = this.filters(f);
    const rows = (await m.query(
      `SELECT c.status, COUNT(*) AS n FROM cases c ${where(terms)} GROUP BY c.status`,
      params,
    )) as { status: string; n: string }[];
    const counts = { total: 0 } as Record<string, number> & { total: number };
    for (const s of CASE_STATUSES) counts[s] = 0;
    for (const r of rows) {
      counts[r.status] = Number(r.n);
      counts.total += Number(r.n);
    }
    return counts;
  }

  /** One case (within one employer's when scoped). */
  async findRow(
    id: number,
    scopeEmployerId?: number,
    m: EntityManager = this.db.manager,
  ): Promise<CaseRow | undefined> {
    const rows = (await m.query(
      `SELECT ${CASE_SELECT} FROM ${CASE_FROM} WHERE c.id = ?${scopeEmployerId !== undefined ? ' AND c.employer_id = ?' : ''}`,
      scopeEmployerId !== undefined ? [id, scopeEmployerId] : [id],
    )) as CaseRow[];
    return rows[0];
  }

  /** Cases by id (any order). */
  async findRows(ids: readonly number[], m: EntityManager = this.db.manager): Promise<CaseRow[]> {
    if (!ids.length) return [];
    return (await m.query(`SELECT ${CASE_SELECT} FROM ${CASE_FROM} WHERE c.id IN (?)`, [ids])) as CaseRow[];
  }

  /** Every case about a worker, most severe first (at most `limit`). */
  async listByWorker(nik: string, limit: number, m: EntityManager = this.db.manager): Promise<CaseRow[]> {
    return (await m.query(
      `SELECT ${CASE_SELECT} FROM ${CASE_FROM} WHERE c.worker_nik = ?
          ORDER BY c.severity_rank, c.first_detected_at, c.id LIMIT ${Number(limit)}`,
      [nik],
    )) as CaseRow[];
  }

  /** The worker's other cases (within one employer's when scoped), most severe first, at most 200. */
  async listOthersOfWorker(
    nik: string,
    exceptId: number,
    scopeEmployerId?: number,
    m: EntityManager = this.db.manager,
  ): Promise<OtherCaseRow[]> {
    const rows = (await m.query(
      `SELECT c.id, c.rule, c.status, c.severity, c.employer_id AS employerId, c.employer_name AS employerName
             FROM cases c WHERE c.worker_nik = ? AND c.id <> ?${scopeEmployerId !== undefined ? ' AND c.employer_id = ?' : ''}
            ORDER BY c.severity_rank, c.first_detected_at, c.id LIMIT 200`,
      scopeEmployerId !== undefined ? [nik, exceptId, scopeEmployerId] : [nik, exceptId],
    )) as OtherCaseRow[];
    return rows.map((o) => ({ ...o, id: Number(o.id), employerId: Number(o.employerId) }));
  }

  /** A user's name and whether it is active (the assignee of a case); undefined when there is none. */
  async findUser(
    userId: number,
    m: EntityManager = this.db.manager,
  ): Promise<{ id: number; name: string; active: number | boolean } | undefined> {
    const [u] = (await m.query('SELECT id, name, active FROM users WHERE id = ?', [userId])) as {
      id: number;
      name: string;
      active: number | boolean;
    }[];
    return u;
  }

  /**
   * What the written warning needs, with the day its notice was sent (if it was). The worker's name is the case's:
   * the one its own employer reported (migration 1764000000920), never another employer's spelling.
   */
  async findNoticeRow(id: number, m: EntityManager = this.db.manager): Promise<NoticeRow | undefined> {
    const [row] = (await m.query(
      `SELECT c.id, c.rule, c.status, c.severity, c.worker_nik, c.worker_name, c.summary_id, c.evidence,
              c.legal_basis, c.first_detected_at, c.employer_id, e.name AS employer_name, e.nib, e.npp, e.district AS employer_district,
              (SELECT MAX(ev.created_at) FROM case_events ev
                WHERE ev.case_id = c.id AND ev.type = 'transition' AND ev.to_status = 'notice_sent') AS noticed_at
         FROM cases c JOIN employers e ON e.id = c.employer_id
        WHERE c.id = ?`,
      [id],
    )) as NoticeRow[];
    return row;
  }

  // ---- the workflow (a person's change; inside its transaction)

  /** Locks the case row (FOR UPDATE) for a change. */
  async lock(id: number, m: EntityManager): Promise<LockedCase | undefined> {
    const [c] = (await m.query(
      'SELECT id, status, version, employer_id, severity, assignee_id FROM cases WHERE id = ? FOR UPDATE',
      [id],
    )) as LockedCase[];
    return c;
  }

  /**
   * `SET <set>, version = version + 1, updated_at = ?` conditionally on the version read under the lock; returns
   * whether the row was updated (false: someone else changed it).
   */
  async updateVersioned(
    c: Pick<LockedCase, 'id' | 'version'>,
    set: string,
    params: unknown[],
    at: Date,
    m: EntityManager,
  ): Promise<boolean> {
    const res = (await m.query(
      `UPDATE cases SET ${set ? set + ', ' : ''}version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
      [...params, at, c.id, c.version],
    )) as { affectedRows: number };
    return res.affectedRows === 1;
  }

  // ---- escalation

  /** Takes up to `batch` overdue cases not escalated yet, skipping those another worker holds. */
  async claimOverdue(now: Date, batch: number, m: EntityManager): Promise<OverdueCase[]> {
    return (await m.query(
      `SELECT id, employer_id, severity, status, due_at FROM cases
            WHERE escalated_at IS NULL AND status IN (${ESCALATING_STATUSES_SQL}) AND due_at < ?
            ORDER BY id LIMIT ${Number(batch)} FOR UPDATE SKIP LOCKED`,
      [now],
    )) as OverdueCase[];
  }

  async markEscalated(ids: readonly number[], now: Date, m: EntityManager): Promise<void> {
    await m.query('UPDATE cases SET escalated_at = ? WHERE id IN (?) AND escalated_at IS NULL', [now, ids]);
  }

  // ---- the engine's writes (inside the batch's transaction)

  /**
   * Inserts or upserts engine rows (values in CASE_COLUMNS order) in multi-row prepared statements; returns the
   * first new id of the first statement (the ids of new cases are read back from it).
   */
  async upsertFromEngine<T>(
    rows: readonly T[],
    values: (row: T) => unknown[],
    mode: CaseUpsertMode,
    m: EntityManager,
  ): Promise<number | null> {
    let firstId: number | null = null;
    await insertRows(m, 'cases', CASE_COLUMNS, rows, values, {
      onDuplicate: ON_DUPLICATE[mode],
      onChunk: (_chunk, res) => {
        if (firstId === null) firstId = Number(res.insertId);
      },
    });
    return firstId;
  }

  /** The cases of these employers with id >= firstId (the batch holds the employers' locks: they are its own). */
  async findCreated(
    employerIds: readonly number[],
    firstId: number | null,
    m: EntityManager,
  ): Promise<{ id: number; rule: string; employer_id: number; subject_key: string }[]> {
    return (await m.query(
      `SELECT id, rule, employer_id, subject_key FROM cases WHERE employer_id IN (?) AND id >= ?`,
      [employerIds, firstId],
    )) as { id: number; rule: string; employer_id: number; subject_key: string }[];
  }

  /** Which rulebook last detected each case, by primary key. */
  async findRulebookVersions(ids: readonly number[], m: EntityManager): Promise<Map<number, string>> {
    return new Map(
      (
        (await m.query(`SELECT id, rulebook_version FROM cases WHERE id IN (?)`, [ids])) as {
          id: number;
          rulebook_version: string;
        }[]
      ).map((r) => [Number(r.id), r.rulebook_version]),
    );
  }

  /** Resolves cases by the engine (resolution: no longer detected, rule changed, …). */
  async resolveMany(ids: readonly number[], resolution: string, at: Date, m: EntityManager): Promise<void> {
    await m.query(
      `UPDATE cases SET status = 'resolved', resolution = ?, resolved_at = ?, updated_at = ?, version = version + 1 WHERE id IN (?)`,
      [resolution, at, at, ids],
    );
  }
}
