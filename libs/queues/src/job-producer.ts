import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { JOB_QUEUE, JobName, JobPayload, jobPriority, QueueName } from './jobs';

const LIVE_STATES = new Set<string>(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

/** The options of one job: its fair-queueing priority (jobPriority) unless the caller sets one. */
function withPriority<J extends JobName>(
  name: J,
  payload: JobPayload<J>,
  opts: JobsOptions = {},
): JobsOptions {
  const priority = opts.priority ?? jobPriority(name, payload);
  return priority === undefined ? opts : { ...opts, priority };
}

/** The one way to enqueue: typed by job name, always awaited, with its fair-queueing priority. */
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
    await this.queues[JOB_QUEUE[name]].add(name, payload, withPriority(name, payload, opts));
  }

  /**
   * Whether any of these job ids is waiting, delayed, active (or stalled, until a worker takes it again): a job
   * that is missing (Redis lost it), completed or failed is not live.
   */
  async anyLive(name: JobName, ids: readonly string[]): Promise<boolean> {
    const queue = this.queues[JOB_QUEUE[name]];
    for (const id of ids) {
      const state = await queue.getJobState(id);
      if (LIVE_STATES.has(state)) return true;
    }
    return false;
  }

  /** The live job holding a deduplication id, if any (e.g. an employer's pending evaluation). */
  async liveDeduplicated(name: JobName, dedupId: string): Promise<boolean> {
    const id = await this.queues[JOB_QUEUE[name]].getDeduplicationJobId(dedupId);
    return id ? this.anyLive(name, [id]) : false;
  }

  async enqueueBulk<J extends JobName>(
    name: J,
    jobs: { payload: JobPayload<J>; opts?: JobsOptions }[],
  ): Promise<void> {
    if (!jobs.length) return;
    await this.queues[JOB_QUEUE[name]].addBulk(
      jobs.map((j) => ({ name, data: j.payload, opts: withPriority(name, j.payload, j.opts) })),
    );
  }
}
