import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { NoticePdfService, type CaseView } from '@patuh/cases';
import { MetricsService } from '@patuh/core';
import { AlertDeliveriesRepository, AlertSubscriptionsRepository, DeliverySendRow } from '@patuh/persistence';
import { AlertsOutbox, SYSTEM_SUBSCRIPTION_ID } from './alerts.outbox';
import { backoffMs, caseLink, portalCaseLink } from './alerts.shared';
import { EmailSender, SmtpNotConfigured } from './email.sender';
import {
  Digest,
  renderCaseEmail,
  renderDigestEmail,
  renderEmployerNoticeEmail,
  renderPausedEmail,
} from './email.templates';
import { alertKey, decryptSecret, signBody } from './secrets';
import { checkTargetResolved, TargetRefused } from './target-policy';
import { pinnedDispatcher } from './pinned-dispatcher';

export const ATTEMPT_IN_PROGRESS = 'in progress';
export const ATTEMPT_ABANDONED =
  'abandoned: the worker stopped before the attempt finished (the receiver may have got it)';

type DeliveryRow = DeliverySendRow;

type Outcome =
  | { kind: 'delivered'; httpStatus?: number }
  | { kind: 'retry'; httpStatus?: number; error: string }
  /** No point retrying: refused target, subscription gone. */
  | { kind: 'failed'; httpStatus?: number; error: string }
  | { kind: 'undeliverable'; error: string };

const clip = (s: string, n = 1000) => (s.length > n ? s.slice(0, n - 1) + '…' : s);

/**
 * One attempt of one delivery. The claim (a conditional UPDATE on status, the attempt number and the lease) lets
 * exactly one worker make attempt n, so two workers never send one delivery at once, and a repeated job for an
 * attempt already made changes nothing. On the wire it is at-least-once: a worker killed after the receiver got
 * the request but before we recorded the answer leaves the attempt "abandoned"; once its lease lapses the next
 * attempt repeats the same X-Patuh-Delivery id, which receivers use to drop the repeat.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);
  private readonly key: Buffer;

  constructor(
    private readonly deliveries: AlertDeliveriesRepository,
    private readonly subscriptions: AlertSubscriptionsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: AlertsOutbox,
    private readonly email: EmailSender,
    private readonly notices: NoticePdfService,
    /** patuh_alert_delivery_attempts_total, where the app has metrics (the API and the worker do). */
    @Optional() private readonly metrics?: MetricsService,
  ) {
    this.key = alertKey(config.env);
  }

  private get env() {
    return this.config.env;
  }

  /** Lease of a claimed attempt: longer than the attempt can take (its timeout), with room for the bookkeeping. */
  leaseMs(): number {
    return this.env.WEBHOOK_TIMEOUT_MS * 2 + 1000;
  }

  async deliver(deliveryId: number, attempt: number): Promise<Outcome['kind'] | 'skipped'> {
    const started = new Date();
    const claimed = await this.deliveries.claimAttempt(
      deliveryId,
      attempt,
      started,
      new Date(started.getTime() + this.leaseMs()),
    );
    if (!claimed) return 'skipped';

    await this.deliveries.abandonEarlierAttempts(deliveryId, attempt, ATTEMPT_IN_PROGRESS, ATTEMPT_ABANDONED);
    const attemptId = await this.deliveries.insertAttempt(deliveryId, attempt, ATTEMPT_IN_PROGRESS, started);

    const row = await this.deliveries.findForSend(deliveryId);

    let outcome: Outcome;
    if (row && row.subscription_id === SYSTEM_SUBSCRIPTION_ID) outcome = await this.sendEmployerNotice(row);
    else if (!row || !row.channel) outcome = { kind: 'failed', error: 'subscription not found' };
    else if (!row.active) outcome = { kind: 'failed', error: 'subscription deactivated' };
    else if (row.paused_at) outcome = { kind: 'failed', error: 'subscription paused' };
    else
      outcome = row.channel === 'webhook' ? await this.sendWebhook(row, attempt) : await this.sendEmail(row);

    const ended = new Date();
    const status = 'httpStatus' in outcome ? (outcome.httpStatus ?? null) : null;
    await this.deliveries.finishAttempt(
      attemptId,
      status,
      'error' in outcome ? clip(outcome.error) : null,
      ended.getTime() - started.getTime(),
    );
    this.metrics?.deliveryAttempts.inc({ channel: row?.channel ?? 'none', outcome: outcome.kind });
    if (row) await this.record(row, attempt, outcome, ended);
    return outcome.kind;
  }

  private async record(row: DeliveryRow, attempt: number, outcome: Outcome, at: Date): Promise<void> {
    if (outcome.kind === 'delivered') {
      // Success wins even if a slower sibling attempt wrote "failed" meanwhile: the receiver has it.
      await this.deliveries.markDelivered(row.id, at);
      if (row.subscription_id !== SYSTEM_SUBSCRIPTION_ID)
        await this.subscriptions.clearFailing(row.subscription_id);
      return;
    }
    const error = clip(outcome.error);
    if (outcome.kind === 'undeliverable' || outcome.kind === 'failed') {
      await this.deliveries.markEnded(row.id, attempt, outcome.kind, error);
      if (outcome.kind === 'failed' && row.active && !row.paused_at) await this.noteFailure(row, at, error);
      return;
    }
    const made = attempt - row.attempt_base;
    if (made >= this.env.WEBHOOK_MAX_ATTEMPTS) {
      await this.deliveries.markEnded(
        row.id,
        attempt,
        'failed',
        clip(`${error} (gave up after ${made} attempts)`),
      );
    } else {
      const delay = backoffMs(this.env, made);
      if (await this.deliveries.scheduleRetry(row.id, attempt, error, new Date(at.getTime() + delay))) {
        try {
          await this.outbox.enqueue([{ id: row.id, attempt: attempt + 1, delayMs: delay }]);
        } catch (e) {
          this.logger.warn(
            `retry of delivery ${row.id} not enqueued (the poller will): ${(e as Error).message}`,
          );
        }
      }
    }
    if (row.subscription_id !== SYSTEM_SUBSCRIPTION_ID) await this.noteFailure(row, at, error);
  }

  /** Tracks the subscription's failure streak; pauses it (once) when every attempt has failed for WEBHOOK_PAUSE_AFTER_MS. */
  private async noteFailure(row: DeliveryRow, at: Date, error: string): Promise<void> {
    await this.subscriptions.noteFailing(row.subscription_id, at);
    const reason = clip(
      `every delivery attempt failed for ${Math.round(this.env.WEBHOOK_PAUSE_AFTER_MS / 60000)} minutes; last error: ${error}`,
    );
    const paused = await this.subscriptions.pauseIfFailingSince(
      row.subscription_id,
      at,
      reason,
      new Date(at.getTime() - this.env.WEBHOOK_PAUSE_AFTER_MS),
    );
    if (!paused) return;
    this.logger.warn(
      `alert subscription ${row.subscription_id} (${row.channel} ${row.target}) paused: ${reason}`,
    );
    await this.tellAdmins(
      { id: row.subscription_id, channel: row.channel ?? 'email', target: row.target },
      reason,
    );
  }

  private async tellAdmins(
    sub: { id: number; channel: string; target: string },
    reason: string,
  ): Promise<void> {
    const admins = await this.subscriptions.listActiveAdminEmails();
    if (!this.email.configured || !admins.length) {
      this.logger.warn(
        `no admin could be emailed about paused subscription ${sub.id} (${this.email.configured ? 'no admin users' : 'SMTP_URL not configured'}); the reason is kept on the subscription`,
      );
      return;
    }
    try {
      await this.email.send({ to: admins, ...renderPausedEmail(sub, reason) });
    } catch (e) {
      this.logger.warn(`could not email admins about paused subscription ${sub.id}: ${(e as Error).message}`);
    }
  }

  private async sendWebhook(row: DeliveryRow, attempt: number): Promise<Outcome> {
    try {
      await checkTargetResolved(row.target, this.env);
    } catch (e) {
      if (e instanceof TargetRefused) return { kind: 'failed', error: `target refused: ${e.message}` };
      return { kind: 'retry', error: (e as Error).message };
    }
    let secret: string;
    try {
      secret = decryptSecret(row.secret_enc ?? '', this.key);
    } catch {
      return { kind: 'failed', error: 'the webhook secret cannot be decrypted (ALERT_SECRET_KEY changed?)' };
    }
    const body = row.payload; // stored as sent: byte-identical on every attempt
    const ctrl = new AbortController();
    const timeout = this.env.WEBHOOK_TIMEOUT_MS;
    const timer = setTimeout(() => ctrl.abort(), timeout);
    try {
      const res = await fetch(row.target, {
        method: 'POST',
        redirect: 'manual',
        signal: ctrl.signal,
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Patuh-Webhook/1',
          'X-Patuh-Event': row.event,
          'X-Patuh-Delivery': row.uuid,
          'X-Patuh-Attempt': String(attempt),
          'X-Patuh-Signature': signBody(body, secret),
        },
        body,
        dispatcher: pinnedDispatcher(this.env),
      });
      await res.body?.cancel().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) return { kind: 'delivered', httpStatus: res.status };
      return {
        kind: 'retry',
        httpStatus: res.status,
        error: `HTTP ${res.status}${res.statusText ? ' ' + res.statusText : ''}`,
      };
    } catch (e) {
      if (ctrl.signal.aborted) return { kind: 'retry', error: `timeout after ${timeout} ms` };
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      return {
        kind: 'retry',
        error: cause ? `${cause.code ?? 'ERROR'}: ${cause.message ?? ''}`.trim() : (e as Error).message,
      };
    } finally {
      clearTimeout(timer);
    }
  }

  /** The written warning to the employer: notice PDF attached, rendered at send time from the case as it stands. */
  private async sendEmployerNotice(row: DeliveryRow): Promise<Outcome> {
    const payload = JSON.parse(row.payload) as { case: CaseView; notice?: { to: string | null } };
    const to = payload.notice?.to;
    if (!to)
      return { kind: 'undeliverable', error: 'the employer has no contact email: send the notice by post' };
    if (!this.email.configured) return { kind: 'undeliverable', error: 'SMTP_URL not configured' };
    let pdf: Buffer;
    try {
      pdf = await this.notices.render(payload.case.id);
    } catch (e) {
      return { kind: 'retry', error: `notice PDF: ${(e as Error).message}` };
    }
    const mail = renderEmployerNoticeEmail(payload.case, portalCaseLink(this.env, payload.case.id));
    try {
      await this.email.send({
        to,
        ...mail,
        attachments: [
          {
            filename: `surat-peringatan-${payload.case.id}.pdf`,
            content: pdf,
            contentType: 'application/pdf',
          },
        ],
        headers: { 'X-Patuh-Event': row.event, 'X-Patuh-Delivery': row.uuid },
      });
      return { kind: 'delivered' };
    } catch (e) {
      if (e instanceof SmtpNotConfigured) return { kind: 'undeliverable', error: e.message };
      return { kind: 'retry', error: `SMTP: ${(e as Error).message}` };
    }
  }

  private async sendEmail(row: DeliveryRow): Promise<Outcome> {
    if (!this.email.configured) return { kind: 'undeliverable', error: 'SMTP_URL not configured' };
    const payload = JSON.parse(row.payload) as {
      event: string;
      occurredAt: string;
      case?: CaseView;
      digest?: Digest;
    };
    const mail = payload.digest
      ? renderDigestEmail(
          payload.digest,
          `${(this.env.PUBLIC_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '')}/console`,
        )
      : payload.case
        ? renderCaseEmail(
            payload.event,
            payload.case,
            caseLink(this.env, payload.case.id),
            payload.occurredAt,
          )
        : null;
    if (!mail) return { kind: 'failed', error: 'nothing to render for this payload' };
    try {
      await this.email.send({
        to: row.target,
        ...mail,
        headers: { 'X-Patuh-Event': row.event, 'X-Patuh-Delivery': row.uuid },
      });
      return { kind: 'delivered' };
    } catch (e) {
      if (e instanceof SmtpNotConfigured) return { kind: 'undeliverable', error: e.message };
      return { kind: 'retry', error: `SMTP: ${(e as Error).message}` };
    }
  }
}
