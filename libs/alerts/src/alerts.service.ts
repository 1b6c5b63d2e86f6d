import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { decodeCursor, encodeCursor, Page } from '@patuh/core';
import { AlertsOutbox } from './alerts.outbox';
import { alertKey, encryptSecret, newWebhookSecret } from './secrets';

export interface SubscriptionView {
  id: number;
  channel: 'webhook' | 'email';
  target: string;
  events: string[];
  minSeverity: string;
  district: string | null;
  active: boolean;
  pausedAt: string | null;
  pausedReason: string | null;
  failingSince: string | null;
  createdByUserId: number | null;
  createdAt: string;
}

export interface DeliveryView {
  id: string;
  subscriptionId: number;
  channel: string;
  target: string;
  event: string;
  caseId: number | null;
  status: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

export interface AttemptView {
  attempt: number;
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
  at: string;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

interface SubRow {
  id: number;
  channel: 'webhook' | 'email';
  target: string;
  events: string;
  min_severity: string;
  district: string | null;
  active: number;
  paused_at: Date | null;
  paused_reason: string | null;
  failing_since: Date | null;
  created_by_user_id: number | null;
  created_at: Date;
}

const toSub = (r: SubRow): SubscriptionView => ({
  id: r.id,
  channel: r.channel,
  target: r.target,
  events: r.events ? r.events.split(',') : [],
  minSeverity: r.min_severity,
  district: r.district,
  active: !!r.active,
  pausedAt: iso(r.paused_at),
  pausedReason: r.paused_reason,
  failingSince: iso(r.failing_since),
  createdByUserId: r.created_by_user_id,
  createdAt: iso(r.created_at)!,
});

/** System deliveries (subscription 0: the employer's notice) have no subscription row: email to the payload's address. */
const DELIVERY_SELECT = `d.id AS pk, d.uuid, d.subscription_id, COALESCE(s.channel, 'email') AS channel,
  COALESCE(s.target, JSON_UNQUOTE(JSON_EXTRACT(d.payload, '$.notice.to'))) AS target, d.event, d.case_id, d.status,
  d.attempts, d.last_error, d.next_attempt_at, d.delivered_at, d.created_at
  FROM alert_deliveries d LEFT JOIN alert_subscriptions s ON s.id = d.subscription_id`;

interface DeliveryRow {
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

const toDelivery = (r: DeliveryRow): DeliveryView => ({
  id: r.uuid,
  subscriptionId: r.subscription_id,
  channel: r.channel,
  target: r.target,
  event: r.event,
  caseId: r.case_id,
  status: r.status,
  attempts: r.attempts,
  lastError: r.last_error,
  nextAttemptAt: r.status === 'pending' ? iso(r.next_attempt_at) : null,
  deliveredAt: iso(r.delivered_at),
  createdAt: iso(r.created_at)!,
});

/** Subscriptions and deliveries for the API (supervisors and admins). Validation of input is the controller's. */
@Injectable()
export class AlertsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: AlertsOutbox,
  ) {}

  async createSubscription(input: {
    channel: 'webhook' | 'email';
    target: string;
    events: string[];
    minSeverity: string;
    district: string | null;
    userId: number | null;
  }): Promise<SubscriptionView & { secret?: string }> {
    const secret = input.channel === 'webhook' ? newWebhookSecret() : undefined;
    const res = (await this.db.query(
      `INSERT INTO alert_subscriptions (channel, target, events, min_severity, district, secret_enc, active, created_by_user_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)`,
      [
        input.channel,
        input.target,
        [...new Set(input.events)].join(','),
        input.minSeverity,
        input.district,
        secret ? encryptSecret(secret, alertKey(this.config.env)) : null,
        input.userId,
        new Date(),
      ],
    )) as { insertId: number };
    const view = (await this.getSubscription(Number(res.insertId)))!;
    return secret ? { ...view, secret } : view;
  }

  async getSubscription(id: number): Promise<SubscriptionView | null> {
    const [r] = (await this.db.query('SELECT * FROM alert_subscriptions WHERE id = ?', [id])) as SubRow[];
    return r ? toSub(r) : null;
  }

  async listSubscriptions(includeInactive: boolean): Promise<SubscriptionView[]> {
    const rows = (await this.db.query(
      `SELECT * FROM alert_subscriptions ${includeInactive ? '' : 'WHERE active = 1'} ORDER BY id`,
    )) as SubRow[];
    return rows.map(toSub);
  }

  /** Deactivates (kept for the delivery history). Pending deliveries end failed at their next attempt. */
  async deactivate(id: number): Promise<SubscriptionView | null> {
    await this.db.query('UPDATE alert_subscriptions SET active = 0 WHERE id = ?', [id]);
    return this.getSubscription(id);
  }

  /** Un-pauses a paused subscription (its failure streak starts again). */
  async resume(id: number): Promise<SubscriptionView | null> {
    await this.db.query(
      'UPDATE alert_subscriptions SET paused_at = NULL, paused_reason = NULL, failing_since = NULL WHERE id = ?',
      [id],
    );
    return this.getSubscription(id);
  }

  async listDeliveries(f: {
    status?: string;
    event?: string;
    subscriptionId?: number;
    caseId?: number;
    cursor?: string;
    limit: number;
  }): Promise<Page<DeliveryView>> {
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
    const after = decodeCursor(f.cursor, 1);
    if (after) {
      where.push('d.id < ?');
      args.push(Number(after[0]));
    }
    const rows = (await this.db.query(
      `SELECT ${DELIVERY_SELECT} ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY d.id DESC LIMIT ?`,
      [...args, f.limit + 1],
    )) as DeliveryRow[];
    const more = rows.length > f.limit;
    const items = rows.slice(0, f.limit);
    return {
      items: items.map(toDelivery),
      nextCursor: more ? encodeCursor([items[items.length - 1]!.pk]) : null,
    };
  }

  async getDelivery(
    uuid: string,
  ): Promise<(DeliveryView & { payload: unknown; attemptLog: AttemptView[] }) | null> {
    const [r] = (await this.db.query(`SELECT ${DELIVERY_SELECT} WHERE d.uuid = ?`, [uuid])) as DeliveryRow[];
    if (!r) return null;
    const [{ payload }] = (await this.db.query('SELECT payload FROM alert_deliveries WHERE id = ?', [
      r.pk,
    ])) as {
      payload: string;
    }[];
    const attempts = (await this.db.query(
      'SELECT attempt, http_status, error, duration_ms, created_at FROM alert_attempts WHERE delivery_id = ? ORDER BY attempt, id',
      [r.pk],
    )) as {
      attempt: number;
      http_status: number | null;
      error: string | null;
      duration_ms: number;
      created_at: Date;
    }[];
    return {
      ...toDelivery(r),
      payload: JSON.parse(payload) as unknown,
      attemptLog: attempts.map((a) => ({
        attempt: a.attempt,
        httpStatus: a.http_status,
        error: a.error,
        durationMs: a.duration_ms,
        at: iso(a.created_at)!,
      })),
    };
  }

  /** 'ok', or why not: 'not-found' / 'not-resendable'. */
  async resend(uuid: string): Promise<'ok' | 'not-found' | 'not-resendable'> {
    const [r] = (await this.db.query('SELECT id FROM alert_deliveries WHERE uuid = ?', [uuid])) as {
      id: number;
    }[];
    if (!r) return 'not-found';
    return (await this.outbox.resend(r.id)) ? 'ok' : 'not-resendable';
  }
}
