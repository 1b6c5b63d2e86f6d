import type { Type } from '@nestjs/common';

// E2's repositories (self-reports, alerts, employers and keys, users): append `export * from './x.repository';`
// lines and add each class to E2_REPOSITORIES. Re-exported by ./index.ts.
export const E2_REPOSITORIES: Type<unknown>[] = [];
