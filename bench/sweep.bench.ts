/**
 * npm run bench:sweep -- --workers N [--employers M] [--procs P] [--concurrency C] [--steady-runs K] [--regenerate]
 *                         [--bpjs] [--database NAME] [--full-only] [--redo-log-mb MB] [--no-write-floor]
 *
 * On one data set (generated into patuh_bench_<N>, or NAME, or reused when it is already there), measures:
 *   (a) scan: streaming every contract and enrolment row a sweep reads, with mysql2 and nothing else (the floor);
 *       with --bpjs, also every BPJS record of the loads judged (coverage → records, in the sweep's order);
 *   (b) a first sweep (creating the cases), with P built worker processes;
 *   (c) sweeps on unchanged data (steady state), K of them (default 3), the median kept: the first of them runs the
 *       rules for every employer (the first sweep wrote cases, so no content memo was recorded), the later ones
 *       are answered by the memo (EVALUATION_MEMO; run with EVALUATION_MEMO=false to measure the rules every time);
 *   (d) the median time from a processed self-report's evaluate-employer job to that employer's cases visible;
 *   (e) incremental sweeps (issue #19) with 1 % of employers changed: the same day, and as of the next night;
 *       a sweep's time is seen by polling its row every 50 ms, and also read from the row itself (created_at to
 *       finished_at), which a short sweep needs: the poll alone can add a quarter to 0.2 s;
 *   (f) the write floor (issue #19): the first sweep's cases and their `detected` events written again into copies
 *       of the two tables (the same indexes and insert trigger), by two connections in the engine's statements, with
 *       nothing else running: what the machine can write of a first sweep (--no-write-floor skips it);
 * and the workers' peak RSS (VmHWM). Prints one JSON line last.
 *
 * --bpjs (issue #17): one BPJS records load, as of today, covering every employer's NPP: BPJS's records mirror the
 * enrolments (a worker never enrolled gets a record from their first contract), a tenth of them paid through three
 * months ago (arrears) and a twentieth with a lower wage. Without it, any BPJS load left in the database is removed,
 * so the two runs compare the sweep with and without BPJS records on the same data.
 */
import { ChildProcess, execSync, spawn } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { Queue } from 'bullmq';
import { createConnection, createPool } from 'mysql2';
import { loadConfig, mysqlConnectionOptions, todayIn, withDatabase } from '@patuh/config';
import { JobName, jobIds, QueueName, redisOptions } from '@patuh/queues';
import { CASE_COLUMNS, migrateUp, shapedChunks } from '@patuh/persistence';
import { generate } from '../scripts/generate';
import { cpuSeconds, localServerPid, vmHwmMb } from './proc';
import { casesTriggerOn } from './tables';

const root = join(__dirname, '..');
const arg = (name: string, def?: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : def;
};
const workers = Number(arg('workers', '200000'));
const employers = Number(arg('employers', String(Math.max(10, Math.round(workers / 50)))));
const procs = Number(arg('procs', '2'));
const concurrency = arg('concurrency', '1')!;
const batchSize = arg('batch', '200')!;
const steadyRunCount = Math.max(1, Number(arg('steady-runs', '3')));
const withBpjs = process.argv.includes('--bpjs');
/** The same node flags and environment as `npm run start:worker:sweeps` (evaluation-only workers). */
const SWEEPS_SCRIPT = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts['start:worker:sweeps']!.split(' ');
const WORKER_NODE_FLAGS = SWEEPS_SCRIPT.filter((a: string) => a.startsWith('--'));
const WORKER_SCRIPT_ENV = Object.fromEntries(
  SWEEPS_SCRIPT.filter((a) => /^[A-Z_]+=/.test(a)).map((a) => [
    a.slice(0, a.indexOf('=')),
    a.slice(a.indexOf('=') + 1),
  ]),
);
/** BENCH_WORKER_NODE_FLAGS: more node flags for the workers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof". */
const EXTRA_NODE_FLAGS = (process.env.BENCH_WORKER_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const log = (m: string) => console.error(`[bench:sweep] ${m}`);

async function main() {
  const base = loadConfig(process.env);
  const dbUrl = withDatabase(base.env.DATABASE_URL, arg('database', `patuh_bench_${workers}`)!);
  const prefix = `bench_${workers}`;
  const env = {
    ...process.env,
    DATABASE_URL: dbUrl,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    SCHEDULER_ENABLED: 'false',
  };
  const pool = createPool({ ...mysqlConnectionOptions(dbUrl), connectionLimit: 2 }).promise();

  // Data: reuse when the database already holds this many workers (brought to the current schema first).
  await migrateUp(dbUrl);
  const have = await pool
    .query('SELECT COUNT(*) AS n FROM workers')
    .then((r) => Number((r as unknown as [{ n: number }[]])[0][0]!.n))
    .catch(() => 0); // no database yet
  const asOf = todayIn(base.env.BUSINESS_TZ);
  if (have !== workers || process.argv.includes('--regenerate')) {
    const ref = base.reference as {
      regency: { districts: string[] };
      minimumWage: { umk: Record<string, number> };
    };
    log(`generating ${workers} workers at ${employers} employers…`);
    const g = await generate(
      dbUrl,
      { workers, employers, reset: true, seed: 42, asOf, quiet: true },
      ref.regency.districts,
      ref.minimumWage.umk,
    );
    log(`generated in ${g.seconds.toFixed(1)} s`);
    await pool.query('ANALYZE TABLE contracts, enrolments, workers, employers');
  }
  const bpjsRows = await fillBpjs(pool, asOf, withBpjs);
  if (withBpjs) log(`BPJS load covering every NPP: ${bpjsRows} records`);
  const [[counts]] = (await pool.query(
    'SELECT (SELECT COUNT(*) FROM contracts) AS contracts, (SELECT COUNT(*) FROM enrolments) AS enrolments, (SELECT COUNT(*) FROM employers) AS employers',
  )) as unknown as [[{ contracts: number; enrolments: number; employers: number }]];

  // Server settings the figures depend on. A production database is sized to its working set
  // (docs/operations.md); unless --no-tune, the bench does the same here when it may (root on a local server).
  if (!process.argv.includes('--no-tune')) {
    for (const sql of [
      'SET GLOBAL innodb_buffer_pool_size = 4294967296',
      `SET GLOBAL innodb_log_file_size = ${Number(arg('redo-log-mb', '512')) * 1048576}`,
    ]) {
      await pool.query(sql).catch((e: Error) => log(`could not ${sql}: ${e.message}`));
    }
    await new Promise((r) => setTimeout(r, 1000)); // the resize is online, in the background
  }
  const [[server]] = (await pool.query(
    'SELECT VERSION() AS version, @@innodb_buffer_pool_size DIV 1048576 AS bufferPoolMb, @@innodb_log_file_size DIV 1048576 AS redoLogMb, @@innodb_flush_log_at_trx_commit AS flushAtCommit',
  )) as unknown as [[Record<string, string | number>]];
  log(`server: ${JSON.stringify(server)}`);

  // (a) The floor: stream the rows a sweep reads, in the order it reads them, and do nothing with them. Twice,
  // keeping the faster (warm) run: the sweeps run on a warm buffer pool, so a cold first read would flatter them.
  const scans = [await scan(dbUrl, withBpjs), await scan(dbUrl, withBpjs)];
  const scanSeconds = Math.min(...scans);
  log(`scan: ${scans.map((s) => s.toFixed(2)).join(' s, ')} s (kept the faster)`);
  // (a') The honest floor (issue #19): the physical read of what a sweep needs, each table streamed once as arrays,
  // in parallel, no join. Twice, keeping the faster.
  const serverPid = localServerPid();
  const readCpu0 = { db: serverPid ? cpuSeconds(serverPid) : 0, self: process.cpuUsage() };
  const reads = [await physicalRead(dbUrl, withBpjs), await physicalRead(dbUrl, withBpjs)];
  const readCpu = {
    db: serverPid ? (cpuSeconds(serverPid) - readCpu0.db) / 2 : 0,
    self: (process.cpuUsage(readCpu0.self).user + process.cpuUsage(readCpu0.self).system) / 1e6 / 2,
  };
  const physicalSeconds = Math.min(...reads);
  log(
    `physical read: ${reads.map((s) => s.toFixed(2)).join(' s, ')} s (kept the faster); CPU per read: database ${readCpu.db.toFixed(2)} s, the reading process ${readCpu.self.toFixed(2)} s`,
  );

  if (!existsSync(join(root, 'dist/apps/worker/main.js')) || process.argv.includes('--build')) {
    log('building the worker…');
    execSync('npx nest build worker', { cwd: root, stdio: 'ignore' });
  }
  // Fresh case tables for the first sweep.
  for (const t of ['case_events', 'cases', 'sweep_batches', 'sweeps', 'employer_evaluations'])
    await pool.query(`TRUNCATE TABLE ${t}`);
  const queue = new Queue(QueueName.Evaluation, { connection: redisOptions(base.env.REDIS_URL), prefix });
  await queue.obliterate({ force: true });

  const children: ChildProcess[] = [];
  for (let i = 0; i < procs; i++) {
    children.push(
      spawn(process.execPath, [...WORKER_NODE_FLAGS, ...EXTRA_NODE_FLAGS, 'dist/apps/worker/main.js'], {
        cwd: root,
        env: {
          ...env,
          ...WORKER_SCRIPT_ENV,
          WORKER_QUEUES: 'evaluation',
          WORKER_CONCURRENCY: concurrency,
          SWEEP_BATCH_SIZE: batchSize,
        },
        stdio: ['ignore', process.env.BENCH_WORKER_STDOUT ? 'inherit' : 'ignore', 'inherit'],
      }),
    );
  }
  await new Promise((r) => setTimeout(r, 2500));

  const runSweep = async (
    name: string,
    mode: 'full' | 'incremental' = 'full',
    day = asOf,
  ): Promise<{ seconds: number; server: number; opened: number; resolved: number; employers: number }> => {
    await settle(pool, name);
    const t0 = process.hrtime.bigint();
    const [res] = (await pool.query(
      `INSERT INTO sweeps (status, as_of, \`trigger\`, mode, created_at) VALUES ('queued', ?, 'manual', ?, NOW(3))`,
      [day, mode],
    )) as unknown as [{ insertId: number }];
    const id = res.insertId;
    // A unique start id (the worker names the batches from the row's created_at itself).
    await queue.add(
      JobName.SweepStart,
      { sweepId: id },
      { jobId: jobIds.sweepStart(id, new Date()), attempts: 5 },
    );
    for (;;) {
      const [[s]] = (await pool.query(
        `SELECT status, cases_opened AS opened, cases_resolved AS resolved, employers_total AS employers,
                TIMESTAMPDIFF(MICROSECOND, created_at, finished_at) AS us
           FROM sweeps WHERE id = ?`,
        [id],
      )) as unknown as [
        [{ status: string; opened: number; resolved: number; employers: number; us: number | string | null }],
      ];
      if (s.status === 'completed' || s.status === 'failed') {
        if (s.status === 'failed') throw new Error(`sweep ${id} failed`);
        // CLOCK_MONOTONIC in µs, the clock of a worker's --cpu-prof timestamps: a profile can be cut to this window.
        log(
          `${name} sweep window (monotonic µs): ${t0 / 1000n}–${process.hrtime.bigint() / 1000n}; workers' peak RSS so far ${Math.max(...children.map((ch) => vmHwmMb(ch.pid!)))} MB`,
        );
        return {
          seconds: Number(process.hrtime.bigint() - t0) / 1e9,
          // The sweep's own row: from its insert (NOW(3) above) to the worker's close, without this loop's 50 ms poll.
          server: Number(s.us ?? 0) / 1e6,
          opened: s.opened,
          resolved: s.resolved,
          employers: s.employers,
        };
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const firstCpu0 = {
    workers: sum(children.map((ch) => cpuSeconds(ch.pid!))),
    db: serverPid ? cpuSeconds(serverPid) : 0,
  };
  const firstStatus0 = await serverStatus(pool);
  const first = await runSweep('first');
  const firstStatus1 = await serverStatus(pool);
  const firstCpu = {
    workers: sum(children.map((ch) => cpuSeconds(ch.pid!))) - firstCpu0.workers,
    db: serverPid ? cpuSeconds(serverPid) - firstCpu0.db : 0,
  };
  log(
    `first sweep: ${first.seconds.toFixed(2)} s, ${first.opened} cases opened; CPU: workers ${firstCpu.workers.toFixed(2)} s, database ${firstCpu.db.toFixed(2)} s`,
  );
  // What the server wrote meanwhile: pages flushed from the buffer pool (16 KB each) and redo log bytes.
  const mb = (k: string, unit = 1) => Math.round(((firstStatus1[k]! - firstStatus0[k]!) * unit) / 1048576);
  log(
    `first sweep: ${mb('Innodb_buffer_pool_pages_flushed', 16384)} MB of pages flushed, ${mb('Innodb_os_log_written')} MB of redo log written`,
  );
  // The steady sweep varies by ±10 % from run to run on a shared 2-core machine: the median of K runs is reported.
  const steadyRuns: number[] = [];
  const steadyServer: number[] = [];
  const steadyCpu: { workers: number; db: number }[] = [];
  const dbPid = localServerPid();
  for (let i = 0; i < steadyRunCount; i++) {
    const cpu0 = {
      workers: sum(children.map((ch) => cpuSeconds(ch.pid!))),
      db: dbPid ? cpuSeconds(dbPid) : 0,
    };
    const st0 = await serverStatus(pool);
    const run = await runSweep('steady');
    const st1 = await serverStatus(pool);
    log(
      `steady sweep ${i + 1}: server statements ${st1.Questions! - st0.Questions!}, bytes received ${st1.Bytes_received! - st0.Bytes_received!}, sent ${st1.Bytes_sent! - st0.Bytes_sent!}`,
    );
    steadyCpu.push({
      workers: sum(children.map((ch) => cpuSeconds(ch.pid!))) - cpu0.workers,
      db: dbPid ? cpuSeconds(dbPid) - cpu0.db : 0,
    });
    if (run.opened || run.resolved) throw new Error(`a steady sweep changed cases: ${JSON.stringify(run)}`);
    steadyRuns.push(run.seconds);
    steadyServer.push(run.server);
    log(
      `steady sweep ${i + 1}/${steadyRunCount}: ${run.seconds.toFixed(2)} s, nothing opened or resolved; CPU: workers ${steadyCpu[i]!.workers.toFixed(2)} s, database ${steadyCpu[i]!.db.toFixed(2)} s`,
    );
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const steady = { seconds: median(steadyRuns), server: median(steadyServer) };
  log(
    `steady sweeps: ${steadyRuns.map((x) => x.toFixed(2)).join(', ')} s (median ${steady.seconds.toFixed(2)} s)`,
  );

  // (e) Incremental sweeps (issue #19). The full sweeps above recorded every employer's fingerprint for asOf. One
  // employer in a hundred then has one contract's wage moved by one rupiah (a real edit: the rules run, the
  // evidence moves and its cases are written; the next touch moves it back), and an incremental sweep runs the
  // same day (the steady case: only the fingerprints moved) and then as of the next night (the nightly case: also
  // every employer whose next-change day is tomorrow and the refresh slot of SWEEP_REFRESH_DAYS).
  // --full-only: stop after the full sweeps (profiling the full evaluation; no incremental figures).
  const fullOnly = process.argv.includes('--full-only');
  const touch = async () =>
    pool.query(
      `UPDATE contracts c JOIN (SELECT employer_id, MIN(id) AS id FROM contracts WHERE employer_id % 100 = 7 GROUP BY employer_id) t
          ON t.id = c.id SET c.monthly_wage = c.monthly_wage + IF(c.monthly_wage % 2 = 0, 1, -1)`,
    );
  if (fullOnly) {
    const peak = Math.max(...children.map((ch) => vmHwmMb(ch.pid!)));
    for (const ch of children) ch.kill('SIGTERM');
    await Promise.all(children.map((ch) => new Promise((r) => ch.once('exit', r))));
    await queue.close();
    const floor = process.argv.includes('--no-write-floor') ? null : await writeFloor(pool, dbUrl, serverPid);
    await pool.end();
    console.log(
      JSON.stringify({
        workers,
        physicalReadSeconds: round(physicalSeconds),
        physicalReadDbCpuSeconds: round(readCpu.db),
        firstSweepSeconds: round(first.seconds),
        firstSweepCpuSeconds: { workers: round(firstCpu.workers), db: round(firstCpu.db) },
        steadySweepRuns: steadyRuns.map(round),
        steadyWorkerCpuSeconds: steadyCpu.map((c) => round(c.workers)),
        steadyDbCpuSeconds: dbPid ? steadyCpu.map((c) => round(c.db)) : null,
        steadyPerPhysicalRead: round(steady.seconds / physicalSeconds),
        firstPerPhysicalRead: round(first.seconds / physicalSeconds),
        writeFloor: floor,
        firstPerWriteFloor: floor ? round(first.seconds / floor.writeSeconds) : null,
        peakWorkerRssMb: peak,
      }),
    );
    return;
  }
  await touch();
  const incSame = await runSweep('incremental (same day, 1 % changed)', 'incremental');
  log(
    `incremental steady sweep, 1 % of employers changed: ${incSame.seconds.toFixed(2)} s, ${incSame.employers} employers evaluated (${((100 * incSame.seconds) / steady.seconds).toFixed(1)} % of a full steady sweep); by the sweeps' own rows ${incSame.server.toFixed(3)} s of ${steady.server.toFixed(3)} s (${((100 * incSame.server) / steady.server).toFixed(1)} %)`,
  );
  const idle = await runSweep('incremental (same day, nothing changed)', 'incremental');
  log(
    `incremental sweep, nothing changed: ${idle.seconds.toFixed(2)} s (its row: ${idle.server.toFixed(3)} s), ${idle.employers} employers evaluated`,
  );
  await touch();
  const tomorrow = new Date(Date.parse(`${asOf}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const incNight = await runSweep('incremental (next night, 1 % changed)', 'incremental', tomorrow);
  log(
    `incremental nightly sweep as of ${tomorrow}, 1 % changed: ${incNight.seconds.toFixed(2)} s, ${incNight.employers} employers evaluated (${((100 * incNight.seconds) / steady.seconds).toFixed(1)} % of a full steady sweep)`,
  );
  // What a full sweep costs on a night that moved (the night after): the figures that grow are written for
  // every employer, not only those whose day came. Then the incremental sweep of the night after that, to compare.
  const dayAfter = (d: string, n: number) =>
    new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  const fullNext = await runSweep('full (a later night)', 'full', dayAfter(asOf, 2));
  log(`full sweep as of ${dayAfter(asOf, 2)}: ${fullNext.seconds.toFixed(2)} s`);
  await touch();
  const incNext = await runSweep('incremental (the night after)', 'incremental', dayAfter(asOf, 3));
  log(
    `incremental sweep as of ${dayAfter(asOf, 3)}, 1 % changed: ${incNext.seconds.toFixed(2)} s, ${incNext.employers} employers (${((100 * incNext.seconds) / fullNext.seconds).toFixed(1)} % of that night's full sweep)`,
  );

  // (d) A processed self-report's evaluation: from the evaluate-employer enqueue (as ingestion does it) to the
  // employer's cases visible. Their cases are removed first, so "visible" means re-created by that job.
  const [sample] = (await pool.query(
    'SELECT DISTINCT employer_id AS id FROM cases ORDER BY employer_id LIMIT 50',
  )) as unknown as [{ id: number }[]];
  const latencies: number[] = [];
  for (const { id } of sample) {
    await pool.query('DELETE FROM cases WHERE employer_id = ?', [id]);
    const t0 = process.hrtime.bigint();
    await queue.add(
      JobName.EvaluateEmployer,
      { employerId: id },
      { deduplication: { id: `employer-${id}-evaluate`, keepLastIfActive: true }, attempts: 5 },
    );
    for (;;) {
      const [[row]] = (await pool.query('SELECT COUNT(*) AS n FROM cases WHERE employer_id = ?', [
        id,
      ])) as unknown as [[{ n: number }]];
      if (Number(row.n) > 0) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  latencies.sort((a, b) => a - b);
  const reportToCasesMedianMs = Math.round(latencies[Math.floor(latencies.length / 2)] ?? -1);
  log(`report → cases visible: median ${reportToCasesMedianMs} ms over ${latencies.length} employers`);

  const peak = Math.max(...children.map((ch) => vmHwmMb(ch.pid!)));
  for (const ch of children) ch.kill('SIGTERM');
  await Promise.all(children.map((ch) => new Promise((r) => ch.once('exit', r))));
  await queue.close();
  const floor = process.argv.includes('--no-write-floor') ? null : await writeFloor(pool, dbUrl, serverPid);
  await pool.end();

  console.log(
    JSON.stringify({
      workers,
      employers: Number(counts.employers),
      contracts: Number(counts.contracts),
      enrolments: Number(counts.enrolments),
      bpjsRecords: bpjsRows,
      workerProcesses: procs,
      concurrency: Number(concurrency),
      scanSeconds: round(scanSeconds),
      firstSweepSeconds: round(first.seconds),
      firstSweepCpuSeconds: { workers: round(firstCpu.workers), db: round(firstCpu.db) },
      casesOpened: first.opened,
      steadySweepSeconds: round(steady.seconds),
      steadySweepRuns: steadyRuns.map(round),
      // CPU seconds used by the worker processes and (when it runs here) the database server, per steady sweep:
      // steadier than wall time on a shared machine, and what the sweep costs when the cores are saturated.
      steadyWorkerCpuSeconds: steadyCpu.map((c) => round(c.workers)),
      steadyDbCpuSeconds: dbPid ? steadyCpu.map((c) => round(c.db)) : null,
      ratio: round(steady.seconds / scanSeconds),
      // Issue #19's denominator: the physical read (each table once, as arrays, in parallel).
      physicalReadSeconds: round(physicalSeconds),
      physicalReadDbCpuSeconds: round(readCpu.db),
      steadyPerPhysicalRead: round(steady.seconds / physicalSeconds),
      firstPerPhysicalRead: round(first.seconds / physicalSeconds),
      writeFloor: floor,
      firstPerWriteFloor: floor ? round(first.seconds / floor.writeSeconds) : null,
      incrementalSteadySeconds: round(incSame.seconds),
      incrementalSteadyEmployers: incSame.employers,
      incrementalSteadyShareOfFull: round(incSame.seconds / steady.seconds),
      // The same two from the sweeps' own rows (created_at → finished_at), without the bench's 50 ms poll.
      steadySweepServerSeconds: round(steady.server, 3),
      incrementalSteadyServerSeconds: round(incSame.server, 3),
      incrementalSteadyServerShareOfFull: round(incSame.server / steady.server, 3),
      incrementalIdleSeconds: round(idle.seconds),
      incrementalNightlySeconds: round(incNight.seconds),
      incrementalNightlyEmployers: incNight.employers,
      incrementalNightlyShareOfFull: round(incNight.seconds / steady.seconds),
      fullNewNightSeconds: round(fullNext.seconds),
      incrementalNewNightSeconds: round(incNext.seconds),
      incrementalNewNightEmployers: incNext.employers,
      incrementalNewNightShareOfFullNewNight: round(incNext.seconds / fullNext.seconds),
      peakWorkerRssMb: peak,
      reportToCasesMedianMs,
      server,
    }),
  );
}

/** The server's statement and byte counters (they include the bench's own polling, a few statements a second). */
async function serverStatus(
  pool: ReturnType<ReturnType<typeof createPool>['promise']>,
): Promise<Record<string, number>> {
  const [rows] = (await pool.query(
    "SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions', 'Bytes_received', 'Bytes_sent', 'Innodb_buffer_pool_pages_flushed', 'Innodb_os_log_written')",
  )) as unknown as [{ Variable_name: string; Value: string }[]];
  return Object.fromEntries(rows.map((r) => [r.Variable_name, Number(r.Value)]));
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

type Pool = ReturnType<ReturnType<typeof createPool>['promise']>;

/**
 * --bpjs: one processed load as of `asOf` covering every employer with an NPP (set-based statements); without it,
 * every BPJS load is removed. Returns the records judged.
 */
async function fillBpjs(pool: Pool, asOf: string, wanted: boolean): Promise<number> {
  const count = async () =>
    Number(
      (
        (await pool.query(
          'SELECT COUNT(*) AS n FROM bpjs_npp_coverage c JOIN bpjs_records r ON r.load_id = c.load_id AND r.npp = c.npp',
        )) as unknown as [{ n: number }[]]
      )[0][0]!.n,
    );
  const clear = async () => {
    for (const t of ['bpjs_npp_coverage', 'bpjs_load_npps', 'bpjs_records', 'bpjs_load_parts', 'bpjs_loads'])
      await pool.query(`DELETE FROM ${t}`);
  };
  if (!wanted) {
    await clear();
    return 0;
  }
  const [[load]] = (await pool.query(
    "SELECT id FROM bpjs_loads WHERE status = 'processed' AND as_of = ? ORDER BY id DESC LIMIT 1",
    [asOf],
  )) as unknown as [[{ id: number } | undefined]];
  if (load) return count();
  await clear();
  const [res] = (await pool.query(
    `INSERT INTO bpjs_loads (body_hash, format, as_of, status, received_at, processed_at) VALUES (?, 'json', ?, 'processed', NOW(3), NOW(3))`,
    ['b'.repeat(64), asOf],
  )) as unknown as [{ insertId: number }];
  const id = res.insertId;
  const month = `${asOf.slice(0, 7)}-01`;
  // Enrolments as BPJS holds them: a tenth paid through three months ago, a twentieth at 80 % of the wage.
  await pool.query(
    `INSERT IGNORE INTO bpjs_records (load_id, npp, nik, effective_from, kpj, programs, effective_to, reported_wage, paid_through)
     SELECT ?, e.npp, w.nik, n.effective_from, COALESCE(n.kpj, '00000000000'), n.programs, n.effective_to,
            CASE WHEN n.worker_id % 20 = 7 THEN FLOOR(COALESCE(n.reported_wage, 3000000) * 0.8) ELSE COALESCE(n.reported_wage, 3000000) END,
            CASE WHEN n.worker_id % 10 = 3 THEN DATE_SUB(?, INTERVAL 3 MONTH) ELSE ? END
       FROM enrolments n JOIN employers e ON e.id = n.employer_id JOIN workers w ON w.id = n.worker_id
      WHERE e.npp IS NOT NULL AND e.npp <> ''`,
    [id, month, month],
  );
  // Workers their employer never enrolled: BPJS holds them from their first contract.
  await pool.query(
    `INSERT IGNORE INTO bpjs_records (load_id, npp, nik, effective_from, kpj, programs, effective_to, reported_wage, paid_through)
     SELECT ?, e.npp, w.nik, MIN(c.start_date), '00000000000', 'JKK,JKM,JHT,JP', NULL, MAX(c.monthly_wage), ?
       FROM contracts c JOIN employers e ON e.id = c.employer_id JOIN workers w ON w.id = c.worker_id
      WHERE e.npp IS NOT NULL AND e.npp <> ''
        AND NOT EXISTS (SELECT 1 FROM enrolments n WHERE n.employer_id = c.employer_id AND n.worker_id = c.worker_id)
      GROUP BY e.npp, w.nik`,
    [id, month],
  );
  await pool.query(
    `INSERT INTO bpjs_load_npps (load_id, npp, as_of, \`rows\`) SELECT ?, npp, ?, COUNT(*) FROM bpjs_records WHERE load_id = ? GROUP BY npp`,
    [id, asOf, id],
  );
  await pool.query(
    `INSERT INTO bpjs_npp_coverage (npp, load_id, as_of) SELECT npp, load_id, as_of FROM bpjs_load_npps WHERE load_id = ?`,
    [id],
  );
  await pool.query(
    'UPDATE bpjs_loads SET rows_total = (SELECT COUNT(*) FROM bpjs_records WHERE load_id = ?), rows_accepted = rows_total WHERE id = ?',
    [id, id],
  );
  await pool.query('ANALYZE TABLE bpjs_records, bpjs_npp_coverage, bpjs_load_npps');
  return count();
}

/**
 * Streams contracts (with workers) and enrolments ordered as the sweep reads them, and with `bpjs` the BPJS
 * records of the loads judged (coverage → records, by NPP, as the sweep's reader); counts rows.
 */
async function scan(databaseUrl: string, bpjs = false): Promise<number> {
  const conn = createConnection(mysqlConnectionOptions(databaseUrl));
  const stream = (sql: string) =>
    new Promise<number>((resolve, reject) => {
      let n = 0;
      conn
        .query(sql)
        .stream({ highWaterMark: 1000 })
        .on('data', () => n++)
        .on('end', () => resolve(n))
        .on('error', reject);
    });
  const t0 = process.hrtime.bigint();
  await stream(
    `SELECT c.employer_id, c.worker_id, w.nik, ew.name, ew.birth_date, c.ref, c.type, c.start_date, c.end_date, c.monthly_wage
       FROM contracts c JOIN workers w ON w.id = c.worker_id
       LEFT JOIN employer_workers ew ON ew.employer_id = c.employer_id AND ew.worker_id = c.worker_id
      ORDER BY c.employer_id, c.worker_id, c.start_date`,
  );
  await stream(
    `SELECT employer_id, worker_id, kpj, programs, effective_from, effective_to, reported_wage FROM enrolments ORDER BY employer_id, worker_id, effective_from`,
  );
  if (bpjs)
    await stream(
      `SELECT c.npp, c.load_id, c.as_of, r.nik, r.kpj, r.programs, r.effective_from, r.effective_to, r.reported_wage, r.paid_through
         FROM bpjs_npp_coverage c JOIN bpjs_records r ON r.load_id = c.load_id AND r.npp = c.npp
        ORDER BY c.npp`,
    );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  conn.end();
  return seconds;
}

/**
 * The physical read (issue #19): contracts, enrolments, workers (and the employers' names per worker, and with
 * --bpjs the BPJS records), each streamed once in primary-key order as arrays (`rowsAsArray`), all at once on
 * their own connections: what the machine can read of a sweep's inputs, with no join and no objects.
 */
async function physicalRead(databaseUrl: string, bpjs = false): Promise<number> {
  const tables = [
    'SELECT employer_id, worker_id, start_date, id, ref, type, end_date, monthly_wage, compensation_paid, compensation_paid_on FROM contracts',
    'SELECT employer_id, worker_id, effective_from, kpj, programs, effective_to, reported_wage FROM enrolments',
    'SELECT id, nik FROM workers',
    'SELECT employer_id, worker_id, name, birth_date FROM employer_workers',
    ...(bpjs
      ? [
          'SELECT load_id, npp, nik, effective_from, kpj, programs, effective_to, reported_wage, paid_through FROM bpjs_records',
        ]
      : []),
  ];
  const t0 = process.hrtime.bigint();
  await Promise.all(
    tables.map(
      (sql) =>
        new Promise<number>((resolve, reject) => {
          const conn = createConnection(mysqlConnectionOptions(databaseUrl));
          let n = 0;
          conn
            .query({ sql, rowsAsArray: true })
            .stream({ highWaterMark: 1000 })
            .on('data', () => n++)
            .on('end', () => {
              conn.end();
              resolve(n);
            })
            .on('error', reject);
        }),
    ),
  );
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/**
 * The write floor (issue #19): what the machine can write of a first sweep. The cases the first sweep opened, and
 * a `detected` event for each, are written again into copies of `cases` and `case_events` (CREATE TABLE … LIKE:
 * the same columns and indexes; the cases' insert trigger recreated on the copy) by two connections at once, as
 * the two workers write: one transaction per range of 2,500 cases, multi-row prepared statements of the engine's
 * shapes (ROW_SHAPES) and columns (CASE_COLUMNS). Each range is first read back from `cases` by primary key; that
 * read is timed alone in a first pass and reported apart. The copies are dropped afterwards.
 */
async function writeFloor(
  pool: Pool,
  databaseUrl: string,
  serverPid: number | null,
): Promise<{
  rows: number;
  readSeconds: number;
  readDbCpuSeconds: number;
  writeSeconds: number;
  writeDbCpuSeconds: number;
  writerCpuSeconds: number;
}> {
  const [[bounds]] = (await pool.query(
    'SELECT MIN(id) AS lo, MAX(id) AS hi, COUNT(*) AS n FROM cases',
  )) as unknown as [[{ lo: number; hi: number; n: number }]];
  for (const t of ['bench_floor_events', 'bench_floor_cases']) await pool.query(`DROP TABLE IF EXISTS ${t}`);
  await pool.query('CREATE TABLE bench_floor_cases LIKE cases');
  await pool.query('CREATE TABLE bench_floor_events LIKE case_events');
  const [trig] = (await pool.query('SHOW CREATE TRIGGER cases_names').catch(() => [[]])) as unknown as [
    Record<string, string>[],
  ];
  const body = trig[0]?.['SQL Original Statement'];
  if (body) await pool.query(casesTriggerOn(body, 'bench_floor_cases'));
  const RANGE = 2500;
  const ranges: [number, number][] = [];
  for (let lo = Number(bounds.lo); lo <= Number(bounds.hi); lo += RANGE) ranges.push([lo, lo + RANGE - 1]);
  const caseTuple = `(${CASE_COLUMNS.map(() => '?').join(',')})`;
  const eventColumns = [
    'case_id',
    'type',
    'from_status',
    'to_status',
    'actor_user_id',
    'data',
    'sweep_id',
    'created_at',
  ];
  const eventTuple = `(${eventColumns.map(() => '?').join(',')})`;
  const pass = async (
    write: boolean,
  ): Promise<{ seconds: number; db: number; self: number; rows: number }> => {
    const queue = [...ranges];
    const db0 = serverPid ? cpuSeconds(serverPid) : 0;
    const self0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    let rows = 0;
    await Promise.all(
      [0, 1].map(async () => {
        const conn = createConnection(mysqlConnectionOptions(databaseUrl)).promise();
        for (let r = queue.shift(); r; r = queue.shift()) {
          const [batch] = (await conn.query({
            sql: `SELECT ${CASE_COLUMNS.join(',')} FROM cases WHERE id BETWEEN ? AND ?`,
            values: r,
            rowsAsArray: true,
          })) as unknown as [unknown[][]];
          rows += batch.length;
          if (!write || !batch.length) continue;
          await conn.query('BEGIN');
          const events: unknown[][] = [];
          const at = new Date();
          const severity = CASE_COLUMNS.indexOf('severity');
          const version = CASE_COLUMNS.indexOf('rulebook_version');
          for (const chunk of shapedChunks(batch)) {
            const [res] = (await conn.execute(
              `INSERT INTO bench_floor_cases (${CASE_COLUMNS.join(',')}) VALUES ${chunk.map(() => caseTuple).join(',')}`,
              chunk.flat() as never[],
            )) as unknown as [{ insertId: number }];
            chunk.forEach((c, i) =>
              events.push([
                Number(res.insertId) + i,
                'detected',
                null,
                'open',
                null,
                JSON.stringify({ severity: c[severity], rulebookVersion: c[version] }),
                null,
                at,
              ]),
            );
          }
          for (const chunk of shapedChunks(events))
            await conn.execute(
              `INSERT INTO bench_floor_events (${eventColumns.join(',')}) VALUES ${chunk.map(() => eventTuple).join(',')}`,
              chunk.flat() as never[],
            );
          await conn.query('COMMIT');
        }
        await conn.end();
      }),
    );
    const self = process.cpuUsage(self0);
    return {
      seconds: Number(process.hrtime.bigint() - t0) / 1e9,
      db: serverPid ? cpuSeconds(serverPid) - db0 : 0,
      self: (self.user + self.system) / 1e6,
      rows,
    };
  };
  const read = await pass(false);
  const both = await pass(true);
  for (const t of ['bench_floor_events', 'bench_floor_cases']) await pool.query(`DROP TABLE IF EXISTS ${t}`);
  const out = {
    rows: both.rows,
    readSeconds: round(read.seconds),
    readDbCpuSeconds: round(read.db),
    writeSeconds: round(Math.max(0, both.seconds - read.seconds)),
    writeDbCpuSeconds: round(Math.max(0, both.db - read.db)),
    writerCpuSeconds: round(Math.max(0, both.self - read.self)),
  };
  log(
    `write floor: ${out.rows} cases and their events in ${out.writeSeconds} s (database CPU ${out.writeDbCpuSeconds} s, the writing process ${out.writerCpuSeconds} s), beyond reading them back (${out.readSeconds} s, database CPU ${out.readDbCpuSeconds} s)`,
  );
  return out;
}

main().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  process.exit(1);
});

/**
 * Waits (at most 60 s) until the server has purged the undo history of the writes before (InnoDB's history list
 * under 1,000), so a short sweep is not measured while the server still works for the one before it: a steady sweep
 * that got faster would otherwise hand the next sweep more of the previous one's purge. Logs what it waited.
 */
async function settle(
  pool: ReturnType<ReturnType<typeof createPool>['promise']>,
  name: string,
): Promise<void> {
  const history = async () => {
    const [rows] = (await pool.query('SHOW ENGINE INNODB STATUS')) as unknown as [{ Status: string }[]];
    return Number(/History list length (\d+)/.exec(rows[0]?.Status ?? '')?.[1] ?? 0);
  };
  const t0 = Date.now();
  const first = await history();
  let now = first;
  while (now >= 1000 && Date.now() - t0 < 60_000) {
    await new Promise((r) => setTimeout(r, 200));
    now = await history();
  }
  if (first >= 1000)
    log(
      `before ${name}: undo history ${first} → ${now} after ${((Date.now() - t0) / 1000).toFixed(1)} s of purge`,
    );
}
