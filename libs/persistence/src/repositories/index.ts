import { CaseEventsRepository } from './case-events.repository';
import { E2_REPOSITORIES } from './index.e2';

export * from './case-events.repository';
export * from './index.e2';

/** Every repository; PersistenceModule provides and exports them all. */
export const REPOSITORIES = [CaseEventsRepository, ...E2_REPOSITORIES];
