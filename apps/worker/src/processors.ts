import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job } from 'bullmq';
import { APP_CONFIG, AppConfig } from '@patuh/config';
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
    this.worker.concurrency = this.config.env.WORKER_CONCURRENCY;
    this.worker.on('failed', (job, err) =>
      this.logger.warn(`job ${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}): ${err.message}`),
    );
    void this.worker.run();
  }

  process(job: Job): Promise<unknown> {
    return this.dispatcher.dispatch(job);
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
