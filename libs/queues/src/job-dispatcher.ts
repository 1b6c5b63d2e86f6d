import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { Job, UnrecoverableError } from 'bullmq';
import { JobName } from './jobs';
import { ON_JOB } from './on-job.decorator';

type Handler = (payload: unknown, job: Job) => Promise<unknown>;

/**
 * Routes each job to the one method marked @OnJob(name). At start it checks that every job name has exactly
 * one handler, so a job can never sit in a queue that nothing processes (learned from Immich).
 */
@Injectable()
export class JobDispatcher implements OnModuleInit {
  private readonly logger = new Logger(JobDispatcher.name);
  private readonly handlers = new Map<string, Handler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const owners = new Map<string, string[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const proto = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const name = this.reflector.get<JobName | undefined>(ON_JOB, fn);
        if (!name) continue;
        owners.set(name, [...(owners.get(name) ?? []), `${proto.constructor.name}.${method}`]);
        this.handlers.set(name, (payload, job) => (fn as Handler).call(instance, payload, job));
      }
    }
    const problems: string[] = [];
    for (const name of Object.values(JobName)) {
      const o = owners.get(name) ?? [];
      if (o.length !== 1) problems.push(`${name}: ${o.length ? o.join(', ') : 'no handler'}`);
    }
    if (problems.length)
      throw new Error(`Every job needs exactly one @OnJob handler; ${problems.join('; ')}`);
    this.logger.log(`handlers ready for ${this.handlers.size} jobs`);
  }

  async dispatch(job: Job): Promise<unknown> {
    const handler = this.handlers.get(job.name);
    if (!handler) throw new UnrecoverableError(`no handler for job ${job.name}`);
    return handler(job.data, job);
  }
}
