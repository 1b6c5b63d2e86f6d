/**
 * The content digest (evaluation.memo.ts) moves with every value the rules and reconciliation read: the ruleset
 * key, the day, the employer's rows (here: an input's JSON as the content) and every field of every case (issue
 * #19). That the content covers every row the input is built from is the reader's test
 * (test/evaluation-memo.e2e-spec.ts).
 */
import fc from 'fast-check';
import type { EmployerEvaluationInput } from '@patuh/rules';
import { evaluationDigest } from '../src/evaluation.memo';
import type { ExistingCaseTuple } from '@patuh/persistence';
import { contractorContractsArb, employerArb, workersArb } from '../../rules/test/arbitraries';

const inputArb: fc.Arbitrary<EmployerEvaluationInput> = fc.record({
  employer: employerArb,
  workers: workersArb,
  contractorContracts: contractorContractsArb,
});
const caseArb: fc.Arbitrary<ExistingCaseTuple> = fc.tuple(
  fc.integer({ min: 1, max: 1_000_000 }),
  fc.constantFrom('ENROLMENT_MISSING', 'PKWT_SERIAL_RENEWAL', 'WAGE_BELOW_MINIMUM'),
  fc.constant(1),
  fc.string({ maxLength: 20 }),
  fc.constantFrom('open', 'in_review', 'resolved', 'dismissed'),
  fc.string({ minLength: 40, maxLength: 40, unit: fc.constantFrom(...'0123456789abcdef') }),
  fc.constantFrom('low', 'medium', 'high', 'critical', null),
);
const casesArb = fc.uniqueArray(caseArb, { selector: (c) => c[0], maxLength: 8 });
const digest = (key: string, day: string, input: EmployerEvaluationInput, cases: ExistingCaseTuple[]) =>
  evaluationDigest(key, day, JSON.stringify(input), cases);

/** Every leaf of a JSON-like value, as a path. */
function leaves(v: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (v !== null && typeof v === 'object')
    return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) =>
      leaves(x, [...path, Array.isArray(v) ? Number(k) : k]),
    );
  return [path];
}
/** A copy of v with the leaf at `path` changed to another value of a kind the rows can hold. */
function mutate<T>(v: T, path: (string | number)[]): T {
  const copy = structuredClone(v) as Record<string | number, unknown>;
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  const k = path[path.length - 1]!;
  const old = at[k];
  at[k] =
    typeof old === 'number'
      ? old + 1
      : typeof old === 'string'
        ? `${old}x`
        : old === null
          ? '2020-01-01'
          : !old;
  return copy as T;
}

describe('evaluationDigest', () => {
  const KEY = 'a'.repeat(40);

  it('changes when any value of the input changes', () => {
    fc.assert(
      fc.property(inputArb, casesArb, fc.nat(), (input, cases, pick) => {
        const paths = leaves(input);
        const path = paths[pick % paths.length]!;
        if (!path.length) return;
        expect(digest(KEY, '2026-01-01', mutate(input, path), cases)).not.toBe(
          digest(KEY, '2026-01-01', input, cases),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('changes when any case field changes, a case comes or goes, the day or the ruleset key moves', () => {
    fc.assert(
      fc.property(inputArb, casesArb, caseArb, fc.nat(), (input, cases, extra, pick) => {
        const base = digest(KEY, '2026-01-01', input, cases);
        expect(digest(KEY, '2026-01-02', input, cases)).not.toBe(base);
        expect(digest('b'.repeat(40), '2026-01-01', input, cases)).not.toBe(base);
        if (!cases.some((c) => c[0] === extra[0]))
          expect(digest(KEY, '2026-01-01', input, [...cases, extra])).not.toBe(base);
        if (cases.length) {
          const i = pick % cases.length;
          expect(digest(KEY, '2026-01-01', input, cases.slice(0, i).concat(cases.slice(i + 1)))).not.toBe(
            base,
          );
          const f = 1 + (pick % 6); // any field but the employer (one employer's cases)
          const changed = cases.map((c, j) =>
            j === i
              ? (c.map((v, n) =>
                  n === f ? (typeof v === 'number' ? v + 1 : `${v}x`) : v,
                ) as ExistingCaseTuple)
              : c,
          );
          expect(digest(KEY, '2026-01-01', input, changed)).not.toBe(base);
        }
      }),
      { numRuns: 300 },
    );
  });
});
