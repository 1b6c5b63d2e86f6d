export * from './employer.entity';
export * from './worker.entity';
export * from './employer-worker.entity';
export * from './contract.entity';
export * from './enrolment.entity';
export * from './sponsored-coverage.entity';
export * from './self-report.entity';
export * from './case.entity';
export * from './sweep.entity';
export * from './user.entity';
export * from './alert.entity';

import { EmployerEntity } from './employer.entity';
import { WorkerEntity } from './worker.entity';
import { EmployerWorkerEntity } from './employer-worker.entity';
import { ContractEntity } from './contract.entity';
import { EnrolmentEntity } from './enrolment.entity';
import { SponsoredCoverageEntity } from './sponsored-coverage.entity';
import { SelfReportEntity, SelfReportPartEntity } from './self-report.entity';
import { CaseEntity, CaseEventEntity } from './case.entity';
import { SweepBatchEntity, SweepEntity } from './sweep.entity';
import { ApiKeyEntity, UserEntity } from './user.entity';
import { AlertAttemptEntity, AlertDeliveryEntity, AlertSubscriptionEntity } from './alert.entity';

export const ENTITIES = [
  EmployerEntity,
  WorkerEntity,
  EmployerWorkerEntity,
  ContractEntity,
  EnrolmentEntity,
  SponsoredCoverageEntity,
  SelfReportEntity,
  SelfReportPartEntity,
  CaseEntity,
  CaseEventEntity,
  SweepEntity,
  SweepBatchEntity,
  UserEntity,
  ApiKeyEntity,
  AlertSubscriptionEntity,
  AlertDeliveryEntity,
  AlertAttemptEntity,
];
