import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { SweepsService } from './sweeps.service';

/** "YYYY-MM-DDTHH:mm" of a moment in a time zone: the identity of a cron tick. */
export function minuteIn(timeZone: string, at: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

/**
 * The nightly sweep. @nestjs/schedule owns the clock (SWEEP_CRON in BUSINESS_TZ) in every worker; the tick only
 * inserts a sweep row whose unique schedule_key is the tick's minute, so however many workers tick, one sweep is
 * made and enqueued (the others hit the unique index and do nothing). See docs/architecture.md.
 */
@Injectable()
export class SweepScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(SweepScheduler.name);

  constructor(
    private readonly sweeps: SweepsService,
    private readonly registry: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.env.SCHEDULER_ENABLED) return;
    const job = CronJob.from({
      cronTime: this.config.env.SWEEP_CRON,
      timeZone: this.config.env.BUSINESS_TZ,
      onTick: () =>
        void this.tick(new Date()).catch((e: Error) => this.logger.error(`sweep tick failed: ${e.message}`)),
      start: true,
    });
    this.registry.addCronJob('nightly-sweep', job);
    this.registry.addInterval(
      'requeue-stale-sweeps',
      setInterval(
        () => void this.requeueStale().catch((e: Error) => this.logger.error(`requeue failed: ${e.message}`)),
        60_000,
      ),
    );
  }

  /** One tick: at most one sweep per tick minute across all workers. Returns the sweep id, or null if another worker made it. */
  async tick(at: Date): Promise<number | null> {
    const key = `sweep-${minuteIn(this.config.env.BUSINESS_TZ, at)}`;
    const sweep = await this.sweeps.create({ trigger: 'schedule', scheduleKey: key });
    if (sweep) this.logger.log(`scheduled sweep ${sweep.id} (${key})`);
    return sweep?.id ?? null;
  }

  /** Sweeps left queued (Redis was down when they were made): enqueue their start again. Every minute. */
  async requeueStale(): Promise<void> {
    const n = await this.sweeps.requeueStale();
    if (n) this.logger.warn(`re-enqueued ${n} sweep(s) left queued`);
  }
}
