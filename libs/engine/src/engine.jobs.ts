import { Injectable } from '@nestjs/common';
import { Job } from 'bullmq';
import { JobName, JobPayload, OnJob } from '@patuh/queues';
import { EvaluationService } from './evaluation.service';
import { SweepsService } from './sweeps.service';

/** The engine's job handlers (worker only). Each is idempotent: payloads carry ids; the database holds the truth. */
@Injectable()
export class EngineJobs {
  constructor(
    private readonly sweeps: SweepsService,
    private readonly evaluation: EvaluationService,
  ) {}

  @OnJob(JobName.SweepStart)
  async sweepStart({ sweepId, round }: JobPayload<JobName.SweepStart>): Promise<void> {
    await this.sweeps.start(sweepId, round ?? 0);
  }

  @OnJob(JobName.EvaluateBatch)
  async evaluateBatch(
    { sweepId, batchNo, employerIds, chunks, round }: JobPayload<JobName.EvaluateBatch>,
    job: Job,
  ) {
    try {
      const outcome = await this.sweeps.runBatch(sweepId, batchNo, employerIds, chunks);
      return outcome
        ? { opened: outcome.opened, resolved: outcome.resolved, reopened: outcome.reopened }
        : { skipped: true };
    } catch (e) {
      // Last attempt of the last round: record the batch's employers as failed so the sweep can end ("failed",
      // listing them). Before the last round the job just fails: the reaper re-drives it (a database down for
      // longer than the attempts last must not fail the sweep), and records it failed if it is still missing then.
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1) && this.sweeps.lastRound(round ?? 0)) {
        await this.sweeps.failBatch(sweepId, batchNo, employerIds, (e as Error).message);
      }
      throw e;
    }
  }

  /**
   * After a self-report: evaluate that employer now. Enqueued with deduplication {id, keepLastIfActive}, so a
   * burst of reports gives one evaluation, and a report processed while one runs gets one more afterwards.
   * Every self-report of the employer processed before this evaluation began is marked evaluated with it.
   */
  @OnJob(JobName.EvaluateEmployer)
  async evaluateEmployer({ employerId }: JobPayload<JobName.EvaluateEmployer>) {
    const startedAt = new Date();
    const outcome = await this.evaluation.evaluate([employerId], this.sweeps.today(), {
      inTransaction: (m) => this.evaluation.markSelfReportsEvaluated(m, employerId, startedAt),
    });
    return { opened: outcome.opened, resolved: outcome.resolved, reopened: outcome.reopened };
  }
}
