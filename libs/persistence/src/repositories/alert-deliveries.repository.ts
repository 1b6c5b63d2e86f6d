import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ESCALATING_STATUSES_SQL } from '../entities/case.entity';
import { CASE_FROM, CASE_SELECT, CaseRow } from './cases.repository';

/** A delivery as listed (GET /alert-deliveries): with its subscription's channel and target. */
export interface DeliveryListRow {
  pk: number;
  uuid: string;
  subscription_id: number;
  channel: string;
  target: string;
  event: string;
  case_id: number | null;
  status: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date | null;
  delivered_at: Date | null;
  created_at: Date;
}

/** A delivery as one attempt sends it: the stored body and its subscription (null channel: system delivery). */
export interface DeliverySendRow {
  id: number;
  uuid: string;
  subscription_id: number;
  event: string;
  payload: string;
  attempt_base: number;
  /** Null for system deliveries (subscription 0). */
  channel: 'webhook' | 'email' | null;
  target: string;
  secret_enc: string | null;
  active: number;
  paused_at: Date | null;
}

export interface AttemptRow {
  attempt: number;
  http_status: number | null;
  error: string | null;
  duration_ms: number;
  created_at: Date;
}

export interface DeliveryListFilter {
  status?: string;
  event?: string;
  subscriptionId?: number;
  caseId?: number;
  /** Keyset (newest first): ids below this. */
  beforeId?: number;
}

/** A delivery to write: its uuid and the payload as it will be sent (JSON text). */
export interface DeliveryInsertRow {
  uuid: string;
  subscriptionId: number;
  event: string;
  dedupeKey: string;
  caseId: number | null;
  payload: string;
}

/** Cases a digest lists: first detected in a window, or open/in_review past their due date. */
export interface DigestCaseFilter {
  /** The least severe rank included (severity_rank <= this). */
  maxRank: number;
  district: string | null;
  limit: number;
}

/** System deliveries (subscription 0: the employer's notice) have no subscription row: email to the payload's address. */
const DELIVERY_SELECT = `d.id AS pk, d.uuid, d.subscription_id, COALESCE(s.channel, 'email') AS channel,
  COALESCE(s.target, JSON_UNQUOTE(JSON_EXTRACT(d.payload, '$.notice.to'))) AS target, d.event, d.case_id, d.status,
  d.attempts, d.last_error, d.next_attempt_at, d.delivered_at, d.created_at
  FROM alert_deliveries d LEFT JOIN alert_subscriptions s ON s.id = d.subscription_id`;

const affectedRows = (res: unknown): number => {
  const r = res as { affectedRows?: number } | [unknown, number];
  if (Array.isArray(r)) return Number(r[1] ?? 0);
  return Number(r?.affectedRows ?? 0);
};

/**
 * The alert outbox: alert_deliveries and their attempts (alert_attempts), and the case reads the outbox and the
 * digest make. Claims are conditional UPDATEs (status, attempt number, lease): exactly one worker makes attempt n.
 */
@Injectable()
export class AlertDeliveriesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  // ---- writing deliveries (the outbox, in the case events' transaction)

  /**
   * Inserts one multi-row statement of deliveries (idempotent on (subscription, dedupe_key)); returns the ids of
   * the rows this statement made (a duplicate keeps the first row and its uuid).
   */
  async insertMany(
    rows: readonly DeliveryInsertRow[],
    now: Date,
    m: EntityManager = this.db.manager,
  ): Promise<number[]> {
    if (!rows.length) return [];
    await m.query(
      `INSERT INTO alert_deliveries (uuid, subscription_id, event, dedupe_key, case_id, payload, status, attempts,
                                       next_attempt_at, created_at)
         VALUES ${rows.map(() => "(?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)").join(', ')}
         ON DUPLICATE KEY UPDATE id = id`,
      rows.flatMap((r) => [r.uuid, r.subscriptionId, r.event, r.dedupeKey, r.caseId, r.payload, now, now]),
    );
    const made = (await m.query('SELECT id FROM alert_deliveries WHERE uuid IN (?)', [
      rows.map((r) => r.uuid),
    ])) as { id: number }[];
    return made.map((r) => r.id);
  }

  /** The subscriptions that already have a delivery with this dedupe key (today's digest). */
  async listSubscriptionIdsWithKey(
    dedupeKey: string,
    m: EntityManager = this.db.manager,
  ): Promise<Set<number>> {
    const rows = (await m.query('SELECT subscription_id FROM alert_deliveries WHERE dedupe_key = ?', [
      dedupeKey,
    ])) as { subscription_id: number }[];
    return new Set(rows.map((r) => r.subscription_id));
  }

  // ---- reading deliveries (the API)

  async list(
    f: DeliveryListFilter,
    take: number,
    m: EntityManager = this.db.manager,
  ): Promise<DeliveryListRow[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (f.status) {
      where.push('d.status = ?');
      args.push(f.status);
    }
    if (f.event) {
      where.push('d.event = ?');
      args.push(f.event);
    }
    if (f.subscriptionId) {
      where.push('d.subscription_id = ?');
      args.push(f.subscriptionId);
    }
    if (f.caseId) {
      where.push('d.case_id = ?');
      args.push(f.caseId);
    }
    if (f.beforeId !== undefined) {
      where.push('d.id < ?');
      args.push(f.beforeId);
    }
    return (await m.query(
      `SELECT ${DELIVERY_SELECT} ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY d.id DESC LIMIT ?`,
      [...args, take],
    )) as DeliveryListRow[];
  }

  async findByUuid(uuid: string, m: EntityManager = this.db.manager): Promise<DeliveryListRow | undefined> {
    const [r] = (await m.query(`SELECT ${DELIVERY_SELECT} WHERE d.uuid = ?`, [uuid])) as DeliveryListRow[];
    return r;
  }

  async findIdByUuid(uuid: string, m: EntityManager = this.db.manager): Promise<number | undefined> {
    const [r] = (await m.query('SELECT id FROM alert_deliveries WHERE uuid = ?', [uuid])) as { id: number }[];
    return r?.id;
  }

  /** The stored body (JSON text, as sent). */
  async findPayload(id: number, m: EntityManager = this.db.manager): Promise<string | undefined> {
    const [r] = (await m.query('SELECT payload FROM alert_deliveries WHERE id = ?', [id])) as {
      payload: string;
    }[];
    return r?.payload;
  }

  async listAttempts(deliveryId: number, m: EntityManager = this.db.manager): Promise<AttemptRow[]> {
    return (await m.query(
      'SELECT attempt, http_status, error, duration_ms, created_at FROM alert_attempts WHERE delivery_id = ? ORDER BY attempt, id',
      [deliveryId],
    )) as AttemptRow[];
  }

  // ---- the poller and resends

  /** Pending deliveries that are due and not claimed, by next attempt time. */
  async listDue(
    now: Date,
    limit: number,
    m: EntityManager = this.db.manager,
  ): Promise<{ id: number; attempts: number }[]> {
    return (await m.query(
      `SELECT id, attempts FROM alert_deliveries
        WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
          AND (locked_until IS NULL OR locked_until < ?)
        ORDER BY next_attempt_at LIMIT ?`,
      [now, now, limit],
    )) as { id: number; attempts: number }[];
  }

  /** failed/undeliverable → pending (same id, a fresh attempt budget); true when this call did it. */
  async makePendingAgain(id: number, now: Date, m: EntityManager = this.db.manager): Promise<boolean> {
    const res = await m.query(
      `UPDATE alert_deliveries SET status = 'pending', attempt_base = attempts, next_attempt_at = ?, locked_until = NULL,
              delivered_at = NULL
        WHERE id = ? AND status IN ('failed', 'undeliverable')`,
      [now, id],
    );
    return affectedRows(res) === 1;
  }

  async findAttempts(id: number, m: EntityManager = this.db.manager): Promise<number | undefined> {
    const [row] = (await m.query('SELECT attempts FROM alert_deliveries WHERE id = ?', [id])) as {
      attempts: number;
    }[];
    return row?.attempts;
  }

  // ---- one attempt (the DeliverAlert handler)

  /** Claims attempt `attempt` (pending, attempts = attempt - 1, lease free) until `lockedUntil`; true when claimed. */
  async claimAttempt(
    id: number,
    attempt: number,
    now: Date,
    lockedUntil: Date,
    m: EntityManager = this.db.manager,
  ): Promise<boolean> {
    const claim = await m.query(
      `UPDATE alert_deliveries SET attempts = attempts + 1, locked_until = ?
        WHERE id = ? AND status = 'pending' AND attempts = ? AND (locked_until IS NULL OR locked_until < ?)`,
      [lockedUntil, id, attempt - 1, now],
    );
    return affectedRows(claim) === 1;
  }

  /** Earlier attempts still marked `inProgress` (their worker died) get `abandoned` as their error. */
  async abandonEarlierAttempts(
    deliveryId: number,
    attempt: number,
    inProgress: string,
    abandoned: string,
    m: EntityManager = this.db.manager,
  ): Promise<void> {
    await m.query(
      `UPDATE alert_attempts SET error = ? WHERE delivery_id = ? AND attempt < ? AND http_status IS NULL AND error = ?`,
      [abandoned, deliveryId, attempt, inProgress],
    );
  }

  /** The attempt's log row, written before sending (error = `inProgress`); returns its id. */
  async insertAttempt(
    deliveryId: number,
    attempt: number,
    inProgress: string,
    at: Date,
    m: EntityManager = this.db.manager,
  ): Promise<number> {
    const ins = (await m.query(
      `INSERT INTO alert_attempts (delivery_id, attempt, http_status, error, duration_ms, created_at) VALUES (?, ?, NULL, ?, 0, ?)`,
      [deliveryId, attempt, inProgress, at],
    )) as { insertId: number };
    return Number(ins.insertId);
  }

  async finishAttempt(
    attemptId: number,
    httpStatus: number | null,
    error: string | null,
    durationMs: number,
    m: EntityManager = this.db.manager,
  ): Promise<void> {
    await m.query('UPDATE alert_attempts SET http_status = ?, error = ?, duration_ms = ? WHERE id = ?', [
      httpStatus,
      error,
      durationMs,
      attemptId,
    ]);
  }

  async findForSend(id: number, m: EntityManager = this.db.manager): Promise<DeliverySendRow | undefined> {
    const [row] = (await m.query(
      `SELECT d.id, d.uuid, d.subscription_id, d.event, d.payload, d.attempt_base, s.channel, s.target, s.secret_enc,
              s.active, s.paused_at
         FROM alert_deliveries d LEFT JOIN alert_subscriptions s ON s.id = d.subscription_id WHERE d.id = ?`,
      [id],
    )) as DeliverySendRow[];
    return row;
  }

  /** Delivered; wins even over a slower sibling attempt's "failed" (the receiver has it). */
  async markDelivered(id: number, at: Date, m: EntityManager = this.db.manager): Promise<void> {
    await m.query(
      `UPDATE alert_deliveries SET status = 'delivered', delivered_at = ?, locked_until = NULL, next_attempt_at = NULL,
                last_error = NULL
          WHERE id = ? AND status IN ('pending', 'failed')`,
      [at, id],
    );
  }

  /** Ends a pending delivery at this attempt: failed or undeliverable, with the error. */
  async markEnded(
    id: number,
    attempt: number,
    status: 'failed' | 'undeliverable',
    error: string,
    m: EntityManager = this.db.manager,
  ): Promise<void> {
    await m.query(
      `UPDATE alert_deliveries SET status = ?, last_error = ?, locked_until = NULL, next_attempt_at = NULL
          WHERE id = ? AND status = 'pending' AND attempts = ?`,
      [status, error, id, attempt],
    );
  }

  /** Schedules the next attempt of a pending delivery; true when this attempt was still the latest. */
  async scheduleRetry(
    id: number,
    attempt: number,
    error: string,
    nextAttemptAt: Date,
    m: EntityManager = this.db.manager,
  ): Promise<boolean> {
    const res = await m.query(
      `UPDATE alert_deliveries SET last_error = ?, locked_until = NULL, next_attempt_at = ?
          WHERE id = ? AND status = 'pending' AND attempts = ?`,
      [error, nextAttemptAt, id, attempt],
    );
    return affectedRows(res) === 1;
  }

  // ---- the case reads of the outbox and the digest

  /** Cases by id, for alert payloads. */
  async findCases(ids: readonly number[], m: EntityManager = this.db.manager): Promise<CaseRow[]> {
    return (await m.query(`SELECT ${CASE_SELECT} FROM ${CASE_FROM} WHERE c.id IN (?)`, [ids])) as CaseRow[];
  }

  /** A reopened case gets a new dueAt: it may escalate again. */
  async clearEscalated(caseIds: readonly number[], m: EntityManager = this.db.manager): Promise<void> {
    await m.query('UPDATE cases SET escalated_at = NULL WHERE id IN (?) AND escalated_at IS NOT NULL', [
      caseIds,
    ]);
  }

  /** The employers' contact emails (the notice's recipient). */
  async findEmployerContacts(
    employerIds: readonly number[],
    m: EntityManager = this.db.manager,
  ): Promise<Map<number, string | null>> {
    const rows = (await m.query('SELECT id, contact_email FROM employers WHERE id IN (?)', [
      employerIds,
    ])) as {
      id: number;
      contact_email: string | null;
    }[];
    return new Map(rows.map((r) => [r.id, r.contact_email]));
  }

  /** Cases first detected in (since, until], most severe first, then rule, then detection. */
  async listNewCases(
    since: Date,
    until: Date,
    f: DigestCaseFilter,
    m: EntityManager = this.db.manager,
  ): Promise<CaseRow[]> {
    return this.digestCases('c.first_detected_at > ? AND c.first_detected_at <= ?', [since, until], f, m);
  }

  /** Open and in_review cases past their due date at `now`, in the digest's order. */
  async listOverdueCases(
    now: Date,
    f: DigestCaseFilter,
    m: EntityManager = this.db.manager,
  ): Promise<CaseRow[]> {
    return this.digestCases(`c.status IN (${ESCALATING_STATUSES_SQL}) AND c.due_at < ?`, [now], f, m);
  }

  private async digestCases(
    extra: string,
    first: unknown[],
    f: DigestCaseFilter,
    m: EntityManager,
  ): Promise<CaseRow[]> {
    return (await m.query(
      `SELECT ${CASE_SELECT} FROM ${CASE_FROM} WHERE ${extra} AND c.severity_rank <= ?${f.district ? ' AND c.district = ?' : ''}
       ORDER BY c.severity_rank, c.rule, c.first_detected_at, c.id LIMIT ${Number(f.limit)}`,
      [...first, f.maxRank, ...(f.district ? [f.district] : [])],
    )) as CaseRow[];
  }
}
