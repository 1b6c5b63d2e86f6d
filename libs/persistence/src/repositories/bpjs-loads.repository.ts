import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { insertRows } from '../bulk';
import { isDuplicateKey } from '../errors';

export const BPJS_LOAD_STATUSES = ['queued', 'processing', 'processed', 'failed', 'deleted'] as const;
export type BpjsLoadStatus = (typeof BPJS_LOAD_STATUSES)[number];

/** A rejected row of a load: where (row, field) and why (Indonesian, then English). */
export interface BpjsRowError {
  row: number;
  field: string | null;
  message: string;
  messageEn: string;
}

/** A bpjs_loads row. `asOf` is a calendar date (YYYY-MM-DD); `errors` only when asked for. */
export interface BpjsLoadRow {
  id: number;
  idempotencyKey: string | null;
  bodyHash: string;
  format: string;
  asOf: string;
  status: BpjsLoadStatus;
  receivedAt: Date;
  processedAt: Date | null;
  rowsTotal: number;
  rowsAccepted: number;
  rowsRejected: number;
  nppsTotal: number;
  /** The first errors (capped) and the true number of errors. */
  errors: { count: number; items: BpjsRowError[] } | null;
  failureReason: string | null;
  submittedByUserId: number | null;
  deletedAt: Date | null;
  deletedByUserId: number | null;
}

export interface NewBpjsLoad {
  idempotencyKey: string | null;
  bodyHash: string;
  format: string;
  asOf: string;
  receivedAt: Date;
  submittedByUserId: number | null;
}

export interface ProcessedBpjsLoad {
  processedAt: Date;
  rowsTotal: number;
  rowsAccepted: number;
  rowsRejected: number;
  nppsTotal: number;
  errors: { count: number; items: BpjsRowError[] };
}

/** A checked record of a load: [npp, nik, effectiveFrom, kpj, programs, effectiveTo, reportedWage, paidThrough]. */
export type BpjsRecordInsert = [string, string, string, string, string, string | null, number, string | null];

/** The NPPs of a load, with its counts (bpjs_load_npps), and whether this load is the NPP's judged view now. */
export interface BpjsLoadNppRow {
  npp: string;
  rows: number;
  rowsRejected: number;
  current: boolean;
}

const COLUMNS = `id, idempotency_key AS idempotencyKey, body_hash AS bodyHash, format, DATE_FORMAT(as_of, '%Y-%m-%d') AS asOf,
  status, received_at AS receivedAt, processed_at AS processedAt, rows_total AS rowsTotal, rows_accepted AS rowsAccepted,
  rows_rejected AS rowsRejected, npps_total AS nppsTotal, failure_reason AS failureReason,
  submitted_by_user_id AS submittedByUserId, deleted_at AS deletedAt, deleted_by_user_id AS deletedByUserId`;

type RawLoad = Omit<BpjsLoadRow, 'errors'> & { errors?: string | null };

function toLoad(r: RawLoad): BpjsLoadRow {
  return {
    ...r,
    id: Number(r.id),
    rowsTotal: Number(r.rowsTotal),
    rowsAccepted: Number(r.rowsAccepted),
    rowsRejected: Number(r.rowsRejected),
    nppsTotal: Number(r.nppsTotal),
    submittedByUserId: r.submittedByUserId === null ? null : Number(r.submittedByUserId),
    deletedByUserId: r.deletedByUserId === null ? null : Number(r.deletedByUserId),
    errors: r.errors ? (JSON.parse(r.errors) as BpjsLoadRow['errors']) : null,
  };
}

/**
 * BPJS Ketenagakerjaan loads (#17): bpjs_loads, their stored body (bpjs_load_parts), the accepted records
 * (bpjs_records), the NPPs each load names (bpjs_load_npps) and, per NPP, the load judged now (bpjs_npp_coverage).
 * The engine's reads of the records are in bpjs-coverage.repository.ts.
 */
@Injectable()
export class BpjsLoadsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findById(id: number, m: EntityManager = this.db.manager): Promise<BpjsLoadRow | null> {
    const [r] = (await m.query(`SELECT ${COLUMNS}, errors FROM bpjs_loads WHERE id = ?`, [id])) as RawLoad[];
    return r ? toLoad(r) : null;
  }

  async findByIdempotencyKey(key: string, m: EntityManager = this.db.manager): Promise<BpjsLoadRow | null> {
    const [r] = (await m.query(`SELECT ${COLUMNS} FROM bpjs_loads WHERE idempotency_key = ?`, [
      key,
    ])) as RawLoad[];
    return r ? toLoad(r) : null;
  }

  /** Newest first, without errors; up to `take` rows (the caller asks for limit + 1). */
  async list(
    f: { status?: string; beforeId?: number },
    take: number,
    m: EntityManager = this.db.manager,
  ): Promise<BpjsLoadRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.status) {
      where.push('status = ?');
      params.push(f.status);
    }
    if (f.beforeId !== undefined) {
      where.push('id < ?');
      params.push(f.beforeId);
    }
    const rows = (await m.query(
      `SELECT ${COLUMNS} FROM bpjs_loads ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT ?`,
      [...params, take],
    )) as RawLoad[];
    return rows.map(toLoad);
  }

  /** Inserts a queued load; returns its id (a reused Idempotency-Key throws; see isDuplicateKey). */
  async insert(l: NewBpjsLoad, m: EntityManager = this.db.manager): Promise<number> {
    const res = (await m.query(
      `INSERT INTO bpjs_loads (idempotency_key, body_hash, format, as_of, status, received_at, submitted_by_user_id)
           VALUES (?, ?, ?, ?, 'queued', ?, ?)`,
      [l.idempotencyKey, l.bodyHash, l.format, l.asOf, l.receivedAt, l.submittedByUserId],
    )) as { insertId: number };
    return Number(res.insertId);
  }

  /** The body's hash once the whole body has been stored (streamed bodies are hashed as they arrive). */
  async updateBodyHash(id: number, bodyHash: string, m: EntityManager = this.db.manager): Promise<void> {
    await m.query('UPDATE bpjs_loads SET body_hash = ? WHERE id = ?', [bodyHash, id]);
  }

  async insertPartChunk(loadId: number, seq: number, data: Buffer, m: EntityManager = this.db.manager) {
    await m.query('INSERT INTO bpjs_load_parts (load_id, seq, data) VALUES (?, ?, ?)', [loadId, seq, data]);
  }

  async countPartChunks(loadId: number, m: EntityManager = this.db.manager): Promise<number> {
    const [r] = (await m.query('SELECT COUNT(*) AS n FROM bpjs_load_parts WHERE load_id = ?', [loadId])) as {
      n: number | string;
    }[];
    return Number(r?.n ?? 0);
  }

  async readPartChunk(
    loadId: number,
    seq: number,
    m: EntityManager = this.db.manager,
  ): Promise<Buffer | undefined> {
    const rows = (await m.query('SELECT data FROM bpjs_load_parts WHERE load_id = ? AND seq = ?', [
      loadId,
      seq,
    ])) as { data: Buffer }[];
    return rows[0]?.data;
  }

  /** queued → processing (a no-op in any other status). */
  async markProcessing(id: number, m: EntityManager = this.db.manager): Promise<void> {
    await m.query(`UPDATE bpjs_loads SET status = 'processing' WHERE id = ? AND status = 'queued'`, [id]);
  }

  /** Locks the load row (FOR UPDATE) and returns its status; null when there is no such load. */
  async lockStatus(id: number, m: EntityManager): Promise<BpjsLoadStatus | null> {
    const [row] = (await m.query('SELECT status FROM bpjs_loads WHERE id = ? FOR UPDATE', [id])) as {
      status: BpjsLoadStatus;
    }[];
    return row ? row.status : null;
  }

  async markProcessed(id: number, s: ProcessedBpjsLoad, m: EntityManager): Promise<void> {
    await m.query(
      `UPDATE bpjs_loads SET status = 'processed', processed_at = ?, rows_total = ?, rows_accepted = ?,
              rows_rejected = ?, npps_total = ?, errors = ?, failure_reason = NULL WHERE id = ?`,
      [s.processedAt, s.rowsTotal, s.rowsAccepted, s.rowsRejected, s.nppsTotal, JSON.stringify(s.errors), id],
    );
  }

  /** queued/processing → failed, with the (already masked) reason. */
  async markFailed(id: number, reason: string, m: EntityManager = this.db.manager): Promise<void> {
    await m.query(
      `UPDATE bpjs_loads SET status = 'failed', failure_reason = ? WHERE id = ? AND status IN ('queued', 'processing')`,
      [reason, id],
    );
  }

  /** → deleted (kept for audit), in the caller's transaction after lockStatus. */
  async markDeleted(id: number, at: Date, userId: number | null, m: EntityManager): Promise<void> {
    await m.query(
      `UPDATE bpjs_loads SET status = 'deleted', deleted_at = ?, deleted_by_user_id = ? WHERE id = ?`,
      [at, userId, id],
    );
  }

  /** Loads still queued that were received before `before`, oldest first, at most 500. */
  async listQueuedBefore(
    before: Date,
    m: EntityManager = this.db.manager,
  ): Promise<{ id: number; receivedAt: Date }[]> {
    const rows = (await m.query(
      `SELECT id, received_at FROM bpjs_loads WHERE status = 'queued' AND received_at < ? ORDER BY id LIMIT 500`,
      [before],
    )) as { id: number; received_at: Date }[];
    return rows.map((r) => ({ id: Number(r.id), receivedAt: new Date(r.received_at) }));
  }

  /**
   * Inserts a batch of checked records (no two with one key in the batch) unless one of them is already in the
   * load: then nothing of the batch is written (rolled back to a savepoint) and the keys already there come back
   * (`npp nik effectiveFrom`), for the caller to reject those rows and insert the rest. Inside a transaction.
   */
  async insertRecordsIfNew(
    loadId: number,
    rows: BpjsRecordInsert[],
    m: EntityManager,
  ): Promise<string[] | null> {
    if (!rows.length) return null;
    await m.query('SAVEPOINT bpjs_batch');
    try {
      await insertRows(
        m,
        'bpjs_records',
        [
          'load_id',
          'npp',
          'nik',
          'effective_from',
          'kpj',
          'programs',
          'effective_to',
          'reported_wage',
          'paid_through',
        ],
        rows,
        (r) => [loadId, ...r],
      );
      await m.query('RELEASE SAVEPOINT bpjs_batch');
      return null;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
    // A key already in the load: undo the batch's earlier chunks, and say which keys are there.
    await m.query('ROLLBACK TO SAVEPOINT bpjs_batch');
    const found = (await m.query(
      `SELECT CONCAT(npp, ' ', nik, ' ', DATE_FORMAT(effective_from, '%Y-%m-%d')) AS k FROM bpjs_records
        WHERE load_id = ? AND nik IN (?)`,
      [loadId, [...new Set(rows.map((r) => r[1]))]],
    )) as { k: string }[];
    return found.map((f) => f.k);
  }

  /** Lists the load's NPPs from its records (with their counts) and the rejected rows counted per NPP. */
  async insertLoadNpps(
    loadId: number,
    asOf: string,
    rejectedByNpp: ReadonlyMap<string, number>,
    m: EntityManager,
  ): Promise<number> {
    await m.query(
      `INSERT INTO bpjs_load_npps (load_id, npp, as_of, \`rows\`)
         SELECT load_id, npp, ?, COUNT(*) FROM bpjs_records WHERE load_id = ? GROUP BY load_id, npp`,
      [asOf, loadId],
    );
    const rejected = [...rejectedByNpp.entries()];
    await insertRows(
      m,
      'bpjs_load_npps',
      ['load_id', 'npp', 'as_of', '`rows`', 'rows_rejected'],
      rejected,
      ([npp, n]) => [loadId, npp, asOf, 0, n],
      { onDuplicate: 'rows_rejected = VALUES(rows_rejected)' },
    );
    const [r] = (await m.query('SELECT COUNT(*) AS n FROM bpjs_load_npps WHERE load_id = ?', [loadId])) as {
      n: number | string;
    }[];
    return Number(r?.n ?? 0);
  }

  /**
   * Recomputes bpjs_npp_coverage for every NPP the load names: each points at its processed (not deleted) load
   * with no rejected row for it, latest as_of first, then highest id; an NPP no such load covers is removed.
   */
  async recomputeCoverage(loadId: number, m: EntityManager): Promise<void> {
    await m.query(
      `DELETE c FROM bpjs_npp_coverage c JOIN bpjs_load_npps n ON n.npp = c.npp AND n.load_id = ?`,
      [loadId],
    );
    await m.query(
      `INSERT INTO bpjs_npp_coverage (npp, load_id, as_of)
         SELECT w.npp, w.load_id, w.as_of FROM (
           SELECT ln.npp, ln.load_id, ln.as_of,
                  ROW_NUMBER() OVER (PARTITION BY ln.npp ORDER BY ln.as_of DESC, ln.load_id DESC) AS rn
             FROM bpjs_load_npps mine
             JOIN bpjs_load_npps ln ON ln.npp = mine.npp AND ln.rows_rejected = 0 AND ln.\`rows\` > 0
             JOIN bpjs_loads l ON l.id = ln.load_id AND l.status = 'processed'
            WHERE mine.load_id = ?) w
         WHERE w.rn = 1`,
      [loadId],
    );
  }

  /** The employers whose NPP the load names (to re-evaluate them). */
  async employerIdsOfLoad(loadId: number, m: EntityManager = this.db.manager): Promise<number[]> {
    const rows = (await m.query(
      `SELECT e.id FROM employers e JOIN bpjs_load_npps n ON n.load_id = ? AND n.npp = e.npp ORDER BY e.id`,
      [loadId],
    )) as { id: number }[];
    return rows.map((r) => Number(r.id));
  }

  /** The load's NPPs (first `take` by NPP), each with whether the load is its judged view now. */
  async listNpps(
    loadId: number,
    take: number,
    m: EntityManager = this.db.manager,
  ): Promise<BpjsLoadNppRow[]> {
    const rows = (await m.query(
      `SELECT n.npp, n.\`rows\` AS \`rows\`, n.rows_rejected AS rowsRejected, (c.load_id IS NOT NULL) AS current
         FROM bpjs_load_npps n LEFT JOIN bpjs_npp_coverage c ON c.npp = n.npp AND c.load_id = n.load_id
        WHERE n.load_id = ? ORDER BY n.npp LIMIT ?`,
      [loadId, take],
    )) as { npp: string; rows: number | string; rowsRejected: number | string; current: number | string }[];
    return rows.map((r) => ({
      npp: r.npp,
      rows: Number(r.rows),
      rowsRejected: Number(r.rowsRejected),
      current: Number(r.current) === 1,
    }));
  }

  /** How many NPPs the load is the judged view of now. */
  async countCurrentNpps(loadId: number, m: EntityManager = this.db.manager): Promise<number> {
    const [r] = (await m.query('SELECT COUNT(*) AS n FROM bpjs_npp_coverage WHERE load_id = ?', [
      loadId,
    ])) as {
      n: number | string;
    }[];
    return Number(r?.n ?? 0);
  }

  /** Deletes up to `batch` of the load's records (a deleted load's rows go, in short statements); returns how many. */
  async deleteRecords(loadId: number, batch: number, m: EntityManager = this.db.manager): Promise<number> {
    const res = (await m.query('DELETE FROM bpjs_records WHERE load_id = ? LIMIT ?', [loadId, batch])) as {
      affectedRows: number;
    };
    return Number(res.affectedRows);
  }

  /** Deletes the load's stored body. */
  async deleteParts(loadId: number, m: EntityManager = this.db.manager): Promise<void> {
    await m.query('DELETE FROM bpjs_load_parts WHERE load_id = ?', [loadId]);
  }
}
