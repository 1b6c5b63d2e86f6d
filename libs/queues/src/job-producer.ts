import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { JOB_QUEUE, JobName, JobPayload, QueueName } from './jobs';

/** The one way to enqueue: typed by job name, always awaited. */
@Injectable()
export class JobProducer {
  private readonly queues: Record<QueueName, Queue>;

  constructor(
    @InjectQueue(QueueName.Evaluation) evaluation: Queue,
    @InjectQueue(QueueName.Ingest) ingest: Queue,
    @InjectQueue(QueueName.Alerts) alerts: Queue,
  ) {
    this.queues = {
      [QueueName.Evaluation]: evaluation,
      [QueueName.Ingest]: ingest,
      [QueueName.Alerts]: alerts,
    };
  }

  queue(name: QueueName): Queue {
    return this.queues[name];
  }

  async enqueue<J extends JobName>(name: J, payload: JobPayload<J>, opts: JobsOptions = {}): Promise<void> {
    await this.queues[JOB_QUEUE[name]].add(name, payload, opts);
  }

  async enqueueBulk<J extends JobName>(
    name: J,
    jobs: { payload: JobPayload<J>; opts?: JobsOptions }[],
  ): Promise<void> {
    if (!jobs.length) return;
    await this.queues[JOB_QUEUE[name]].addBulk(jobs.map((j) => ({ name, data: j.payload, opts: j.opts })));
  }
}
