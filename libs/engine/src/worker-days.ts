import { hash } from 'crypto';
import {
  accumulateWorker,
  type EmployerFacts,
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
import { caseKey } from './reconcile.plan';
import { caseNik, earlierDay, evaluateSliceRest, partitionCases, WORKER_LEVEL_RULES } from './slice.plan';

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

/**
 * One worker's (NIK's) part as last judged: its next-change day (null: none ahead), how many findings it had, and the
 * content hash of what its part reads (its histories and its cases as that evaluation left them: workerHash).
 */
export interface WorkerDay {
  day: IsoDate | null;
  findings: number;
  hash: string;
}
export type WorkerDays = Map<string, WorkerDay>;
/** A whole record: the hash of the employer's facts it was judged with, and each worker's part. */
export interface WorkerRecord {
  employer: string;
  workers: WorkerDays;
}

/** The record's format (its first byte; a record of another format reads as none). */
const FORMAT = 2;
/** A worker's bytes: the NIK (16 ASCII characters), the day as YYYYMMDD (0: none), the findings, the hash (8). */
const ENTRY = 32;
const HEADER = 9;
const NIK = /^[0-9A-Za-z]{16}$/;
const HASH = /^[0-9a-f]{16}$/;

/**
 * The record as the database keeps it (employer_evaluations.worker_days, migration 1400): a format byte, the
 * employer's hash, then ENTRY bytes a worker. Null when a NIK cannot be written in its 16 bytes: no record, and the
 * next due day judges the employer whole.
 */
export function encodeWorkerDays(record: WorkerRecord): Buffer | null {
  if (!HASH.test(record.employer)) return null;
  const out = Buffer.allocUnsafe(HEADER + record.workers.size * ENTRY);
  out.writeUInt8(FORMAT, 0);
  out.write(record.employer, 1, 8, 'hex');
  let o = HEADER;
  for (const [nik, { day, findings, hash: h }] of record.workers) {
    if (!NIK.test(nik) || !HASH.test(h)) return null;
    out.write(nik, o, 16, 'latin1');
    out.writeUInt32LE(
      day === null ? 0 : Number(day.slice(0, 4) + day.slice(5, 7) + day.slice(8, 10)),
      o + 16,
    );
    out.writeUInt32LE(findings, o + 20);
    out.write(h, o + 24, 8, 'hex');
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
      hash: buf.toString('hex', o + 24, o + 32),
    });
  }
  return { employer: buf.toString('hex', 1, HEADER), workers };
}

const WORKER_LEVEL = new Set(WORKER_LEVEL_RULES);
const short = (text: string): string => hash('sha1', text).slice(0, 16);

/** The hash of the employer's facts (every worker rule reads them): another hash judges every worker. */
export const employerHash = (employer: EmployerFacts): string => short(JSON.stringify(employer));

/** A case as reconciliation reads it for standing: identity, status, severity. */
type CaseState = Pick<ExistingCase, 'rule' | 'subjectKey' | 'status' | 'severity'>;
const lineOf = (
  rule: string,
  subjectKey: string,
  status: string,
  severity: string | null | undefined,
): string => `${rule}|${subjectKey}|${status}|${severity ?? ''}`;

/**
 * What one worker's part reads: its histories (every row of it the rules receive) and its cases (identity, status,
 * severity: what reconciliation compares; `lines` as lineOf writes them, in any order). Equal hashes on a later
 * evaluation mean the part's inputs and cases are those its last judgement left; unequal ones only mean it is
 * judged again.
 */
export function workerHash(histories: readonly WorkerHistory[], lines: string[]): string {
  return short(JSON.stringify(histories) + '\n' + lines.sort().join('\n'));
}

/** workerHash of a worker with these cases. */
export const workerHashOf = (histories: readonly WorkerHistory[], cases: readonly CaseState[]): string =>
  workerHash(
    histories,
    cases.map((c) => lineOf(c.rule, c.subjectKey, c.status, c.severity)),
  );

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

/** The worker-level cases' lines by NIK. */
function linesByNik(cases: readonly CaseState[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of cases) {
    if (!WORKER_LEVEL.has(c.rule)) continue;
    const nik = caseNik(c.subjectKey);
    const line = lineOf(c.rule, c.subjectKey, c.status, c.severity);
    const list = out.get(nik);
    if (list) list.push(line);
    else out.set(nik, [line]);
  }
  return out;
}

/**
 * The worker-level cases' lines by NIK as the case writer leaves them once `plan` is written (CaseWriter: open,
 * update, reopen, resolve), without copying the cases.
 */
function linesAfterPlan(
  cases: readonly ExistingCase[],
  plan: ReconcilePlan,
  employerId: number,
): Map<string, string[]> {
  const set = new Map<string, { status: string | null; severity: string }>();
  for (const p of plan.update) set.set(p.key, { status: null, severity: p.finding.severity });
  for (const p of plan.reopen) set.set(p.key, { status: 'open', severity: p.finding.severity });
  const resolved = new Set<string>();
  for (const c of plan.resolve) resolved.add(caseKey(c.rule, employerId, c.subjectKey));
  const moved = set.size > 0 || resolved.size > 0;
  const out = new Map<string, string[]>();
  const push = (subjectKey: string, line: string) => {
    const nik = caseNik(subjectKey);
    const list = out.get(nik);
    if (list) list.push(line);
    else out.set(nik, [line]);
  };
  for (const c of cases) {
    if (!WORKER_LEVEL.has(c.rule)) continue;
    let status = c.status;
    let severity = c.severity;
    if (moved) {
      const key = caseKey(c.rule, employerId, c.subjectKey);
      const to = set.get(key);
      if (to) {
        if (to.status !== null) status = to.status;
        severity = to.severity;
      }
      if (resolved.has(key)) status = 'resolved';
    }
    push(c.subjectKey, lineOf(c.rule, c.subjectKey, status, severity));
  }
  for (const p of plan.open)
    if (WORKER_LEVEL.has(p.finding.rule))
      push(p.finding.subjectKey, lineOf(p.finding.rule, p.finding.subjectKey, 'open', p.finding.severity));
  return out;
}

/** Each worker's part: its day (nextStandingChange's perWorker), its findings of `found`, its hash with `lines`. */
function partsOf(
  days: ReadonlyMap<string, IsoDate | null>,
  found: readonly Finding[],
  histories: ReadonlyMap<string, WorkerHistory[]>,
  lines: ReadonlyMap<string, string[]>,
): WorkerDays {
  const counts = new Map<string, number>();
  for (const f of found)
    if (f.nik !== null && WORKER_LEVEL.has(f.rule)) counts.set(f.nik, (counts.get(f.nik) ?? 0) + 1);
  const out: WorkerDays = new Map();
  for (const [nik, day] of days)
    out.set(nik, {
      day,
      findings: counts.get(nik) ?? 0,
      hash: workerHash(histories.get(nik) ?? [], lines.get(nik) ?? []),
    });
  return out;
}

/**
 * A whole evaluation's next-change day and its record: each worker's day, findings and hash, from one scan of the
 * input (`found` = evaluateEmployer(input, ctx), `plan` = its reconciliation against `cases`). Throws what
 * nextStandingChange throws (the caller then records none).
 */
export function workerDaysOf(
  input: EmployerEvaluationInput,
  ctx: EvaluationContext,
  found: readonly Finding[],
  cases: readonly ExistingCase[],
  plan: ReconcilePlan,
): { nextChangeOn: IsoDate | null; record: WorkerRecord } {
  const perWorker = new Map<string, IsoDate | null>();
  const nextChangeOn = nextStandingChange(input, ctx, found, perWorker);
  const employerId = Number(input.employer.id);
  return {
    nextChangeOn,
    record: {
      employer: employerHash(input.employer),
      workers: partsOf(perWorker, found, byNik(input.workers), linesAfterPlan(cases, plan, employerId)),
    },
  };
}

/**
 * An employer judged in its parts (see above): the plan of the parts judged against their cases, its new record
 * (the judged workers' days, findings and hashes new, the others as recorded), its next-change day, how many
 * findings it has in all, and how many workers were judged. A worker is judged when its day has come, when it is not
 * in the record, or, if `inputsMoved` (its input revision moved, or its rows failed the content memo), when its hash
 * is not the recorded one; every worker when the employer's facts hash otherwise. Throws what the rules throw.
 */
export function judgeDueWorkers(
  input: EmployerEvaluationInput,
  recorded: WorkerRecord,
  cases: readonly ExistingCase[],
  ctx: EvaluationContext,
  inputsMoved = false,
): {
  plan: ReconcilePlan;
  record: WorkerRecord;
  nextChangeOn: IsoDate | null;
  findings: number;
  judged: number;
} {
  const { employer } = input;
  const asOf = ctx.asOf;
  const parts = byNik(input.workers);
  const employerNow = inputsMoved ? employerHash(employer) : recorded.employer;
  const all = employerNow !== recorded.employer;
  const now = inputsMoved ? linesByNik(cases) : null;
  const due = new Set<string>();
  const held = new Set<string>();
  for (const [nik, histories] of parts) {
    const r = recorded.workers.get(nik);
    if (
      all ||
      r === undefined ||
      (r.day !== null && r.day <= asOf) ||
      (now !== null && r.hash !== workerHash(histories, now.get(nik) ?? []))
    )
      due.add(nik);
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
  const duePlan = planReconciliation(split.slices[0]!, workerFound);
  const plan: ReconcilePlan = {
    open: [...duePlan.open],
    update: [...duePlan.update],
    reopen: [...duePlan.reopen],
    resolve: [...duePlan.resolve],
  };
  appendPlan(plan, planReconciliation(split.rest, restFound));

  // The judged workers' days from one scan of them; the rest's from the employer and its contractors' contracts.
  const dueDays = new Map<string, IsoDate | null>();
  nextStandingChange(
    { employer, workers: input.workers.filter((w) => due.has(w.nik)) },
    ctx,
    workerFound,
    dueDays,
  );
  const judgedParts = partsOf(
    dueDays,
    workerFound,
    parts,
    linesAfterPlan(split.slices[0]!, duePlan, Number(employer.id)),
  );
  let next = nextStandingChange(
    {
      employer,
      workers: [],
      ...(input.contractorContracts ? { contractorContracts: input.contractorContracts } : {}),
    },
    ctx,
    restFound,
  );
  let findings = restFound.length + workerFound.length;
  const workers: WorkerDays = new Map();
  for (const nik of parts.keys()) {
    let d = judgedParts.get(nik);
    if (d === undefined) {
      d = recorded.workers.get(nik)!;
      findings += d.findings;
    }
    workers.set(nik, d);
    next = earlierDay(next, d.day);
  }
  return {
    plan,
    record: { employer: employerNow, workers },
    nextChangeOn: next,
    findings,
    judged: due.size,
  };
}
