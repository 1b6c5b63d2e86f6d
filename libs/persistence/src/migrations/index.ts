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
import { SelfReportsInFlight1764000000930 } from './1764000000930-self-reports-in-flight';

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
  SelfReportsInFlight1764000000930,
];
