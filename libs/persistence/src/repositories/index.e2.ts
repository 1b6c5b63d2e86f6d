import type { Type } from '@nestjs/common';
import { AlertDeliveriesRepository } from './alert-deliveries.repository';
import { AlertSubscriptionsRepository } from './alert-subscriptions.repository';
import { BpjsLoadsRepository } from './bpjs-loads.repository';
import { EmployersRepository } from './employers.repository';
import { ReportedRowsRepository } from './reported-rows.repository';
import { SelfReportsRepository } from './self-reports.repository';
import { UsersRepository } from './users.repository';

// E2's repositories (self-reports, alerts, employers and keys, users): append `export * from './x.repository';`
// lines and add each class to E2_REPOSITORIES. Re-exported by ./index.ts.
export * from './alert-deliveries.repository';
export * from './alert-subscriptions.repository';
export * from './bpjs-loads.repository';
export * from './employers.repository';
export * from './reported-rows.repository';
export * from './self-reports.repository';
export * from './users.repository';

export const E2_REPOSITORIES: Type<unknown>[] = [
  AlertDeliveriesRepository,
  AlertSubscriptionsRepository,
  BpjsLoadsRepository,
  EmployersRepository,
  ReportedRowsRepository,
  SelfReportsRepository,
  UsersRepository,
];
