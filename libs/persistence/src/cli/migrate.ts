/* Applies (`up`) or reverts (`down [--all]`) migrations on DATABASE_URL. Used by `npm run db:migrate`. */
import { parseEnv } from '@patuh/config';
import { createDataSource, ensureDatabase } from '../data-source';

async function main(): Promise<void> {
  const [command = 'up', flag] = process.argv.slice(2);
  const env = parseEnv(process.env);
  await ensureDatabase(env.DATABASE_URL);
  const ds = await createDataSource(env.DATABASE_URL, 2);
  await ds.initialize();
  try {
    if (command === 'up') {
      const applied = await ds.runMigrations({ transaction: 'each' });
      console.log(
        applied.length ? `applied: ${applied.map((m) => m.name).join(', ')}` : 'schema is up to date',
      );
    } else if (command === 'down') {
      do {
        const executed = await ds.query('SELECT COUNT(*) AS n FROM migrations');
        if (Number(executed[0].n) === 0) break;
        await ds.undoLastMigration({ transaction: 'each' });
        console.log('reverted one migration');
      } while (flag === '--all');
    } else {
      throw new Error(`unknown command "${command}" (use up, or down [--all])`);
    }
  } finally {
    await ds.destroy();
  }
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
