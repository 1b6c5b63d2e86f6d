import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'crypto';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { CaseView, toCaseView } from '@patuh/cases';
import {
  AlertDeliveriesRepository,
  AlertSubscriptionsRepository,
  CaseEventSink,
  WrittenCaseEvent,
} from '@patuh/persistence';
import { JobName, JobProducer, jobIds } from '@patuh/queues';
import { CASE_EVENT_TO_ALERT, matches, SubscriptionRow } from './alerts.shared';

export interface NewDelivery {
  subscriptionId: number;
  event: string;
  dedupeKey: string;
  caseId: number | null;
  /** The body without its id (the delivery's uuid is added here). */
  body: Record<string, unknown>;
}

const CHUNK = 200;

/**
 * Deliveries Patuh owes on its own account, not to a subscriber: subscription_id 0. Today one kind: the
 * written warning (notice PDF) emailed to the employer's contact when a case moves to notice_sent.
 */
export const SYSTEM_SUBSCRIPTION_ID = 0;
export const EMPLOYER_NOTICE_EVENT = 'case.notice_sent';

/**
 * The alert outbox. Case events become alert_deliveries rows in the very transaction that wrote the events
 * (CASE_EVENT_SINK), one per matching subscription, deduplicated by (subscription, dedupe_key) so the same event
 * written twice, by however many workers, gives one delivery. Nothing is sent from inside the transaction.
 *
 * Getting the rows to a worker: after the transaction commits (a TypeORM afterTransactionCommit subscriber) their
 * DeliverAlert jobs are enqueued at once, best effort. Correctness does not depend on that: every worker also
 * polls (ALERT_POLL_MS) for pending deliveries that are due and unclaimed and enqueues them; job ids
 * (delivery-<id>-<attempt>) make the two paths meet in one job. So no event is lost when Redis or every worker
 * is down at commit time: the row waits in MySQL.
 */
@Injectable()
export class AlertsOutbox implements CaseEventSink, OnModuleInit {
  private readonly logger = new Logger(AlertsOutbox.name);
  private readonly afterCommit = new WeakMap<QueryRunner, number[]>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly subs: AlertSubscriptionsRepository,
    private readonly deliveries: AlertDeliveriesRepository,
    private readonly jobs: JobProducer,
  ) {}

  onModuleInit(): void {
    const depth = (qr: QueryRunner) => (qr as unknown as { transactionDepth?: number }).transactionDepth ?? 0;
    this.db.subscribers.push({
      afterTransactionCommit: ({ queryRunner }: { queryRunner: QueryRunner }) => {
        if (depth(queryRunner) > 0) return; // a savepoint released: the outer transaction is still open
        const ids = this.afterCommit.get(queryRunner);
        if (!ids) return;
        this.afterCommit.delete(queryRunner);
        this.enqueueSoon(ids);
      },
      afterTransactionRollback: ({ queryRunner }: { queryRunner: QueryRunner }) => {
        if (depth(queryRunner) === 0) this.afterCommit.delete(queryRunner);
      },
    } as never);
  }

  /** CASE_EVENT_SINK: case.opened / case.reopened / case.escalated deliveries; other event types are ignored. */
  async onCaseEvents(m: EntityManager, events: WrittenCaseEvent[], at: Date): Promise<void> {
    const notices = events.filter((e) => e.type === 'transition' && e.toStatus === 'notice_sent');
    if (notices.length) await this.employerNotices(m, notices, at);
    const relevant = events.filter((e) => CASE_EVENT_TO_ALERT[e.type]);
    if (!relevant.length) return;
    const reopened = relevant.filter((e) => e.type === 'reopened').map((e) => e.caseId);
    if (reopened.length)
      // A reopened case gets a new dueAt; it may escalate again.
      await this.deliveries.clearEscalated(reopened, m);

    const subs = await this.subscriptions(m);
    if (!subs.length) return;
    const views = await this.caseViews(m, [...new Set(relevant.map((e) => e.caseId))]);
    const rows: NewDelivery[] = [];
    for (const e of relevant) {
      const view = views.get(e.caseId);
      if (!view) continue;
      const event = CASE_EVENT_TO_ALERT[e.type]!;
      const dedupeKey = e.eventId ? `case-event-${e.eventId}` : `case-${e.caseId}-${e.type}-${at.getTime()}`;
      for (const sub of subs) {
        if (!matches(sub, event, view.severity, view.district)) continue;
        rows.push({
          subscriptionId: sub.id,
          event,
          dedupeKey,
          caseId: e.caseId,
          body: { event, occurredAt: at.toISOString(), case: view },
        });
      }
    }
    const ids = await this.insert(rows, m);
    this.enqueueAfterCommit(m, ids);
  }

  /**
   * A case moved to notice_sent: the employer's contact gets the written warning with the notice PDF, through
   * the same outbox (same transaction, retries, attempt log). No contact email: the delivery is still written,
   * and ends undeliverable with the reason, so an inspector sees that the letter must go by post.
   */
  private async employerNotices(m: EntityManager, events: WrittenCaseEvent[], at: Date): Promise<void> {
    const views = await this.caseViews(m, [...new Set(events.map((e) => e.caseId))]);
    const contacts = await this.deliveries.findEmployerContacts(
      [...new Set(events.map((e) => e.employerId))],
      m,
    );
    const rows: NewDelivery[] = [];
    for (const e of events) {
      const view = views.get(e.caseId);
      if (!view) continue;
      rows.push({
        subscriptionId: SYSTEM_SUBSCRIPTION_ID,
        event: EMPLOYER_NOTICE_EVENT,
        dedupeKey: e.eventId ? `case-event-${e.eventId}` : `case-${e.caseId}-notice-${at.getTime()}`,
        caseId: e.caseId,
        body: {
          event: EMPLOYER_NOTICE_EVENT,
          occurredAt: at.toISOString(),
          case: view,
          notice: { to: contacts.get(e.employerId) ?? null },
        },
      });
    }
    this.enqueueAfterCommit(m, await this.insert(rows, m));
  }

  async subscriptions(m: EntityManager = this.db.manager): Promise<SubscriptionRow[]> {
    return this.subs.listMatchable(m);
  }

  async caseViews(m: EntityManager, caseIds: number[]): Promise<Map<number, CaseView>> {
    const out = new Map<number, CaseView>();
    for (let i = 0; i < caseIds.length; i += 500) {
      const rows = await this.deliveries.findCases(caseIds.slice(i, i + 500), m);
      for (const r of rows) out.set(r.id, toCaseView(r));
    }
    return out;
  }

  /** Inserts deliveries (idempotent on (subscription, dedupe_key)); returns the ids of the rows this call made. */
  async insert(rows: NewDelivery[], m: EntityManager = this.db.manager): Promise<number[]> {
    const ids: number[] = [];
    const now = new Date();
    for (let i = 0; i < rows.length; i += CHUNK) {
      const part = rows.slice(i, i + CHUNK).map((r) => {
        const uuid = randomUUID();
        return {
          uuid,
          subscriptionId: r.subscriptionId,
          event: r.event,
          dedupeKey: r.dedupeKey,
          caseId: r.caseId,
          payload: JSON.stringify({ id: uuid, ...r.body }),
        };
      });
      ids.push(...(await this.deliveries.insertMany(part, now, m)));
    }
    return ids;
  }

  /** Enqueue after the surrounding transaction commits (or now, when there is none). */
  enqueueAfterCommit(m: EntityManager, ids: number[]): void {
    if (!ids.length) return;
    const qr = m.queryRunner;
    if (qr && qr.isTransactionActive) this.afterCommit.set(qr, [...(this.afterCommit.get(qr) ?? []), ...ids]);
    else this.enqueueSoon(ids);
  }

  /** Fire and forget (never awaited by a commit): a Redis outage must not hold a transaction. The poller catches up. */
  enqueueSoon(ids: number[]): void {
    void this.enqueue(ids.map((id) => ({ id, attempt: 1 }))).catch((e: Error) =>
      this.logger.warn(`could not enqueue ${ids.length} deliveries now (the poller will): ${e.message}`),
    );
  }

  async enqueue(items: { id: number; attempt: number; delayMs?: number }[]): Promise<void> {
    await this.jobs.enqueueBulk(
      JobName.DeliverAlert,
      items.map((d) => ({
        payload: { deliveryId: d.id, attempt: d.attempt },
        opts: {
          jobId: jobIds.deliverAlert(d.id, d.attempt),
          delay: d.delayMs && d.delayMs > 0 ? d.delayMs : undefined,
        },
      })),
    );
  }

  /**
   * The outbox poller: enqueues every pending delivery that is due and not claimed. Safe to run from every
   * worker at once (the job id of an attempt is fixed; the claim in the handler is the real guard).
   */
  async enqueueDue(now = new Date(), limit = 500): Promise<number> {
    const due = await this.deliveries.listDue(now, limit);
    if (due.length) await this.enqueue(due.map((d) => ({ id: d.id, attempt: d.attempts + 1 })));
    return due.length;
  }

  /** Makes a failed or undeliverable delivery pending again (same id), with a fresh attempt budget. */
  async resend(deliveryId: number): Promise<boolean> {
    const now = new Date();
    if (!(await this.deliveries.makePendingAgain(deliveryId, now))) return false;
    const attempts = (await this.deliveries.findAttempts(deliveryId))!;
    try {
      await this.enqueue([{ id: deliveryId, attempt: attempts + 1 }]);
    } catch (e) {
      this.logger.warn(
        `resend of delivery ${deliveryId} not enqueued now (the poller will): ${(e as Error).message}`,
      );
    }
    return true;
  }
}
