export * from './jobs';
export * from './on-job.decorator';
export * from './job-producer';
export * from './redis';
export * from './queues.module';
export * from './job-dispatcher';
