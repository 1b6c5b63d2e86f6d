/**
 * A/B rules benchmark (npm run bench:rules:ab): this checkout's rulebook against another checkout's
 * (BASELINE=/path/to/other/checkout, default ../main), on the same synthetic histories, employer by employer,
 * the two evaluated in alternating order on each employer's batch, CPU time measured around each call. On a
 * machine shared with other work the absolute rates of `bench:rules` swing by a factor of two between runs;
 * the ratio of two interleaved runs does not. BENCH_WORKERS (default 1,000,000), BENCH_PASSES (default 3).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as B from '@patuh/rules';
import { generate, materialise } from './rules-synthetic';

type Lib = typeof B;
const BASE = path.resolve(process.env.BASELINE ?? path.resolve(__dirname, '../../main'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const A = require(path.join(BASE, 'libs/rules/src')) as Lib;
const ref = (root: string): B.ReferenceData => {
  const shared = path.resolve(root, '../shared/reference/kutim.json');
  const own = path.resolve(root, 'reference/kutim.json');
  // Each rulebook with the reference file its own checkout ships (the baseline may predate fields).
  return JSON.parse(fs.readFileSync(fs.existsSync(own) ? own : shared, 'utf8')) as B.ReferenceData;
};
const AS_OF = '2025-11-30';
const N = Number(process.env.BENCH_WORKERS ?? 1_000_000);
const PASSES = Number(process.env.BENCH_PASSES ?? 3);
const ctxA = A.createContext(AS_OF, A.defaultParameters(ref(BASE)));
const ctxB = B.createContext(AS_OF, B.defaultParameters(ref(path.resolve(__dirname, '..'))));
const d = generate(N, AS_OF);

function evaluate(lib: Lib, ctx: B.EvaluationContext, e: number, batch: B.WorkerHistory[]): [number, number] {
  const c0 = process.cpuUsage();
  let n = 0;
  const agg = lib.emptyAggregate();
  for (let i = 0; i < batch.length; i++) n += lib.evaluateWorker(d.employers[e], batch[i], ctx, agg).length;
  n += lib.evaluateEmployerLevel(d.employers[e], agg, ctx).length;
  const c = process.cpuUsage(c0);
  return [(c.user + c.system) / 1e6, n];
}

for (let pass = 1; pass <= PASSES; pass++) {
  let ta = 0;
  let tb = 0;
  let fa = 0;
  let fb = 0;
  for (let e = 0; e < d.employers.length; e++) {
    const batch: B.WorkerHistory[] = [];
    for (let w = d.employerFirstWorker[e]; w < d.employerFirstWorker[e + 1]; w++)
      batch.push(materialise(d, e, w));
    for (const which of e % 2 === 0 ? ['A', 'B'] : ['B', 'A']) {
      if (which === 'A') {
        const [t, f] = evaluate(A, ctxA, e, batch);
        ta += t;
        fa += f;
      } else {
        const [t, f] = evaluate(B, ctxB, e, batch);
        tb += t;
        fb += f;
      }
    }
  }
  console.log(
    `pass ${pass}: baseline ${A.RULEBOOK.version} ${Math.round(N / ta).toLocaleString('en')} workers per CPU second ` +
      `(${fa.toLocaleString('en')} findings); this ${B.RULEBOOK.version} ${Math.round(N / tb).toLocaleString('en')} ` +
      `(${fb.toLocaleString('en')} findings); time ratio ${(tb / ta).toFixed(2)}`,
  );
}
