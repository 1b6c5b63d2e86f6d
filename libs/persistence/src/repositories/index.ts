import { BpjsCoverageRepository } from './bpjs-coverage.repository';
import { CaseEventsRepository } from './case-events.repository';
import { CasesRepository } from './cases.repository';
import { EvaluationRepository } from './evaluation.repository';
import { E2_REPOSITORIES } from './index.e2';
import { MetricsRepository } from './metrics.repository';
import { NoticeCodesRepository } from './notice-codes.repository';
import { StatsRepository } from './stats.repository';
import { SweepsRepository } from './sweeps.repository';
import { WorkerHistoryRepository } from './worker-history.repository';

export * from './bpjs-coverage.repository';
export * from './case-events.repository';
export * from './cases.repository';
export * from './evaluation.repository';
export * from './metrics.repository';
export * from './notice-codes.repository';
export * from './stats.repository';
export * from './sweeps.repository';
export * from './worker-history.repository';
export * from './index.e2';

/** Every repository; PersistenceModule provides and exports them all. */
export const REPOSITORIES = [
  BpjsCoverageRepository,
  CaseEventsRepository,
  CasesRepository,
  EvaluationRepository,
  MetricsRepository,
  NoticeCodesRepository,
  StatsRepository,
  SweepsRepository,
  WorkerHistoryRepository,
  ...E2_REPOSITORIES,
];
