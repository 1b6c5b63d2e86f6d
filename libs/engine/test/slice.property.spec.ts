/**
 * An employer evaluated in slices of its workers plans exactly what its whole evaluation plans, and names the same
 * next-change day (slice.plan.ts; issue #19: a very large employer held a slice at a time).
 *
 * For a generated employer history and cases left by an earlier day's evaluation (of a history with more workers,
 * so some cases are about workers whose contracts are gone; each case in a random status, some with evidence that
 * changed), the workers are cut into random contiguous slices. The slices' plans (each against its part of the
 * cases, partitionCases) and the rest's plan (employer and principal rules, against the rest of the cases) together
 * must open, update, reopen and resolve exactly the cases the whole plan does; the least of the parts' next-change
 * days must be the whole's. This is the order EvaluationService.evaluateSliced runs them in.
 */
import fc from 'fast-check';
import {
  createContext,
  defaultParameters,
  emptyAggregate,
  evaluateEmployer,
  evaluatePrincipal,
  mergeParameters,
  nextStandingChange,
  type EmployerEvaluationInput,
  type Finding,
  type ReferenceData,
} from '@patuh/rules';
import * as fs from 'fs';
import * as path from 'path';
import {
  ACTIVE_STATUSES,
  planReconciliation,
  type ExistingCase,
  type ReconcilePlan,
} from '../src/reconcile.plan';
import {
  caseNik,
  cutSlices,
  earlierDay,
  evaluateSliceRest,
  evaluateSliceWorkers,
  partitionCases,
  WORKER_LEVEL_RULES,
} from '../src/slice.plan';
import { asOfArb, contractorContractsArb, employerArb, workersArb } from '../../rules/test/arbitraries';

const reference = (): ReferenceData => {
  const shared = path.resolve(__dirname, '../../../../shared/reference/kutim.json');
  const shipped = path.resolve(__dirname, '../../../reference/kutim.json');
  return JSON.parse(fs.readFileSync(fs.existsSync(shared) ? shared : shipped, 'utf8')) as ReferenceData;
};
const PARAMS = mergeParameters(defaultParameters(reference()), {});

const STATUSES = ['open', 'in_review', 'confirmed', 'notice_sent', 'resolved', 'dismissed'] as const;

/** A plan as a set of lines: what each part does to which case, with the figures it writes. */
const lines = (plans: readonly ReconcilePlan[]): string[] =>
  plans
    .flatMap((p) => [
      ...p.open.map((o) => `open ${o.key} ${o.hash}`),
      ...p.update.map((u) => `update ${u.caseId} ${u.key} ${u.hash} ${u.previousSeverity}`),
      ...p.reopen.map((r) => `reopen ${r.caseId} ${r.key} ${r.hash}`),
      ...p.resolve.map((c) => `resolve ${c.id}`),
    ])
    .sort();

describe('an employer in slices == the whole employer (property)', () => {
  it('plans the same case changes and names the same next-change day, however the workers are cut', () => {
    let sliced = 0;
    fc.assert(
      fc.property(
        employerArb,
        workersArb,
        contractorContractsArb,
        asOfArb,
        asOfArb,
        fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        fc.nat(),
        (employer, workers, contractorContracts, before, asOf, cuts, draws, kept) => {
          // Cases from an earlier day, for a history in which every worker still had its contracts.
          const earlier = evaluateEmployer(
            { employer, workers, contractorContracts },
            createContext(before, PARAMS),
          );
          const existing: ExistingCase[] = earlier.map((f: Finding, i) => ({
            id: i + 1,
            rule: f.rule,
            employerId: Number(f.employerId),
            subjectKey: f.subjectKey,
            status: STATUSES[(draws[i % Math.max(1, draws.length)] ?? 0) % STATUSES.length]!,
            evidenceHash: (draws[i] ?? 1) % 5 === 0 ? 'changed' : '',
            severity: f.severity,
          }));
          // Today some workers are gone (their cases are the rest's to resolve).
          const today = workers.filter((_, i) => i === 0 || ((kept >> i) & 1) === 1);
          const input: EmployerEvaluationInput = { employer, workers: today, contractorContracts };
          const ctx = createContext(asOf, PARAMS);
          for (const c of existing) {
            // An unchanged finding keeps its hash, so the whole plan has nothing to update for it.
            const same = planReconciliation([], evaluateEmployer(input, ctx)).open.find(
              (p) => p.key === `${c.rule}|${c.employerId}|${c.subjectKey}`,
            );
            if (same && c.evidenceHash === '') c.evidenceHash = same.hash;
          }

          const wholeFound = evaluateEmployer(input, ctx);
          const whole = planReconciliation(existing, wholeFound);
          const wholeNext = nextStandingChange(input, ctx, wholeFound);

          // Slices as the engine cuts them: contiguous runs of workers, by their contract counts.
          const limit = 1 + (cuts[0]! % 8);
          const ranges = cutSlices(
            today.map((w, i) => [i, w.contracts.length] as const),
            limit,
          );
          const sliceWorkers = ranges.map(([from, to]) => today.slice(from, to + 1));
          if (ranges.length > 1) sliced++;
          const parts = partitionCases(
            existing,
            sliceWorkers.map((ws) => new Set(ws.map((w) => w.nik))),
            ACTIVE_STATUSES,
          );
          // Every case in exactly one part, or in none only when nothing could touch it.
          const placed = [...parts.slices.flat(), ...parts.rest].map((c) => c.id).sort((a, b) => a - b);
          expect(new Set(placed).size).toBe(placed.length);
          for (const c of existing)
            if (!placed.includes(c.id)) {
              expect(WORKER_LEVEL_RULES).toContain(c.rule);
              expect(today.some((w) => w.nik === caseNik(c.subjectKey))).toBe(false);
              expect(ACTIVE_STATUSES.has(c.status)).toBe(false);
            }

          const agg = emptyAggregate();
          const principalFound = evaluatePrincipal(employer, contractorContracts, ctx);
          let next = nextStandingChange({ employer, workers: [], contractorContracts }, ctx, principalFound);
          const plans: ReconcilePlan[] = sliceWorkers.map((ws, k) => {
            const found = evaluateSliceWorkers(employer, ws, ctx, agg);
            next = earlierDay(next, nextStandingChange({ employer, workers: ws }, ctx, found));
            return planReconciliation(parts.slices[k]!, found);
          });
          const restFound = evaluateSliceRest(employer, contractorContracts, agg, ctx);
          plans.push(planReconciliation(parts.rest, restFound));

          expect(lines(plans)).toEqual(lines([whole]));
          expect(next).toBe(wholeNext);
        },
      ),
      { numRuns: 300 },
    );
    // The property must have cut employers into several slices, not only judged whole ones.
    expect(sliced).toBeGreaterThan(50);
  });

  it('cuts workers into slices of at most the limit, a larger worker alone', () => {
    expect(
      cutSlices(
        [
          [1, 2],
          [2, 2],
          [3, 1],
          [5, 9],
          [7, 1],
        ],
        4,
      ),
    ).toEqual([
      [1, 2],
      [3, 3],
      [5, 5],
      [7, 7],
    ]);
    expect(cutSlices([], 4)).toEqual([]);
  });
});
