import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { codeList, jsonText } from '../transformers';

export const ALERT_CHANNELS = ['webhook', 'email'] as const;
export type AlertChannel = (typeof ALERT_CHANNELS)[number];
export const ALERT_EVENTS = ['case.opened', 'case.reopened', 'case.escalated', 'digest.daily'] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

@Entity('alert_subscriptions')
export class AlertSubscriptionEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id!: number;

  @Column({ type: 'enum', enum: ALERT_CHANNELS })
  channel!: AlertChannel;

  @Column({ type: 'varchar', length: 2000 })
  target!: string;

  @Column({ type: 'varchar', length: 200, transformer: codeList })
  events!: string[];

  @Column({ type: 'enum', enum: ['low', 'medium', 'high', 'critical'], default: 'low' })
  minSeverity!: 'low' | 'medium' | 'high' | 'critical';

  @Column({ type: 'varchar', length: 40, nullable: true })
  district!: string | null;

  /** Webhook signing secret, encrypted (AES-256-GCM) with a key derived from the app secret. */
  @Column({ type: 'varchar', length: 300, nullable: true })
  secretEnc!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  pausedAt!: Date | null;

  /** Why it was paused (shown to operators; the record kept when no admin could be emailed). */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  pausedReason!: string | null;

  /** Start of the current unbroken run of failed attempts (cleared by any success). */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  failingSince!: Date | null;

  @Column({ type: 'int', unsigned: true, nullable: true })
  createdByUserId!: number | null;

  @CreateDateColumn({ type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' })
  createdAt!: Date;
}

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'undeliverable'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** The outbox: written in the same transaction as the case event; a job sends it. One row per (subscription, event). */
@Entity('alert_deliveries')
@Index('ux_alert_deliveries_dedupe', ['subscriptionId', 'dedupeKey'], { unique: true })
@Index('ix_alert_deliveries_status', ['status', 'nextAttemptAt'])
export class AlertDeliveryEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id!: number;

  /** Public delivery id (X-Patuh-Delivery), stable across retries. */
  @Index('ux_alert_deliveries_uuid', { unique: true })
  @Column({ type: 'char', length: 36 })
  uuid!: string;

  @Column({ type: 'int', unsigned: true })
  subscriptionId!: number;

  @Column({ type: 'varchar', length: 40 })
  event!: string;

  /** e.g. "case-event:123" or "digest:2026-11-24". */
  @Column({ type: 'varchar', length: 120 })
  dedupeKey!: string;

  @Column({ type: 'int', unsigned: true, nullable: true })
  caseId!: number | null;

  @Column({ type: 'longtext', transformer: jsonText })
  payload!: Record<string, unknown>;

  @Column({ type: 'enum', enum: DELIVERY_STATUSES, default: 'pending' })
  status!: DeliveryStatus;

  @Column({ type: 'int', unsigned: true, default: 0 })
  attempts!: number;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  lastError!: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  nextAttemptAt!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  deliveredAt!: Date | null;

  /** Claim lease: while in the future, one worker owns the attempt in flight. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  lockedUntil!: Date | null;

  /** Attempts made before the last resend: the attempt budget counts from here. */
  @Column({ type: 'int', unsigned: true, default: 0 })
  attemptBase!: number;

  @CreateDateColumn({ type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' })
  createdAt!: Date;
}

/** Each attempt of a delivery, for operators. */
@Entity('alert_attempts')
@Index('ix_alert_attempts_delivery', ['deliveryId'])
export class AlertAttemptEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id!: number;

  @Column({ type: 'int', unsigned: true })
  deliveryId!: number;

  @Column({ type: 'int', unsigned: true })
  attempt!: number;

  @Column({ type: 'smallint', unsigned: true, nullable: true })
  httpStatus!: number | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  error!: string | null;

  @Column({ type: 'int', unsigned: true })
  durationMs!: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
