/**
 * The content digest (evaluation.memo.ts) moves with every value the rules and reconciliation read: the ruleset
 * key, the day, the side content (here: an input's JSON) and the server's digest of the rows (issue #19). That the
 * two cover every row and column the input and the reconciliation are built from is the reader's test
 * (test/evaluation-memo.e2e-spec.ts).
 */
import fc from 'fast-check';
import type { EmployerEvaluationInput } from '@patuh/rules';
import { evaluationDigest } from '../src/evaluation.memo';
import { contractorContractsArb, employerArb, workersArb } from '../../rules/test/arbitraries';

const inputArb: fc.Arbitrary<EmployerEvaluationInput> = fc.record({
  employer: employerArb,
  workers: workersArb,
  contractorContracts: contractorContractsArb,
});
/** The server's digest of the rows (EvaluationRepository.findRowsDigests): a sha1 in hex. */
const rowsArb = fc.string({ minLength: 40, maxLength: 40, unit: fc.constantFrom(...'0123456789abcdef') });
const digest = (key: string, day: string, input: EmployerEvaluationInput, rows: string) =>
  evaluationDigest(key, day, JSON.stringify(input), rows);

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

  it('changes when any value of the side content changes', () => {
    fc.assert(
      fc.property(inputArb, rowsArb, fc.nat(), (input, rows, pick) => {
        const paths = leaves(input);
        const path = paths[pick % paths.length]!;
        if (!path.length) return;
        expect(digest(KEY, '2026-01-01', mutate(input, path), rows)).not.toBe(
          digest(KEY, '2026-01-01', input, rows),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("changes when the rows' digest, the day or the ruleset key moves; the same parts give the same digest", () => {
    fc.assert(
      fc.property(inputArb, rowsArb, rowsArb, (input, rows, other) => {
        const base = digest(KEY, '2026-01-01', input, rows);
        expect(digest(KEY, '2026-01-01', structuredClone(input), rows)).toBe(base);
        expect(digest(KEY, '2026-01-02', input, rows)).not.toBe(base);
        expect(digest('b'.repeat(40), '2026-01-01', input, rows)).not.toBe(base);
        if (other !== rows) expect(digest(KEY, '2026-01-01', input, other)).not.toBe(base);
      }),
      { numRuns: 300 },
    );
  });
});
