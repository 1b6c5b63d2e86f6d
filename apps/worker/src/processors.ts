import { Processor, WorkerHost } from '@nestjs/bullmq';
import { WORKER_METADATA } from '@nestjs/bullmq/dist/bull.constants';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { Job } from 'bullmq';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { MetricsService } from '@patuh/core';
import { JobDispatcher, QueueName } from '@patuh/queues';

/**
 * One BullMQ worker per queue, created paused (autorun: false) and started only once the whole application has
 * bootstrapped and the dispatcher has verified its handlers.
 *
 * Shutdown (SIGTERM, enableShutdownHooks) is bounded: before the application shuts down, each worker stops taking
 * jobs at once and waits at most WORKER_SHUTDOWN_MS for its active jobs. Jobs still running then are abandoned
 * (the worker is force-closed, its lock renewal stops): their one transaction is rolled back when the process
 * ends, their lock lapses after JOB_LOCK_MS, and another worker's stalled check hands them to the next worker,
 * which does the whole job again (every handler is idempotent). Then @nestjs/bullmq's own close finds the
 * workers closed, and main.ts holds a last deadline in case anything else hangs.
 */
abstract class QueueProcessor
  extends WorkerHost
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  protected readonly logger = new Logger(this.constructor.name);
  private started = false;
  private active = 0;

  constructor(
    private readonly dispatcher: JobDispatcher,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    // WORKER_QUEUES: this process consumes only the queues named (all by default).
    const only = this.config.env.WORKER_QUEUES;
    if (only && !only.includes(this.worker.name)) return;
    this.worker.on('failed', (job, err) =>
      this.logger.warn(`job ${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}): ${err.message}`),
    );
    this.started = true;
    void this.worker.run();
  }

  /** Set by Nest (property injection, so the subclasses' constructors stay as they are). */
  @Inject(MetricsService) private readonly metrics!: MetricsService;

  /** Runs the job's one handler, timing it into patuh_job_duration_seconds (success: it returned; failure: it threw). */
  async process(job: Job): Promise<unknown> {
    this.active++;
    const end = this.metrics.jobDuration.startTimer({ queue: this.worker.name, job: job.name });
    try {
      const result = await this.dispatcher.dispatch(job);
      end({ outcome: 'success' });
      return result;
    } catch (e) {
      end({ outcome: 'failure' });
      throw e;
    } finally {
      this.active--;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.started) return;
    const bound = this.config.env.WORKER_SHUTDOWN_MS;
    // No new job from here on (pause drops the blocking fetch); the active ones keep their locks meanwhile, and
    // pause resolves once they are done.
    const paused = this.worker.pause().then(
      () => true,
      () => true,
    );
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      paused,
      new Promise<boolean>((r) => (timer = setTimeout(() => r(false), bound))),
    ]);
    clearTimeout(timer);
    if (finished) return;
    this.logger.warn(
      `shutdown: ${this.active} ${this.worker.name} job(s) still running after ${bound} ms are abandoned; ` +
        `their transactions roll back and another worker takes them once their lock lapses`,
    );
    await this.worker.close(true);
  }
}

@Injectable()
@Processor(QueueName.Evaluation, { autorun: false })
export class EvaluationProcessor extends QueueProcessor {
  constructor(dispatcher: JobDispatcher, @Inject(APP_CONFIG) config: AppConfig) {
    super(dispatcher, config);
  }
}

@Injectable()
@Processor(QueueName.Ingest, { autorun: false })
export class IngestProcessor extends QueueProcessor {
  constructor(dispatcher: JobDispatcher, @Inject(APP_CONFIG) config: AppConfig) {
    super(dispatcher, config);
  }
}

@Injectable()
@Processor(QueueName.Alerts, { autorun: false })
export class AlertsProcessor extends QueueProcessor {
  constructor(dispatcher: JobDispatcher, @Inject(APP_CONFIG) config: AppConfig) {
    super(dispatcher, config);
  }
}

export const PROCESSORS = [EvaluationProcessor, IngestProcessor, AlertsProcessor];

/**
 * Worker options come from the validated configuration, not constants: @nestjs/bullmq reads them from the
 * @Processor metadata when it creates the workers, so they are set there before the module initialises.
 */
export function configureProcessors(config: AppConfig): void {
  const lock = config.env.JOB_LOCK_MS;
  for (const p of PROCESSORS) {
    const current = (Reflect.getMetadata(WORKER_METADATA, p) ?? {}) as Record<string, unknown>;
    Reflect.defineMetadata(
      WORKER_METADATA,
      {
        ...current,
        autorun: false,
        concurrency: config.env.WORKER_CONCURRENCY,
        lockDuration: lock,
        stalledInterval: lock,
        maxStalledCount: 2,
      },
      p,
    );
  }
}
