/*
 * Maintainers' tool for the initial schema: derives the CREATE statements from the entities on an empty
 * database and (with --write) rewrites libs/persistence/src/migrations/1764000000000-init.ts. Later schema
 * changes are new migrations, never edits of a released one; test/schema.e2e-spec.ts catches drift.
 */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { DataSource } from 'typeorm';
import {
  dropDatabase,
  ensureDatabase,
  detectFlavor,
  dataSourceOptions,
} from '@patuh/persistence/data-source';

const TRIGGERS = [
  `CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'case_events is append-only'`,
  `CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'case_events is append-only'`,
];

(async () => {
  const url = process.env.GEN_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/patuh_schema_gen';
  await dropDatabase(url);
  await ensureDatabase(url);
  const ds = new DataSource({ ...dataSourceOptions(url, 2, await detectFlavor(url)), migrations: [] });
  await ds.initialize();
  const ups = (await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);
  await ds.destroy();
  await dropDatabase(url);
  if (!process.argv.includes('--write')) {
    for (const q of ups) console.log(q);
    return;
  }
  const tables = ups.map((q) => /^CREATE TABLE `(\w+)`/.exec(q)?.[1]).filter((t): t is string => !!t);
  const line = (sql: string) => `    await q.query(\n      ${JSON.stringify(sql)},\n    );`;
  const src = `import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The initial schema. Generated from the entities against an empty database by
 * scripts/generate-init-migration.ts (so the two agree by construction; test/schema.e2e-spec.ts fails when they
 * drift), plus the triggers that keep case history append-only.
 */
export class Init1764000000000 implements MigrationInterface {
  name = 'Init1764000000000';

  public async up(q: QueryRunner): Promise<void> {
${ups.map(line).join('\n')}
    // The case history is never edited: refuse UPDATE and DELETE on case_events at the database itself.
${TRIGGERS.map(line).join('\n')}
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER IF EXISTS case_events_no_delete');
    await q.query('DROP TRIGGER IF EXISTS case_events_no_update');
${tables
  .reverse()
  .map((t) => `    await q.query('DROP TABLE \`${t}\`');`)
  .join('\n')}
  }
}
`;
  writeFileSync(join(__dirname, '../libs/persistence/src/migrations/1764000000000-init.ts'), src);
  console.log(`wrote the initial migration: ${tables.length} tables`);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
