import { Init1764000000000 } from './1764000000000-init';
import { AlertsDelivery1764000000200 } from './1764000000200-alerts-delivery';
import { SponsoredFlag1764000000300 } from './1764000000300-sponsored-flag';
import { CaseNames1764000000400 } from './1764000000400-case-names';
import { SweepBatchCounts1764000000500 } from './1764000000500-sweep-batch-counts';
import { CasesReconcileIndex1764000000600 } from './1764000000600-cases-reconcile-index';
import { ContractCompensation1764000000700 } from './1764000000700-contract-compensation';
import { ConsoleApi1764000000710 } from './1764000000710-console-api';
import { SweepTriggerValues1764000000800 } from './1764000000800-sweep-trigger-values';
import { BpjsRecords1764000000900 } from './1764000000900-bpjs-records';
import { SweepReaper1764000000910 } from './1764000000910-sweep-reaper';
import { EmployerWorkers1764000000920 } from './1764000000920-employer-workers';
import { SelfReportsInFlight1764000000930 } from './1764000000930-self-reports-in-flight';
import { Utf8mb41764000000940 } from './1764000000940-utf8mb4';
import { MetricsIndexes1764000000950 } from './1764000000950-metrics-indexes';
import { BpjsLoadNppsRejected1764000000960 } from './1764000000960-bpjs-load-npps-rejected';
import { EmployerUsers1764000000980 } from './1764000000980-employer-users';
import { NoticeCodes1764000000990 } from './1764000000990-notice-codes';
import { IncrementalSweeps1764000001000 } from './1764000001000-incremental-sweeps';
import { EvaluationMemo1764000001100 } from './1764000001100-evaluation-memo';
import { EmployerWorkersIdentity1764000001200 } from './1764000001200-employer-workers-identity';
import { ContractorRevs1764000001300 } from './1764000001300-contractor-revs';
import { WorkerDays1764000001400 } from './1764000001400-worker-days';

/** Every migration, in order. Listed explicitly so bundled apps need no file globbing. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [
  Init1764000000000,
  AlertsDelivery1764000000200,
  SponsoredFlag1764000000300,
  CaseNames1764000000400,
  SweepBatchCounts1764000000500,
  CasesReconcileIndex1764000000600,
  ContractCompensation1764000000700,
  ConsoleApi1764000000710,
  SweepTriggerValues1764000000800,
  BpjsRecords1764000000900,
  SweepReaper1764000000910,
  EmployerWorkers1764000000920,
  SelfReportsInFlight1764000000930,
  Utf8mb41764000000940,
  MetricsIndexes1764000000950,
  BpjsLoadNppsRejected1764000000960,
  EmployerUsers1764000000980,
  NoticeCodes1764000000990,
  IncrementalSweeps1764000001000,
  EvaluationMemo1764000001100,
  EmployerWorkersIdentity1764000001200,
  ContractorRevs1764000001300,
  WorkerDays1764000001400,
];
