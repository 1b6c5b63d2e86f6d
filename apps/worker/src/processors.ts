import { Processor, WorkerHost } from '@nestjs/bullmq';
import { WORKER_METADATA } from '@nestjs/bullmq/dist/bull.constants';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job } from 'bullmq';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { MetricsService } from '@patuh/core';
import { JobDispatcher, QueueName } from '@patuh/queues';

/**
 * One BullMQ worker per queue, created paused (autorun: false) and started only once the whole application has
 * bootstrapped and the dispatcher has verified its handlers. Closed on shutdown by @nestjs/bullmq
 * (enableShutdownHooks): the active job finishes, or its lock lapses and another worker takes it.
 */
abstract class QueueProcessor extends WorkerHost implements OnApplicationBootstrap {
  protected readonly logger = new Logger(this.constructor.name);

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
    void this.worker.run();
  }

  /** Set by Nest (property injection, so the subclasses' constructors stay as they are). */
  @Inject(MetricsService) private readonly metrics!: MetricsService;

  /** Runs the job's one handler, timing it into patuh_job_duration_seconds (success: it returned; failure: it threw). */
  async process(job: Job): Promise<unknown> {
    const end = this.metrics.jobDuration.startTimer({ queue: this.worker.name, job: job.name });
    try {
      const result = await this.dispatcher.dispatch(job);
      end({ outcome: 'success' });
      return result;
    } catch (e) {
      end({ outcome: 'failure' });
      throw e;
    }
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
