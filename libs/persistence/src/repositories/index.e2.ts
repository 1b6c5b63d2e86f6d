import type { Type } from '@nestjs/common';
import { EmployersRepository } from './employers.repository';
import { UsersRepository } from './users.repository';

// E2's repositories (self-reports, alerts, employers and keys, users): append `export * from './x.repository';`
// lines and add each class to E2_REPOSITORIES. Re-exported by ./index.ts.
export * from './employers.repository';
export * from './users.repository';

export const E2_REPOSITORIES: Type<unknown>[] = [EmployersRepository, UsersRepository];
