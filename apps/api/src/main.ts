import 'reflect-metadata';
import { ConfigError, loadConfig } from '@patuh/config';
import { migrateUp } from '@patuh/persistence';
import { createApiApp } from './bootstrap';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  if (process.argv[2] === 'migrate') {
    // `node dist/main.js migrate`: apply pending migrations and exit (the Docker "migrate" service).
    const applied = await migrateUp(config.env.DATABASE_URL);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
    return;
  }
  const app = await createApiApp(config);
  await app.listen(config.env.PORT, config.env.HOST);
  console.log(`Patuh API listening on ${config.env.HOST} port ${config.env.PORT}: /api/v1 (docs: /api/docs)`);
}

void main();
