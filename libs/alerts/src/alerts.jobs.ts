import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { JobName, JobPayload, JobProducer, jobIds, OnJob } from '@patuh/queues';
import { AlertsOutbox } from './alerts.outbox';
import { DeliveryService } from './delivery.service';
import { DigestService } from './digest.service';
import { EscalationService } from './escalation.service';

/** The alerts' job handlers (worker only). */
@Injectable()
export class AlertsJobs {
  constructor(
    private readonly delivery: DeliveryService,
    private readonly escalation: EscalationService,
    private readonly digest: DigestService,
  ) {}

  @OnJob(JobName.DeliverAlert)
  async deliverAlert({ deliveryId, attempt }: JobPayload<JobName.DeliverAlert>) {
    return { outcome: await this.delivery.deliver(deliveryId, attempt) };
  }

  @OnJob(JobName.CheckEscalations)
  async checkEscalations({ at }: JobPayload<JobName.CheckEscalations>) {
    return { escalated: await this.escalation.checkEscalations(new Date(at)) };
  }

  @OnJob(JobName.SendDigest)
  async sendDigest({ at }: JobPayload<JobName.SendDigest>) {
    return { deliveries: await this.digest.sendDigests(new Date(at)) };
  }
}

/**
 * Worker clocks. The outbox poller (ALERT_POLL_MS) always runs: it is how deliveries survive a Redis or worker
 * outage, not a schedule. The escalation and digest ticks (ALERT_CHECK_MS) run when SCHEDULER_ENABLED; a tick
 * only enqueues a job whose id is the tick's minute, so many workers make one job per minute, and the handlers
 * are idempotent anyway (escalated_at, digest-<date> dedupe keys).
 */
@Injectable()
export class AlertsScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(AlertsScheduler.name);
  private polling = false;

  constructor(
    private readonly outbox: AlertsOutbox,
    private readonly jobs: JobProducer,
    private readonly registry: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const env = this.config.env;
    if (env.ALERT_POLL_MS > 0)
      this.registry.addInterval(
        'alerts-outbox-poll',
        setInterval(() => void this.poll(), env.ALERT_POLL_MS),
      );
    if (env.SCHEDULER_ENABLED)
      this.registry.addInterval(
        'alerts-checks',
        setInterval(
          () =>
            void this.tick(new Date()).catch((e: Error) =>
              this.logger.error(`alerts tick failed: ${e.message}`),
            ),
          env.ALERT_CHECK_MS,
        ),
      );
  }

  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      await this.outbox.enqueueDue();
    } catch (e) {
      this.logger.warn(`outbox poll failed: ${(e as Error).message}`);
    } finally {
      this.polling = false;
    }
  }

  async tick(at: Date): Promise<void> {
    const minute = new Date(Math.floor(at.getTime() / 60_000) * 60_000).toISOString().slice(0, 16);
    await this.jobs.enqueue(
      JobName.CheckEscalations,
      { at: at.toISOString() },
      { jobId: jobIds.checkEscalations(minute) },
    );
    await this.jobs.enqueue(
      JobName.SendDigest,
      { at: at.toISOString() },
      { jobId: jobIds.sendDigest(minute) },
    );
  }
}
