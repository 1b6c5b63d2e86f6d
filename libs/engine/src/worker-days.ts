import {
  accumulateWorker,
  emptyAggregate,
  type EmployerEvaluationInput,
  type EvaluationContext,
  evaluateWorker,
  type Finding,
  type IsoDate,
  nextStandingChange,
  type WorkerHistory,
} from '@patuh/rules';
import {
  ACTIVE_STATUSES,
  appendPlan,
  type ExistingCase,
  planReconciliation,
  type ReconcilePlan,
} from './reconcile.plan';
import {
  earlierDay,
  evaluateSliceRest,
  partitionCases,
  restNextChange,
  WORKER_LEVEL_RULES,
} from './slice.plan';

/**
 * Each worker's own next-change day (issue #19: a night that costs what changed). An employer's next-change day is
 * the least of its parts' days, as an evaluation in slices already composes it (slice.plan.ts): one part per worker
 * (its worker and chain rules' findings, which read that worker's history with the employer) and the rest (the
 * employer rules on the aggregate, the principal rule on the contractors' contracts). A whole evaluation records,
 * beside the employer's day, each worker's: nextStandingChange of that worker alone, with its findings.
 *
 * On a later day on which the employer is due by its next-change day alone (nothing of its own, its contractors'
 * or the ruleset moved, and its figures are not due their refresh: EvaluationRepository.findFingerprints), an
 * incremental sweep judges only what that day can have moved (judgeDueWorkers):
 * - the workers whose day has come, with their cases (the worker-level rules' cases about their NIKs);
 * - the rest, always: the employer rules read the aggregate, which any worker's contract day moves (such a day is
 *   in that worker's own day, so that worker is due and the rest with it), counted over every worker by the same
 *   code evaluateWorker counts with (accumulateWorker), without judging the workers whose day has not come;
 * and leaves the other workers' cases as a skip leaves an employer's: their inputs are those last judged and no day
 * of theirs came, so a whole evaluation would find the same standing for them. The union of the parts' plans is
 * the whole evaluation's plan for those parts (the parts partition the cases as partitionCases does), and the new
 * next-change day is the least of the re-judged parts' days and the recorded days of the others. The property test
 * (libs/engine/test/incremental.property.spec.ts) runs this function against whole evaluations on random days.
 *
 * Workers are keyed by NIK, as their cases are (a case's worker is the NIK in its subject key); two histories with
 * one NIK are one part. A worker with no contract has no findings and no day (evaluateWorker judges nothing): it is
 * not recorded, and a worker missing from the record is judged.
 */

/** One worker's (NIK's) part as last judged: its next-change day (null: none ahead) and how many findings it had. */
export interface WorkerDay {
  day: IsoDate | null;
  findings: number;
}
export type WorkerDays = Map<string, WorkerDay>;

/**
 * A record with what it was computed from: the input revision read and the ruleset key. A record is used only
 * while both are the employer's current ones, so one left behind by a version that did not write it (a rollback,
 * then an upgrade again), or written under other rules, is never taken for the inputs judged since.
 */
export interface WorkerRecord {
  inputRev: string;
  rulesetKey: string;
  workers: WorkerDays;
}

/** The record's format (its first byte; bytes of another format read as no record). */
const FORMAT = 3;
/** The header: the format, the input revision (8 bytes), the ruleset key (40 hex characters). */
const HEADER = 1 + 8 + 40;
/** The bytes of one worker: the NIK (16 ASCII characters), the day as YYYYMMDD (0: none), the findings. */
const ENTRY = 24;
const NIK = /^[0-9A-Za-z]{16}$/;
const KEY = /^[0-9a-f]{40}$/;

/**
 * The record as the database keeps it (employer_evaluations.worker_days, migration 1400): the header, then ENTRY
 * bytes a worker. Null when a NIK cannot be written in its 16 bytes (or the key is not a ruleset key): no record,
 * and the next due day judges the employer whole.
 */
export function encodeWorkerDays(record: WorkerRecord): Buffer | null {
  if (!KEY.test(record.rulesetKey) || !/^[0-9]{1,20}$/.test(record.inputRev)) return null;
  const out = Buffer.allocUnsafe(HEADER + record.workers.size * ENTRY);
  out.writeUInt8(FORMAT, 0);
  out.writeBigUInt64LE(BigInt(record.inputRev), 1);
  out.write(record.rulesetKey, 9, 40, 'latin1');
  let o = HEADER;
  for (const [nik, { day, findings }] of record.workers) {
    if (!NIK.test(nik)) return null;
    out.write(nik, o, 16, 'latin1');
    out.writeUInt32LE(
      day === null ? 0 : Number(day.slice(0, 4) + day.slice(5, 7) + day.slice(8, 10)),
      o + 16,
    );
    out.writeUInt32LE(findings, o + 20);
    o += ENTRY;
  }
  return out;
}

/** The record read back; null for bytes that are not one (the employer is then judged whole). */
export function decodeWorkerDays(buf: Buffer): WorkerRecord | null {
  if (buf.length < HEADER || buf.readUInt8(0) !== FORMAT || (buf.length - HEADER) % ENTRY !== 0) return null;
  const workers: WorkerDays = new Map();
  for (let o = HEADER; o < buf.length; o += ENTRY) {
    const n = buf.readUInt32LE(o + 16);
    const s = String(n);
    workers.set(buf.toString('latin1', o, o + 16), {
      day: n === 0 ? null : `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`,
      findings: buf.readUInt32LE(o + 20),
    });
  }
  return {
    inputRev: buf.readBigUInt64LE(1).toString(),
    rulesetKey: buf.toString('latin1', 9, HEADER),
    workers,
  };
}

const WORKER_LEVEL = new Set(WORKER_LEVEL_RULES);

/** The employer's workers by NIK, each NIK's histories together, in input order. */
function byNik(workers: readonly WorkerHistory[]): Map<string, WorkerHistory[]> {
  const out = new Map<string, WorkerHistory[]>();
  for (const w of workers) {
    if (w.contracts.length === 0) continue;
    const list = out.get(w.nik);
    if (list) list.push(w);
    else out.set(w.nik, [w]);
  }
  return out;
}

/** Each worker's part: its day (nextStandingChange's perWorker) and how many of `found` are its own. */
function partsOf(days: ReadonlyMap<string, IsoDate | null>, found: readonly Finding[]): WorkerDays {
  const counts = new Map<string, number>();
  for (const f of found)
    if (f.nik !== null && WORKER_LEVEL.has(f.rule)) counts.set(f.nik, (counts.get(f.nik) ?? 0) + 1);
  const out: WorkerDays = new Map();
  for (const [nik, day] of days) out.set(nik, { day, findings: counts.get(nik) ?? 0 });
  return out;
}

/**
 * A whole evaluation's next-change day and each worker's day and findings (`found` = evaluateEmployer(input, ctx)),
 * from one scan of the input. Throws what nextStandingChange throws (the caller then records none).
 */
export function workerDaysOf(
  input: EmployerEvaluationInput,
  ctx: EvaluationContext,
  found: readonly Finding[],
): { nextChangeOn: IsoDate | null; days: WorkerDays } {
  const perWorker = new Map<string, IsoDate | null>();
  const nextChangeOn = nextStandingChange(input, ctx, found, perWorker);
  return { nextChangeOn, days: partsOf(perWorker, found) };
}

/**
 * An employer due by its next-change day alone, judged in its parts (see above): the plan of the parts judged
 * against their cases, every worker's day and findings (the judged ones new, the others as recorded),
 * the employer's next-change day, how many findings it has in all, and how many workers were judged. Throws what
 * the rules throw.
 */
export function judgeDueWorkers(
  input: EmployerEvaluationInput,
  recorded: ReadonlyMap<string, WorkerDay>,
  cases: readonly ExistingCase[],
  ctx: EvaluationContext,
): {
  plan: ReconcilePlan;
  days: WorkerDays;
  nextChangeOn: IsoDate | null;
  findings: number;
  judged: number;
} {
  const { employer } = input;
  const asOf = ctx.asOf;
  const parts = byNik(input.workers);
  const due = new Set<string>();
  const held = new Set<string>();
  for (const nik of parts.keys()) {
    const r = recorded.get(nik);
    if (r === undefined || (r.day !== null && r.day <= asOf)) due.add(nik);
    else held.add(nik);
  }
  const agg = emptyAggregate();
  const workerFound: Finding[] = [];
  for (const w of input.workers) {
    if (due.has(w.nik)) for (const f of evaluateWorker(employer, w, ctx, agg)) workerFound.push(f);
    else accumulateWorker(agg, w, ctx);
  }
  const restFound = evaluateSliceRest(employer, input.contractorContracts, agg, ctx);
  const split = partitionCases(cases, [due, held], ACTIVE_STATUSES);
  const plan = planReconciliation(split.slices[0]!, workerFound);
  appendPlan(plan, planReconciliation(split.rest, restFound));

  // The judged workers' days from one scan of them; the rest's from the employer and its contractors' contracts.
  const dueDays = new Map<string, IsoDate | null>();
  nextStandingChange(
    { employer, workers: input.workers.filter((w) => due.has(w.nik)) },
    ctx,
    workerFound,
    dueDays,
  );
  const judgedParts = partsOf(dueDays, workerFound);
  let next = restNextChange(employer, input.contractorContracts, ctx, restFound);
  let findings = restFound.length + workerFound.length;
  const days: WorkerDays = new Map();
  for (const nik of parts.keys()) {
    let d = judgedParts.get(nik);
    if (d === undefined) {
      d = recorded.get(nik)!;
      findings += d.findings;
    }
    days.set(nik, d);
    next = earlierDay(next, d.day);
  }
  return {
    plan,
    days,
    nextChangeOn: next,
    findings,
    judged: due.size,
  };
}
