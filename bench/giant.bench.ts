/**
 * npm run bench:giant -- [--database patuh_bench_ingest] [--as-of YYYY-MM-DD] [--heap 512] [--slices 10000,100000000]
 *
 * One very large employer evaluated by the engine itself (EvaluationService, as the worker's evaluate-employer job
 * runs it), whole and in slices of its workers (SWEEP_SLICE_CONTRACTS; issue #19): for each slice size, a child
 * process with the worker's heap limit evaluates the largest employer of the database on `--as-of` (default: the
 * day after today, so the evidence of every case moves and every case is rewritten), in the transaction the
 * engine opens, which the bench then rolls back (the data stays as it was for the next run). The content memo is
 * off (EVALUATION_MEMO=false), so every run judges every row. Prints, per run: seconds, findings, what would have
 * been written, the child's peak RSS (VmHWM) or how it died; one JSON line last.
 * bench:ingest leaves such an employer in patuh_bench_ingest (100,000–150,000 contracts).
 */
import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { loadConfig, todayIn, withDatabase } from '@patuh/config';
import { addDays } from '@patuh/rules';
import { createDataSource } from '@patuh/persistence';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : def;
};

class RolledBack extends Error {}

/** The child: evaluate one employer and roll back; print a JSON line with what it found and its peak RSS. */
async function child(): Promise<void> {
  const { createWorkerApp } = await import('../apps/worker/src/bootstrap');
  const { EvaluationService } = await import('@patuh/engine');
  const config = loadConfig(process.env);
  const employerId = Number(process.env.BENCH_EMPLOYER);
  const app = await createWorkerApp(config, { logger: false });
  await app.init();
  const evaluation = app.get(EvaluationService);
  const t0 = performance.now();
  let outcome: unknown = null;
  try {
    await evaluation.evaluate([employerId], process.env.BENCH_AS_OF!, {
      inTransaction: async (_m, o) => {
        outcome = { ...o };
        throw new RolledBack();
      },
    });
  } catch (e) {
    if (!(e instanceof RolledBack)) throw e;
  }
  const seconds = (performance.now() - t0) / 1000;
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  await app.close();
  process.stdout.write(
    `BENCH ${JSON.stringify({ seconds, outcome, peakRssMb: hwm ? Math.round(Number(hwm[1]) / 1024) : -1 })}\n`,
  );
}

async function main(): Promise<void> {
  const base = loadConfig(process.env);
  const database = arg('database', 'patuh_bench_ingest');
  const url = withDatabase(base.env.DATABASE_URL, database);
  const ds = await createDataSource(url, 1);
  await ds.initialize();
  const [top] = (await ds.query(
    'SELECT employer_id AS id, COUNT(*) AS n FROM contracts GROUP BY employer_id ORDER BY n DESC LIMIT 1',
  )) as { id: number; n: number | string }[];
  const [cases] = (await ds.query('SELECT COUNT(*) AS n FROM cases WHERE employer_id = ?', [
    top?.id ?? 0,
  ])) as {
    n: number | string;
  }[];
  await ds.destroy();
  if (!top) throw new Error(`${database} holds no contracts (run npm run bench:ingest first)`);
  const asOf = arg('as-of', addDays(todayIn(base.env.BUSINESS_TZ), 1));
  const heap = arg('heap', '512');
  const runs: Record<string, unknown>[] = [];
  console.log(
    `[bench:giant] employer ${top.id}: ${Number(top.n)} contracts, ${Number(cases?.n ?? 0)} cases; as of ${asOf}; heap ${heap} MB`,
  );
  for (const slice of arg('slices', '10000,100000000').split(',')) {
    const r = spawnSync(
      process.execPath,
      [
        `--max-old-space-size=${heap}`,
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        __filename,
        '--child',
      ],
      {
        cwd: join(__dirname, '..'),
        env: {
          ...process.env,
          DATABASE_URL: url,
          QUEUE_PREFIX: 'bench_giant',
          SCHEDULER_ENABLED: 'false',
          EVALUATION_MEMO: 'false',
          LOG_LEVEL: 'silent',
          SWEEP_SLICE_CONTRACTS: slice,
          BENCH_EMPLOYER: String(top.id),
          BENCH_AS_OF: asOf,
        },
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const line = r.stdout.split('\n').find((l) => l.startsWith('BENCH '));
    const mode = Number(slice) >= Number(top.n) ? 'whole' : `slices of ${slice}`;
    const run = line
      ? { slice: Number(slice), mode, ...(JSON.parse(line.slice(6)) as Record<string, unknown>) }
      : {
          slice: Number(slice),
          mode,
          died: r.signal ?? `exit ${r.status}`,
          stderr: r.stderr.split('\n').filter(Boolean).slice(-3).join(' | ').slice(0, 400),
        };
    console.log(`[bench:giant] ${mode}: ${JSON.stringify(run)}`);
    runs.push(run);
  }
  console.log(
    JSON.stringify({
      bench: 'giant',
      database,
      employerId: top.id,
      contracts: Number(top.n),
      cases: Number(cases?.n ?? 0),
      asOf,
      heapMb: Number(heap),
      runs,
    }),
  );
}

(process.argv.includes('--child') ? child() : main()).catch((e) => {
  console.error(e);
  process.exit(1);
});
