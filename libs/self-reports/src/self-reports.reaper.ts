import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { SelfReportEntity, SelfReportsRepository } from '@patuh/persistence';
import { JobName, jobIds, JobProducer } from '@patuh/queues';
import { SelfReportProcessor } from './self-report.processor';
import { SelfReportsService } from './self-reports.service';

export type ReportReapAction = 'alive' | 'redriven' | 'failed' | 'taken';

/** Shown on a report the reaper gave up on (failure_reason): English / Indonesian, like the row messages. */
export const LOST_REPORT_REASON =
  'the report could not be processed (its jobs were lost); send it again with the same Idempotency-Key / ' +
  'laporan tidak dapat diproses (tugasnya hilang); kirim ulang dengan Idempotency-Key yang sama';

/**
 * Self-reports that always end (issue #16), beside the sweep reaper and on the same settings: every
 * REAPER_INTERVAL_MS each worker lists the reports that stopped moving — queued or processing for REAPER_STUCK_MS,
 * or processed with their evaluation still queued that long — and, for each one it wins the lease on, asks Redis
 * whether its job (or the employer's deduplicated evaluation) is live. If not (Redis lost it, it failed while the
 * database was down, a restore), the job is enqueued again under the next round's id, at most REAPER_MAX_REDRIVES
 * times; then the report ends `failed` (or its evaluation `failed`). Processing is idempotent (the report row is
 * locked and its status checked), so a re-drive beside a live job changes nothing.
 */
@Injectable()
export class SelfReportsReaper implements OnApplicationBootstrap {
  private readonly logger = new Logger(SelfReportsReaper.name);
  private running = false;

  constructor(
    private readonly rows: SelfReportsRepository,
    private readonly reports: SelfReportsService,
    private readonly processor: SelfReportProcessor,
    private readonly jobs: JobProducer,
    private readonly registry: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.env.REAPER_INTERVAL_MS;
    if (every > 0)
      this.registry.addInterval(
        'self-reports-reaper',
        setInterval(() => void this.tick(), every),
      );
  }

  async tick(at = new Date()): Promise<Map<number, ReportReapAction>> {
    const done = new Map<number, ReportReapAction>();
    if (this.running) return done;
    this.running = true;
    try {
      const idleBefore = new Date(at.getTime() - this.config.env.REAPER_STUCK_MS);
      for (const id of await this.rows.findStuckReports(idleBefore)) {
        if (!(await this.rows.claimForReaper(id, at, idleBefore))) {
          done.set(id, 'taken');
          continue;
        }
        const r = await this.rows.findById(id);
        if (r) done.set(id, await this.reap(r));
      }
    } catch (e) {
      this.logger.warn(`self-report reaper: ${(e as Error).message}`);
    } finally {
      this.running = false;
    }
    return done;
  }

  private async reap(r: SelfReportEntity): Promise<ReportReapAction> {
    const max = this.config.env.REAPER_MAX_REDRIVES;
    const processing = r.status === 'queued' || r.status === 'processing';
    if (processing) {
      const ids = Array.from({ length: r.redrives + 1 }, (_, n) =>
        jobIds.processSelfReport(r.id, r.receivedAt, n),
      );
      if (await this.jobs.anyLive(JobName.ProcessSelfReport, ids)) return 'alive';
    } else if (r.status === 'processed' && r.evaluationStatus === 'queued') {
      const dedup = jobIds.evaluateEmployer(r.employerId);
      if (await this.jobs.liveDeduplicated(JobName.EvaluateEmployer, dedup)) return 'alive';
    } else return 'alive';

    if (r.redrives >= max) {
      if (processing) await this.rows.markFailed(r.id, LOST_REPORT_REASON);
      else await this.rows.markEvaluationFailed(r.id);
      this.logger.error(
        `self-report ${r.id}: ${processing ? 'processing' : 'evaluation'} lost after ${max} re-drives, ended failed`,
      );
      return 'failed';
    }
    if (!(await this.rows.bumpRedrives(r.id, r.redrives))) return 'taken';
    if (processing) await this.reports.enqueue(r, r.redrives + 1);
    else await this.processor.enqueueEvaluation(r.employerId);
    this.logger.warn(
      `self-report ${r.id}: ${processing ? 'processing' : 'evaluation'} job lost, re-driven (round ${r.redrives + 1} of ${max})`,
    );
    return 'redriven';
  }
}
