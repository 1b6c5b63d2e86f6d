import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { SweepEntity, SweepsRepository } from '@patuh/persistence';
import { JobName, jobIds, JobProducer } from '@patuh/queues';
import { SweepsService } from './sweeps.service';

/** What one look at a stuck sweep did. */
export type ReapAction = 'alive' | 'redriven' | 'failed' | 'closed' | 'taken';

const rounds = (n: number) => Array.from({ length: n + 1 }, (_, r) => r);

/**
 * Sweeps that always end (issue #16). Every REAPER_INTERVAL_MS each worker lists the sweeps that stopped moving
 * (queued or running, nothing recorded for REAPER_STUCK_MS) and, for each one it wins the lease on (a
 * status-guarded UPDATE of `reaped_at`, so of two workers one acts), asks Redis about the jobs of every batch the
 * database has not recorded. Batches with a live job (waiting, delayed, active) are left alone: the queue is just
 * slow. The others were lost (Redis restarted empty, a restore) or failed for good (their attempts used up while
 * the database was down): they are re-driven from the database — the batches cut from the plan stored on the
 * sweep row, under fresh job ids of the next round — at most REAPER_MAX_REDRIVES times; after that, they are
 * recorded with their employers failed and the sweep ends `failed`, listing them. A start lost before it planned
 * is re-enqueued the same way. Everything it writes is status-guarded or keyed (sweep_batches' primary key), so
 * it is safe beside a batch that commits meanwhile, and on any number of workers.
 */
@Injectable()
export class SweepReaper implements OnApplicationBootstrap {
  private readonly logger = new Logger(SweepReaper.name);
  private running = false;

  constructor(
    private readonly sweeps: SweepsService,
    private readonly rows: SweepsRepository,
    private readonly jobs: JobProducer,
    private readonly registry: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The house's one timer style: an interval registered with the SchedulerRegistry (cleared on shutdown). */
  onApplicationBootstrap(): void {
    const every = this.config.env.REAPER_INTERVAL_MS;
    if (every > 0)
      this.registry.addInterval(
        'sweep-reaper',
        setInterval(() => void this.tick(), every),
      );
  }

  /** One look at every stuck sweep; returns what was done to each (by sweep id). Never throws. */
  async tick(at = new Date()): Promise<Map<number, ReapAction>> {
    const done = new Map<number, ReapAction>();
    if (this.running) return done;
    this.running = true;
    try {
      const idleBefore = new Date(at.getTime() - this.config.env.REAPER_STUCK_MS);
      for (const id of await this.rows.findStuckSweeps(idleBefore)) {
        if (!(await this.rows.claimForReaper(id, at, idleBefore))) {
          done.set(id, 'taken');
          continue;
        }
        const sweep = await this.sweeps.get(id);
        if (sweep) done.set(id, await this.reap(sweep));
      }
    } catch (e) {
      this.logger.warn(`sweep reaper: ${(e as Error).message}`);
    } finally {
      this.running = false;
    }
    return done;
  }

  private async reap(sweep: SweepEntity): Promise<ReapAction> {
    const max = this.config.env.REAPER_MAX_REDRIVES;
    const startIds = rounds(sweep.redrives).map((r) => jobIds.sweepStart(sweep.id, sweep.createdAt, r));
    if (await this.jobs.anyLive(JobName.SweepStart, startIds)) return 'alive';

    if (sweep.status === 'queued') {
      if (sweep.redrives < max) {
        if (!(await this.rows.bumpRedrives(sweep.id, sweep.redrives))) return 'taken';
        await this.sweeps.enqueueStart(sweep, sweep.redrives + 1);
        this.logger.warn(`sweep ${sweep.id}: start lost, re-driven (round ${sweep.redrives + 1} of ${max})`);
        return 'redriven';
      }
      await this.rows.failQueued(sweep.id, sweep.employerIds, new Date());
      this.logger.error(`sweep ${sweep.id}: never started after ${max} re-drives, ended failed`);
      return 'failed';
    }

    const recorded = await this.rows.recordedBatchNos(sweep.id);
    const dead: number[] = [];
    for (let n = 0; n < sweep.batchesTotal; n++) {
      if (recorded.has(n)) continue;
      const ids = rounds(sweep.redrives).map((r) => jobIds.evaluateBatch(sweep.id, sweep.createdAt, n, r));
      if (!(await this.jobs.anyLive(JobName.EvaluateBatch, ids))) dead.push(n);
    }
    if (!dead.length) {
      // Every batch recorded (the closer died before closing) or still on its way.
      return (await this.sweeps.finishIfDone(sweep.id)) ? 'closed' : 'alive';
    }
    if (sweep.redrives < max) {
      if (!(await this.rows.bumpRedrives(sweep.id, sweep.redrives))) return 'taken';
      await this.sweeps.redriveBatches(sweep, dead, sweep.redrives + 1);
      this.logger.warn(
        `sweep ${sweep.id}: ${dead.length} batch(es) lost or failed, re-driven (round ${sweep.redrives + 1} of ${max})`,
      );
      return 'redriven';
    }
    const batches = await this.sweeps.plannedBatches(sweep);
    for (const n of dead)
      await this.sweeps.failBatch(
        sweep.id,
        n,
        batches[n]?.employerIds ?? [],
        `lost or failed after ${max} re-drives`,
      );
    await this.sweeps.finishIfDone(sweep.id);
    return 'failed';
  }
}
