import { SetMetadata } from '@nestjs/common';
import { JobName } from './jobs';

export const ON_JOB = Symbol('patuh:on-job');

/** Marks a provider method as the one handler of a job. The dispatcher checks at start that each job has exactly one. */
export const OnJob = (name: JobName) => SetMetadata(ON_JOB, name);
