/**
 * `npm run openapi:types`: the console's typed client from the API's own OpenAPI document. Starts the API (no
 * listening on a fixed port: an ephemeral one), reads /api/docs-json, and writes apps/console/src/api/schema.d.ts
 * with openapi-typescript. Needs a reachable database (DATABASE_URL, e.g. the dev one) as the API does at start.
 */
import 'reflect-metadata';
import { execFileSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { loadConfig } from '@patuh/config';
import { createApiApp } from '../apps/api/src/bootstrap';

async function main(): Promise<void> {
  const config = loadConfig({ LOG_LEVEL: 'silent', SCHEDULER_ENABLED: 'false', ...process.env });
  const app = await createApiApp(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  const doc = await (await fetch(`${url.replace('[::1]', '127.0.0.1')}/api/docs-json`)).text();
  await app.close();
  const root = join(__dirname, '..');
  mkdirSync(join(root, '.bench'), { recursive: true });
  const docPath = join(root, '.bench', 'openapi.json');
  writeFileSync(docPath, doc);
  const out = join(root, 'apps/console/src/api/schema.d.ts');
  execFileSync(join(root, 'node_modules/.bin/openapi-typescript'), [docPath, '-o', out], {
    stdio: 'inherit',
  });
  execFileSync(join(root, 'node_modules/.bin/prettier'), ['--write', out], { stdio: 'inherit' });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
