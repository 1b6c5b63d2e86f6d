import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { decodeCursor, keysetPage, Page } from '@patuh/core';
import {
  AlertDeliveriesRepository,
  AlertSubscriptionRow,
  AlertSubscriptionsRepository,
  DeliveryListRow,
} from '@patuh/persistence';
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

const toSub = (r: AlertSubscriptionRow): SubscriptionView => ({
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

const toDelivery = (r: DeliveryListRow): DeliveryView => ({
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
    private readonly subscriptions: AlertSubscriptionsRepository,
    private readonly deliveries: AlertDeliveriesRepository,
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
    const id = await this.subscriptions.insert({
      channel: input.channel,
      target: input.target,
      events: [...new Set(input.events)].join(','),
      minSeverity: input.minSeverity,
      district: input.district,
      secretEnc: secret ? encryptSecret(secret, alertKey(this.config.env)) : null,
      createdByUserId: input.userId,
      createdAt: new Date(),
    });
    const view = (await this.getSubscription(id))!;
    return secret ? { ...view, secret } : view;
  }

  async getSubscription(id: number): Promise<SubscriptionView | null> {
    const r = await this.subscriptions.findById(id);
    return r ? toSub(r) : null;
  }

  async listSubscriptions(includeInactive: boolean): Promise<SubscriptionView[]> {
    return (await this.subscriptions.list(includeInactive)).map(toSub);
  }

  /** Deactivates (kept for the delivery history). Pending deliveries end failed at their next attempt. */
  async deactivate(id: number): Promise<SubscriptionView | null> {
    await this.subscriptions.deactivate(id);
    return this.getSubscription(id);
  }

  /** Un-pauses a paused subscription (its failure streak starts again). */
  async resume(id: number): Promise<SubscriptionView | null> {
    await this.subscriptions.resume(id);
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
    const after = decodeCursor(f.cursor, 1);
    const rows = await this.deliveries.list(
      {
        status: f.status,
        event: f.event,
        subscriptionId: f.subscriptionId,
        caseId: f.caseId,
        beforeId: after ? Number(after[0]) : undefined,
      },
      f.limit + 1,
    );
    const page = keysetPage(rows, f.limit, (r) => [r.pk]);
    return { items: page.items.map(toDelivery), nextCursor: page.nextCursor };
  }

  async getDelivery(
    uuid: string,
  ): Promise<(DeliveryView & { payload: unknown; attemptLog: AttemptView[] }) | null> {
    const r = await this.deliveries.findByUuid(uuid);
    if (!r) return null;
    const payload = (await this.deliveries.findPayload(r.pk))!;
    const attempts = await this.deliveries.listAttempts(r.pk);
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
    const id = await this.deliveries.findIdByUuid(uuid);
    if (id === undefined) return 'not-found';
    return (await this.outbox.resend(id)) ? 'ok' : 'not-resendable';
  }
}
