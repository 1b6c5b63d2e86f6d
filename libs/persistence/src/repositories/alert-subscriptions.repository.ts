import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** An alert_subscriptions row as stored. */
export interface AlertSubscriptionRow {
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

/** What matching an event needs (active, unpaused subscriptions). */
export interface MatchableSubscriptionRow {
  id: number;
  channel: 'webhook' | 'email';
  target: string;
  events: string;
  min_severity: string;
  district: string | null;
}

export interface NewAlertSubscription {
  channel: 'webhook' | 'email';
  target: string;
  /** Comma-separated event names. */
  events: string;
  minSeverity: string;
  district: string | null;
  secretEnc: string | null;
  createdByUserId: number | null;
  createdAt: Date;
}

const affectedRows = (res: unknown): number => {
  const r = res as { affectedRows?: number } | [unknown, number];
  if (Array.isArray(r)) return Number(r[1] ?? 0);
  return Number(r?.affectedRows ?? 0);
};

/** Alert subscriptions: webhooks and email addresses that get alerts, and their failure streaks. */
@Injectable()
export class AlertSubscriptionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(s: NewAlertSubscription, m: EntityManager = this.db.manager): Promise<number> {
    const res = (await m.query(
      `INSERT INTO alert_subscriptions (channel, target, events, min_severity, district, secret_enc, active, created_by_user_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)`,
      [s.channel, s.target, s.events, s.minSeverity, s.district, s.secretEnc, s.createdByUserId, s.createdAt],
    )) as { insertId: number };
    return Number(res.insertId);
  }

  async findById(id: number, m: EntityManager = this.db.manager): Promise<AlertSubscriptionRow | undefined> {
    const [r] = (await m.query('SELECT * FROM alert_subscriptions WHERE id = ?', [
      id,
    ])) as AlertSubscriptionRow[];
    return r;
  }

  /** By id; inactive ones too when asked. */
  async list(includeInactive: boolean, m: EntityManager = this.db.manager): Promise<AlertSubscriptionRow[]> {
    return (await m.query(
      `SELECT * FROM alert_subscriptions ${includeInactive ? '' : 'WHERE active = 1'} ORDER BY id`,
    )) as AlertSubscriptionRow[];
  }

  /** Active and not paused: the subscriptions an event can go to. */
  async listMatchable(m: EntityManager = this.db.manager): Promise<MatchableSubscriptionRow[]> {
    return (await m.query(
      `SELECT id, channel, target, events, min_severity, district FROM alert_subscriptions
        WHERE active = 1 AND paused_at IS NULL`,
    )) as MatchableSubscriptionRow[];
  }

  async deactivate(id: number, m: EntityManager = this.db.manager): Promise<void> {
    await m.query('UPDATE alert_subscriptions SET active = 0 WHERE id = ?', [id]);
  }

  /** Un-pauses (the failure streak starts again). */
  async resume(id: number, m: EntityManager = this.db.manager): Promise<void> {
    await m.query(
      'UPDATE alert_subscriptions SET paused_at = NULL, paused_reason = NULL, failing_since = NULL WHERE id = ?',
      [id],
    );
  }

  /** A delivery got through: the failure streak ends. */
  async clearFailing(id: number, m: EntityManager = this.db.manager): Promise<void> {
    await m.query(
      'UPDATE alert_subscriptions SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL',
      [id],
    );
  }

  /** A delivery failed: the streak starts at `at` unless it has started already. */
  async noteFailing(id: number, at: Date, m: EntityManager = this.db.manager): Promise<void> {
    await m.query('UPDATE alert_subscriptions SET failing_since = COALESCE(failing_since, ?) WHERE id = ?', [
      at,
      id,
    ]);
  }

  /** Pauses (once) a subscription failing since `failingBefore` or earlier; true when this call paused it. */
  async pauseIfFailingSince(
    id: number,
    at: Date,
    reason: string,
    failingBefore: Date,
    m: EntityManager = this.db.manager,
  ): Promise<boolean> {
    const paused = await m.query(
      `UPDATE alert_subscriptions SET paused_at = ?, paused_reason = ?
        WHERE id = ? AND paused_at IS NULL AND failing_since IS NOT NULL AND failing_since <= ?`,
      [at, reason, id, failingBefore],
    );
    return affectedRows(paused) === 1;
  }

  /** The emails of the active admins (told when a subscription is paused). */
  async listActiveAdminEmails(m: EntityManager = this.db.manager): Promise<string[]> {
    const admins = (await m.query(`SELECT email FROM users WHERE role = 'admin' AND active = 1`)) as {
      email: string;
    }[];
    return admins.map((a) => a.email);
  }
}
