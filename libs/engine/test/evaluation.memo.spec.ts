/**
 * The content digest (evaluation.memo.ts) moves with every value the rules and reconciliation read, and with
 * nothing else: the order the cases were read in does not count (issue #19).
 */
import fc from 'fast-check';
import type { EmployerEvaluationInput } from '@patuh/rules';
import { evaluationDigest } from '../src/evaluation.memo';
import type { ExistingCase } from '../src/reconcile.plan';
import { contractorContractsArb, employerArb, permute, workersArb } from '../../rules/test/arbitraries';

const inputArb: fc.Arbitrary<EmployerEvaluationInput> = fc.record({
  employer: employerArb,
  workers: workersArb,
  contractorContracts: contractorContractsArb,
});
const caseArb: fc.Arbitrary<ExistingCase> = fc.record({
  id: fc.integer({ min: 1, max: 1_000_000 }),
  rule: fc.constantFrom('ENROLMENT_MISSING', 'PKWT_SERIAL_RENEWAL', 'WAGE_BELOW_MINIMUM'),
  employerId: fc.constant(1),
  subjectKey: fc.string({ maxLength: 20 }),
  status: fc.constantFrom('open', 'in_review', 'resolved', 'dismissed'),
  evidenceHash: fc.string({ minLength: 40, maxLength: 40, unit: fc.constantFrom(...'0123456789abcdef') }),
  severity: fc.constantFrom('low', 'medium', 'high', 'critical'),
});
const casesArb = fc.uniqueArray(caseArb, { selector: (c) => c.id, maxLength: 8 });

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
        expect(evaluationDigest(KEY, '2026-01-01', mutate(input, path), cases)).not.toBe(
          evaluationDigest(KEY, '2026-01-01', input, cases),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('changes when any case field changes, a case comes or goes, the day or the ruleset key moves', () => {
    fc.assert(
      fc.property(inputArb, casesArb, caseArb, fc.nat(), (input, cases, extra, pick) => {
        const base = evaluationDigest(KEY, '2026-01-01', input, cases);
        expect(evaluationDigest(KEY, '2026-01-02', input, cases)).not.toBe(base);
        expect(evaluationDigest('b'.repeat(40), '2026-01-01', input, cases)).not.toBe(base);
        if (!cases.some((c) => c.id === extra.id))
          expect(evaluationDigest(KEY, '2026-01-01', input, [...cases, extra])).not.toBe(base);
        if (cases.length) {
          const i = pick % cases.length;
          expect(
            evaluationDigest(KEY, '2026-01-01', input, cases.slice(0, i).concat(cases.slice(i + 1))),
          ).not.toBe(base);
          const fields = ['rule', 'subjectKey', 'status', 'evidenceHash', 'severity'] as const;
          const f = fields[pick % fields.length]!;
          const changed = cases.map((c, j) => (j === i ? { ...c, [f]: `${c[f]}x` } : c));
          expect(evaluationDigest(KEY, '2026-01-01', input, changed)).not.toBe(base);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order the cases were read in', () => {
    fc.assert(
      fc.property(inputArb, casesArb, fc.array(fc.nat()), (input, cases, keys) => {
        expect(evaluationDigest(KEY, '2026-01-01', input, permute(cases, keys))).toBe(
          evaluationDigest(KEY, '2026-01-01', input, cases),
        );
      }),
      { numRuns: 200 },
    );
  });
});
