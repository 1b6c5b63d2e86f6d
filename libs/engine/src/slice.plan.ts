import {
  type ContractFact,
  type EmployerAggregate,
  type EmployerFacts,
  type EvaluationContext,
  evaluateEmployerLevel,
  evaluatePrincipal,
  evaluateWorker,
  type Finding,
  type IsoDate,
  nextStandingChange,
  RULEBOOK,
  type WorkerHistory,
} from '@patuh/rules';
import { type ExistingCase, planReconciliation, type ReconcilePlan } from './reconcile.plan';

/**
 * An employer too large to hold at once (more contracts than SWEEP_SLICE_CONTRACTS) is evaluated in slices of its
 * workers (issue #19: worker memory bounded by the slice, not by the largest employer). The rulebook composes that
 * way already: worker and chain rules read one worker's history with the employer (evaluateWorker), the employer
 * rules read an aggregate counted while streaming (evaluateEmployerLevel), CONTRACTOR_HOPPING reads the contractors'
 * contracts alone (evaluatePrincipal). So the whole evaluation is the union of
 * - each slice: its workers' findings, reconciled against the employer's cases of worker and chain rules about
 *   those workers (a case's worker is the NIK in its subject key, its worker_nik column);
 * - the rest, once every slice has counted into the aggregate: the employer and principal rules' findings,
 *   reconciled against the employer's cases of those rules and its cases of worker and chain rules about a worker
 *   no slice holds (a worker whose contracts are gone: such a case resolves, as a whole evaluation resolves it).
 * Every case falls in exactly one part (partitionCases), and planReconciliation of a part sees every finding that
 * could match a case of that part: the union of the parts' plans is the plan of the whole (slice.property.spec).
 * The next-change day is the least of the parts' (nextStandingChange is a running minimum over the input's dates
 * and each finding's growth bound, both of which stay within their part).
 */

/** The rules whose cases are about one of the employer's own workers: worker and chain rules (levels of §6). */
export const WORKER_LEVEL_RULES: readonly string[] = RULEBOOK.rules
  .filter((r) => r.level === 'worker' || r.level === 'chain')
  .map((r) => r.code);
const WORKER_LEVEL = new Set(WORKER_LEVEL_RULES);
/** The rules judged on a principal's contractors' contracts (evaluatePrincipal): their cases land on the principal. */
export const PRINCIPAL_LEVEL_RULES: readonly string[] = RULEBOOK.rules
  .filter((r) => r.level === 'principal')
  .map((r) => r.code);
const PRINCIPAL_LEVEL = new Set(PRINCIPAL_LEVEL_RULES);

/**
 * A principal judged on its contractors' contracts alone (an incremental sweep's principal nothing of whose own
 * moved): the principal rules' findings, their plan against the employer's cases of those rules (its other cases
 * are not this part's), and the part's next-change day (nextStandingChange on the employer and those contracts, no
 * worker of its own). The same partition as the rest part of a sliced evaluation, so the whole is unchanged: the
 * own part's cases and day are those of its last evaluation, which nothing moved since. Throws what the rules throw.
 */
export function judgeContractorsOnly(
  employer: EmployerFacts,
  contractorContracts: readonly ContractFact[] | undefined,
  cases: readonly ExistingCase[],
  ctx: EvaluationContext,
): { found: Finding[]; plan: ReconcilePlan; nextChangeOn: IsoDate | null } {
  const found = evaluatePrincipal(employer, contractorContracts, ctx);
  const plan = planReconciliation(
    cases.filter((c) => PRINCIPAL_LEVEL.has(c.rule)),
    found,
  );
  return { found, plan, nextChangeOn: restNextChange(employer, contractorContracts, ctx, found) };
}

/**
 * The next-change day of an employer's rest part (no worker of its own: the employer's days and its contractors'
 * contracts), with that part's findings.
 */
export const restNextChange = (
  employer: EmployerFacts,
  contractorContracts: readonly ContractFact[] | undefined,
  ctx: EvaluationContext,
  found: readonly Finding[],
): IsoDate | null =>
  nextStandingChange(
    { employer, workers: [], ...(contractorContracts ? { contractorContracts } : {}) },
    ctx,
    found,
  );

/** The NIK a case is about, from its subject key (subjectKeyOf: `nik|chainStart`, '' for an employer case). */
export const caseNik = (subjectKey: string): string => subjectKey.slice(0, subjectKey.indexOf('|'));

/**
 * The parts of an employer's cases, as the engine reads them in SQL (EvaluationRepository.findSliceCases and
 * findRestCases): for each slice (the NIKs of its workers) the cases of worker-level rules about those NIKs, and
 * the rest. A pure statement of what the two queries select, for the property test.
 */
export function partitionCases(
  existing: readonly ExistingCase[],
  slices: readonly ReadonlySet<string>[],
  activeStatuses: ReadonlySet<string>,
): { slices: ExistingCase[][]; rest: ExistingCase[] } {
  const parts = slices.map(() => [] as ExistingCase[]);
  const rest: ExistingCase[] = [];
  for (const c of existing) {
    if (!WORKER_LEVEL.has(c.rule)) {
      rest.push(c);
      continue;
    }
    const nik = caseNik(c.subjectKey);
    const k = slices.findIndex((s) => s.has(nik));
    if (k >= 0) parts[k]!.push(c);
    // About a worker no slice holds: only an active one matters (nothing can find it, so it resolves).
    else if (activeStatuses.has(c.status)) rest.push(c);
  }
  return { slices: parts, rest };
}

/** One slice's workers judged, counted into `agg` for the employer rules the rest runs. */
export function evaluateSliceWorkers(
  employer: EmployerFacts,
  workers: readonly WorkerHistory[],
  ctx: EvaluationContext,
  agg: EmployerAggregate,
): Finding[] {
  const out: Finding[] = [];
  for (const w of workers) for (const f of evaluateWorker(employer, w, ctx, agg)) out.push(f);
  return out;
}

/** The rest of a sliced employer: its employer-level and principal findings, once every slice has counted. */
export function evaluateSliceRest(
  employer: EmployerFacts,
  contractorContracts: readonly ContractFact[] | undefined,
  agg: EmployerAggregate,
  ctx: EvaluationContext,
): Finding[] {
  return [
    ...evaluateEmployerLevel(employer, agg, ctx),
    ...evaluatePrincipal(employer, contractorContracts, ctx),
  ];
}

/** The least of two next-change days (null: none ahead). */
export const earlierDay = (a: IsoDate | null, b: IsoDate | null): IsoDate | null =>
  a === null ? b : b === null ? a : a < b ? a : b;

/**
 * Cuts an employer's workers (in worker id order, with their contract counts) into slices of at most `limit`
 * contracts: [first, last] worker ids, inclusive. A worker with more contracts than `limit` gets a slice of its own.
 */
export function cutSlices(
  workers: readonly (readonly [workerId: number, contracts: number])[],
  limit: number,
) {
  const out: [number, number][] = [];
  let from = -1;
  let to = -1;
  let weight = 0;
  for (const [id, n] of workers) {
    if (from >= 0 && weight + n > limit) {
      out.push([from, to]);
      from = -1;
      weight = 0;
    }
    if (from < 0) from = id;
    to = id;
    weight += n;
  }
  if (from >= 0) out.push([from, to]);
  return out;
}
