/**
 * Rules micro-benchmark (npm run bench:rules): one million synthetic worker histories held in memory,
 * streamed employer by employer — each worker materialised into plain WorkerHistory objects, evaluated with
 * evaluateWorker and counted into the employer aggregate, then evaluateEmployerLevel per employer — on one core.
 * Prints workers/s and the findings, then one JSON line.
 *
 * BENCH_WORKERS (default 1,000,000), BENCH_PASSES (default 3). BENCH_MODE=objects builds every WorkerHistory
 * up front instead (a million object graphs live in the heap: much more garbage-collector work per worker).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  createContext,
  defaultParameters,
  emptyAggregate,
  evaluateEmployerLevel,
  evaluateWorker,
  RULEBOOK,
  type EvaluationContext,
  type Finding,
  type ReferenceData,
  type WorkerHistory,
} from '@patuh/rules';
import { generate, materialise, type SyntheticData } from './rules-synthetic';

const WORKERS = Number(process.env.BENCH_WORKERS ?? 1_000_000);
const PASSES = Number(process.env.BENCH_PASSES ?? 3);
const MODE = process.env.BENCH_MODE === 'objects' ? 'objects' : 'stream';
const AS_OF = '2025-11-30';

function loadReference(): ReferenceData {
  const candidates = [
    path.resolve(__dirname, '../../shared/reference/kutim.json'),
    path.resolve(__dirname, '../reference/kutim.json'),
  ];
  const file = candidates.find((p) => fs.existsSync(p));
  if (!file) throw new Error(`reference data not found in ${candidates.join(', ')}`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as ReferenceData;
}

interface PassResult {
  /** Time inside evaluateWorker / evaluateEmployerLevel only. */
  seconds: number;
  /**
   * CPU seconds (user + system, every thread of the process) inside the same calls: on a machine shared with
   * other work, the wall time also counts the slices the core spent on others; this does not.
   */
  cpuSeconds: number;
  /** Including building each employer's WorkerHistory objects (stream mode). */
  totalSeconds: number;
  findings: number;
  workersWithFindings: number;
  byRule: Record<string, number>;
  bySeverity: Record<string, number>;
}

function count(r: PassResult, f: Finding): void {
  r.findings++;
  r.byRule[f.rule] = (r.byRule[f.rule] ?? 0) + 1;
  r.bySeverity[f.severity] = (r.bySeverity[f.severity] ?? 0) + 1;
}

function pass(d: SyntheticData, ctx: EvaluationContext, prebuilt: WorkerHistory[] | null): PassResult {
  const r: PassResult = {
    seconds: 0,
    cpuSeconds: 0,
    totalSeconds: 0,
    findings: 0,
    workersWithFindings: 0,
    byRule: {},
    bySeverity: {},
  };
  const found: Finding[][] = [];
  let evalNs = 0n;
  let cpuUs = 0;
  const t0 = process.hrtime.bigint();
  for (let e = 0; e < d.employers.length; e++) {
    const employer = d.employers[e];
    const first = d.employerFirstWorker[e];
    const end = d.employerFirstWorker[e + 1];
    // The engine streams one employer's workers from the database as plain objects: build this employer's batch.
    const batch: WorkerHistory[] = [];
    for (let w = first; w < end; w++) batch.push(prebuilt !== null ? prebuilt[w] : materialise(d, e, w));
    found.length = 0;
    const c0 = process.cpuUsage();
    const t = process.hrtime.bigint();
    const agg = emptyAggregate();
    for (let i = 0; i < batch.length; i++) found.push(evaluateWorker(employer, batch[i], ctx, agg));
    found.push(evaluateEmployerLevel(employer, agg, ctx));
    evalNs += process.hrtime.bigint() - t;
    const c = process.cpuUsage(c0);
    cpuUs += c.user + c.system;
    for (let i = 0; i < found.length; i++) {
      if (i < batch.length && found[i].length > 0) r.workersWithFindings++;
      for (const f of found[i]) count(r, f);
    }
  }
  r.totalSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  r.seconds = Number(evalNs) / 1e9;
  r.cpuSeconds = cpuUs / 1e6;
  return r;
}

function main(): void {
  const ctx = createContext(AS_OF, defaultParameters(loadReference()));
  const g0 = process.hrtime.bigint();
  const d = generate(WORKERS, AS_OF);
  let prebuilt: WorkerHistory[] | null = null;
  if (MODE === 'objects') {
    prebuilt = new Array<WorkerHistory>(WORKERS);
    for (let e = 0; e < d.employers.length; e++)
      for (let w = d.employerFirstWorker[e]; w < d.employerFirstWorker[e + 1]; w++)
        prebuilt[w] = materialise(d, e, w);
  }
  const genSeconds = Number(process.hrtime.bigint() - g0) / 1e9;
  let contracts = 0;
  let enrolments = 0;
  for (let w = 0; w < WORKERS; w++) {
    contracts += d.contractCount[w];
    enrolments += d.enrolmentCount[w];
  }
  console.log(
    `generated ${WORKERS.toLocaleString('en')} workers at ${d.employers.length} employers ` +
      `(${(contracts / WORKERS).toFixed(2)} contracts, ${(enrolments / WORKERS).toFixed(2)} enrolments per worker) ` +
      `in ${genSeconds.toFixed(1)} s; mode ${MODE}`,
  );
  const results: PassResult[] = [];
  for (let p = 1; p <= PASSES; p++) {
    const r = pass(d, ctx, prebuilt);
    results.push(r);
    console.log(
      `pass ${p}: evaluation ${r.seconds.toFixed(2)} s, ${Math.round(WORKERS / r.seconds).toLocaleString('en')} workers/s ` +
        `(per CPU second: ${Math.round(WORKERS / r.cpuSeconds).toLocaleString('en')}) ` +
        `(with building the objects: ${Math.round(WORKERS / r.totalSeconds).toLocaleString('en')} workers/s), ` +
        `${r.findings.toLocaleString('en')} findings, ${((100 * r.workersWithFindings) / WORKERS).toFixed(1)}% of workers with a finding`,
    );
  }
  const sorted = [...results].sort((a, b) => a.seconds - b.seconds);
  const median = sorted[Math.floor(sorted.length / 2)];
  const first = results[0];
  const rate = Math.round(WORKERS / median.seconds);
  const cpuSorted = [...results].sort((a, b) => a.cpuSeconds - b.cpuSeconds);
  const cpuRate = Math.round(WORKERS / cpuSorted[Math.floor(cpuSorted.length / 2)].cpuSeconds);
  console.log(
    `median: ${rate.toLocaleString('en')} workers/s, ${cpuRate.toLocaleString('en')} per CPU second (target ≥ 500,000 on one core)`,
  );
  console.log('findings by rule:', JSON.stringify(first.byRule));
  console.log(
    JSON.stringify({
      bench: 'rules',
      mode: MODE,
      rulebookVersion: RULEBOOK.version,
      asOf: AS_OF,
      workers: WORKERS,
      employers: d.employers.length,
      contractsPerWorker: Number((contracts / WORKERS).toFixed(3)),
      enrolmentsPerWorker: Number((enrolments / WORKERS).toFixed(3)),
      passSeconds: results.map((r) => Number(r.seconds.toFixed(3))),
      workersPerSecond: rate,
      workersPerCpuSecond: cpuRate,
      passCpuSeconds: results.map((r) => Number(r.cpuSeconds.toFixed(3))),
      firstPassWorkersPerSecond: Math.round(WORKERS / first.seconds),
      totalPassSeconds: results.map((r) => Number(r.totalSeconds.toFixed(3))),
      workersPerSecondWithObjects: Math.round(WORKERS / median.totalSeconds),
      findings: first.findings,
      workersWithFindingsPct: Number(((100 * first.workersWithFindings) / WORKERS).toFixed(2)),
      byRule: first.byRule,
      bySeverity: first.bySeverity,
      node: process.version,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cpus: os.cpus().length,
      memGiB: Math.round(os.totalmem() / 2 ** 30),
    }),
  );
}

main();
