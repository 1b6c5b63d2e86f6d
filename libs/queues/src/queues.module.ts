import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { JobProducer } from './job-producer';
import { QueueName } from './jobs';
import { redisOptions } from './redis';

/** Retries with exponential backoff; completed jobs trimmed; failed jobs kept a week for inspection. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential' as const, delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 5000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** BullMQ on REDIS_URL under QUEUE_PREFIX, every queue registered, and the typed producer. */
@Module({})
export class QueuesModule {
  static forRoot(): DynamicModule {
    const queues = Object.values(QueueName).map((name) =>
      BullModule.registerQueue({ name, defaultJobOptions: DEFAULT_JOB_OPTIONS }),
    );
    return {
      module: QueuesModule,
      global: true,
      imports: [
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            connection: redisOptions(config.env.REDIS_URL),
            prefix: config.env.QUEUE_PREFIX,
          }),
        }),
        ...queues,
      ],
      providers: [JobProducer],
      exports: [JobProducer, BullModule],
    };
  }
}
