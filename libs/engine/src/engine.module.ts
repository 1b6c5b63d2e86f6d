import { Module } from '@nestjs/common';
import { CaseWriter } from './case.writer';
import { EngineJobs } from './engine.jobs';
import { EvaluationReader } from './evaluation.reader';
import { EvaluationService } from './evaluation.service';
import { RulesetService } from './ruleset';
import { SweepReaper } from './sweep.reaper';
import { SweepScheduler } from './sweep.scheduler';
import { SweepsService } from './sweeps.service';

/** Evaluation and sweeps, for both apps (the API creates and reads sweeps). */
@Module({
  providers: [RulesetService, EvaluationReader, CaseWriter, EvaluationService, SweepsService],
  exports: [RulesetService, EvaluationService, SweepsService],
})
export class EngineModule {}

/** The engine's job handlers, the nightly schedule and the sweep reaper: the worker app only. */
@Module({
  imports: [EngineModule],
  providers: [EngineJobs, SweepScheduler, SweepReaper],
  exports: [SweepScheduler, SweepReaper],
})
export class EngineWorkerModule {}
