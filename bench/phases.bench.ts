/**
 * npm run bench:phases -- [--database patuh_bench_200000] [--chunk 1500] [--passes 2]
 *
 * The full evaluation's phases in one process, on a bench database (bench:sweep makes one): for every chunk of
 * employers as a sweep cuts them, (1) read (the reader's queries and grouping), (2) the rulebook, (3) the next-change
 * day, (3b) each worker's next-change day, encoded as recorded (worker-days.ts), (4) the existing cases read,
 * (5) planning (evidence serialised and hashed). No writes. Prints the CPU time of
 * each phase, the garbage collector's share, and one JSON line.
 */
import { PerformanceObserver, performance } from 'perf_hooks';
import { loadConfig, todayIn, withDatabase } from '@patuh/config';
import {
  BpjsCoverageRepository,
  createDataSource,
  EvaluationRepository,
  type ExistingCase,
  toExistingCase,
} from '@patuh/persistence';
import { evaluateEmployer, nextStandingChange } from '@patuh/rules';
import { EvaluationReader } from '../libs/engine/src/evaluation.reader';
import { planReconciliation } from '../libs/engine/src/reconcile.plan';
import { encodeWorkerDays, workerDaysOf } from '../libs/engine/src/worker-days';
import { RulesetService } from '../libs/engine/src/ruleset';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : def;
};

async function main() {
  const config = loadConfig(process.env);
  const url = withDatabase(config.env.DATABASE_URL, arg('database', 'patuh_bench_200000'));
  const chunkContracts = Number(arg('chunk', '1500'));
  const passes = Number(arg('passes', '2'));
  const ds = await createDataSource(url, 2);
  await ds.initialize();
  const repo = new EvaluationRepository(ds);
  const reader = new EvaluationReader(repo, new BpjsCoverageRepository(ds));
  const ruleset = new RulesetService(config);
  const ctx = ruleset.context(arg('as-of', todayIn(config.env.BUSINESS_TZ)));

  let gcMs = 0;
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) gcMs += e.duration;
  }).observe({ entryTypes: ['gc'] });

  const counts = (await ds.query(
    'SELECT employer_id AS id, COUNT(*) AS n FROM contracts GROUP BY employer_id ORDER BY employer_id',
  )) as { id: number; n: number }[];
  const chunks: number[][] = [];
  let cur: number[] = [];
  let w = 0;
  for (const c of counts) {
    if (cur.length && w + Number(c.n) > chunkContracts) {
      chunks.push(cur);
      cur = [];
      w = 0;
    }
    cur.push(Number(c.id));
    w += Number(c.n);
  }
  if (cur.length) chunks.push(cur);

  for (let pass = 1; pass <= passes; pass++) {
    const t = { read: 0, rules: 0, next: 0, workerDays: 0, cases: 0, plan: 0, stringify: 0 };
    let jsonBytes = 0;
    let findings = 0;
    let changed = 0;
    let workerDaysBytes = 0;
    gcMs = 0;
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    for (const ids of chunks) {
      await ds.transaction(async (m) => {
        let c0 = process.cpuUsage();
        const lap = (k: keyof typeof t) => {
          const c = process.cpuUsage(c0);
          t[k] += (c.user + c.system) / 1e3;
          c0 = process.cpuUsage();
        };
        const batch = await reader.read(m, ids, config.env.BUSINESS_TZ);
        lap('read');
        const existing = await repo.findExistingCases(ids, m);
        lap('cases');
        const byEmployer = new Map<number, ExistingCase[]>();
        for (const t of existing) {
          const e = toExistingCase(t);
          const l = byEmployer.get(Number(e.employerId));
          if (l) l.push(e);
          else byEmployer.set(Number(e.employerId), [e]);
        }
        for (const read of batch.reads) {
          const input = read.input();
          const c1 = process.cpuUsage();
          const found = evaluateEmployer(input, ctx);
          const c2 = process.cpuUsage(c1);
          t.rules += (c2.user + c2.system) / 1e3;
          const c3 = process.cpuUsage();
          nextStandingChange(input, ctx, found);
          const c4 = process.cpuUsage(c3);
          t.next += (c4.user + c4.system) / 1e3;
          const c9 = process.cpuUsage();
          workerDaysBytes +=
            encodeWorkerDays({
              inputRev: '0',
              rulesetKey: ruleset.key,
              workers: workerDaysOf(input, ctx, found).days,
            })?.length ?? 0;
          const c10 = process.cpuUsage(c9);
          t.workerDays += (c10.user + c10.system) / 1e3;
          const c7 = process.cpuUsage();
          for (const f of found) jsonBytes += JSON.stringify(f.evidence).length;
          const c8 = process.cpuUsage(c7);
          t.stringify += (c8.user + c8.system) / 1e3;
          const c5 = process.cpuUsage();
          const p = planReconciliation(byEmployer.get(Number(input.employer.id)) ?? [], found);
          const c6 = process.cpuUsage(c5);
          t.plan += (c6.user + c6.system) / 1e3;
          findings += found.length;
          changed += p.open.length + p.update.length + p.reopen.length + p.resolve.length;
        }
        c0 = process.cpuUsage();
      });
    }
    const cpu = process.cpuUsage(cpu0);
    const out = {
      pass,
      chunks: chunks.length,
      findings,
      changed,
      jsonBytesPerFinding: Math.round(jsonBytes / findings),
      workerDaysBytes,
      wallMs: Math.round(performance.now() - wall0),
      cpuMs: Math.round((cpu.user + cpu.system) / 1e3),
      gcMs: Math.round(gcMs),
      phasesCpuMs: Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Math.round(v)])),
    };
    console.log(JSON.stringify(out));
  }
  await ds.destroy();
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
