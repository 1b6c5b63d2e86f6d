import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Job, UnrecoverableError } from 'bullmq';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { SelfReportsRepository } from '@patuh/persistence';
import { JobName, JobPayload, OnJob } from '@patuh/queues';
import { SelfReportProcessor } from './self-report.processor';
import { SelfReportsService } from './self-reports.service';

/** The ProcessSelfReport handler (worker only). Idempotent: a processed report is never applied twice. */
@Injectable()
export class SelfReportsJobs {
  constructor(private readonly processor: SelfReportProcessor) {}

  @OnJob(JobName.ProcessSelfReport)
  async processSelfReport({ selfReportId }: JobPayload<JobName.ProcessSelfReport>, job: Job) {
    try {
      return await this.processor.process(selfReportId);
    } catch (e) {
      // Last attempt (or a fault no retry can mend): the report ends "failed" with the reason.
      if (e instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1))
        await this.processor.fail(selfReportId, (e as Error).message);
      throw e;
    }
  }
}

/** Reports stored but never enqueued (Redis down at submission) are at least this old before they are re-enqueued. */
export const REQUEUE_AFTER_MS = 60_000;

/**
 * Re-enqueues self-reports left `queued` for over a minute (the API stored them but could not enqueue). The job
 * id self-report-<id> makes this harmless when the job exists or when several workers poll at once.
 */
@Injectable()
export class SelfReportsPoller implements OnApplicationBootstrap {
  private readonly logger = new Logger(SelfReportsPoller.name);
  private running = false;

  constructor(
    private readonly rows: SelfReportsRepository,
    private readonly reports: SelfReportsService,
    private readonly registry: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The house's one timer style: an interval registered with the SchedulerRegistry (cleared on shutdown). */
  onApplicationBootstrap(): void {
    const every = this.config.env.SELF_REPORT_REQUEUE_MS;
    if (every > 0)
      this.registry.addInterval(
        'self-reports-requeue',
        setInterval(() => void this.tick(), every),
      );
  }

  async tick(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const ids = await this.rows.listQueuedBefore(new Date(Date.now() - REQUEUE_AFTER_MS));
      let n = 0;
      for (const id of ids) {
        const r = await this.rows.findById(id);
        if (r?.status === 'queued' && (await this.reports.enqueue(r, r.redrives))) n++;
      }
      if (n) this.logger.log(`re-enqueued ${n} queued self-reports`);
      return n;
    } catch (e) {
      this.logger.warn(`self-report poller: ${(e as Error).message}`);
      return 0;
    } finally {
      this.running = false;
    }
  }
}
