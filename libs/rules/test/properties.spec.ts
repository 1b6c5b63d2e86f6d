import fc from 'fast-check';
import {
  createContext,
  evaluateContractorHopping,
  evaluateEmployer,
  evaluateEmployerLevel,
  evaluateWorker,
  emptyAggregate,
  formatDay,
  parseIsoDate,
  sortFindings,
  type ContractFact,
  type EmployerEvaluationInput,
  type Finding,
  type WorkerHistory,
} from '../src';
import { enrolmentArb, inputArb, permute } from './arbitraries';
import { params } from './helpers';

const RUNS = { numRuns: 200 };
const P = params();

function evaluate(input: EmployerEvaluationInput, asOf: string): Finding[] {
  return evaluateEmployer(input, createContext(asOf, P));
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

const ENROLMENT_RANK: Record<string, number> = { ENROLMENT_LATE: 1, ENROLMENT_MISSING: 2 };

function enrolmentState(findings: readonly Finding[], nik: string): { rank: number; days: number } {
  let rank = 0;
  let days = 0;
  for (const f of findings)
    if (f.nik === nik && ENROLMENT_RANK[f.rule]) {
      rank = Math.max(rank, ENROLMENT_RANK[f.rule]);
      days = f.evidence.totalUncoveredDays as number;
    }
  return { rank, days };
}

describe('rulebook invariants (property-based)', () => {
  it('findings do not depend on input order', () => {
    fc.assert(
      fc.property(inputArb, fc.array(fc.integer(), { minLength: 1, maxLength: 12 }), (inp, keys) => {
        const base = evaluate(inp, inp.asOf);
        const shuffled: EmployerEvaluationInput = {
          employer: inp.employer,
          workers: permute(inp.workers, keys).map((w) => ({
            ...w,
            contracts: permute(w.contracts, keys.slice(1)),
            enrolments: permute(w.enrolments, keys.slice(2)),
            sponsored: permute(w.sponsored, keys.slice(3)),
          })),
          contractorContracts: permute(inp.contractorContracts, keys.slice(4)),
        };
        expect(evaluate(shuffled, inp.asOf)).toEqual(base);
      }),
      RUNS,
    );
  });

  it('adding an enrolment never adds an enrolment finding (nor uncovered days)', () => {
    fc.assert(
      fc.property(inputArb, fc.nat(), enrolmentArb('x'), (inp, which, extra) => {
        const before = evaluate(inp, inp.asOf);
        const target = inp.workers[which % inp.workers.length];
        const workers = inp.workers.map((w) =>
          w === target ? { ...w, enrolments: [...w.enrolments, { ...extra, nik: w.nik }] } : w,
        );
        const after = evaluate({ ...inp, workers }, inp.asOf);
        for (const w of inp.workers) {
          const b = enrolmentState(before, w.nik);
          const a = enrolmentState(after, w.nik);
          expect(a.rank).toBeLessThanOrEqual(b.rank);
          if (a.rank > 0) expect(a.days).toBeLessThanOrEqual(b.days);
        }
      }),
      RUNS,
    );
  });

  it('splitting a contract into back-to-back pieces never removes a duration (or serial) finding', () => {
    fc.assert(
      fc.property(
        inputArb,
        fc.nat(),
        fc.nat(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (inp, wi, ci, at) => {
          const target = inp.workers[wi % inp.workers.length];
          const c = target.contracts[ci % target.contracts.length];
          if (c.endDate === null) return;
          const s = parseIsoDate(c.startDate);
          const e = parseIsoDate(c.endDate);
          if (e <= s) return;
          const cut = s + Math.floor(at * (e - s - 1)); // s ≤ cut < e
          const pieces: ContractFact[] = [
            { ...c, ref: c.ref + '-a', endDate: formatDay(cut) },
            { ...c, ref: c.ref + '-b', startDate: formatDay(cut + 1) },
          ];
          const workers = inp.workers.map((w) =>
            w === target ? { ...w, contracts: w.contracts.flatMap((x) => (x === c ? pieces : [x])) } : w,
          );
          const before = evaluate(inp, inp.asOf);
          const after = evaluate({ ...inp, workers }, inp.asOf);
          const keys = (fs: Finding[], rule: string) =>
            fs.filter((f) => f.rule === rule).map((f) => f.subjectKey);
          for (const rule of ['PKWT_DURATION_EXCEEDED', 'PKWT_SERIAL_RENEWAL'])
            expect(keys(after, rule)).toEqual(expect.arrayContaining(keys(before, rule)));
        },
      ),
      RUNS,
    );
  });

  it('evaluation is a pure function of its input (frozen inputs, repeatable, unchanged)', () => {
    fc.assert(
      fc.property(inputArb, (inp) => {
        const copy = structuredClone(inp);
        const frozen = deepFreeze(structuredClone(inp));
        const ctx = createContext(inp.asOf, P);
        const a = evaluateEmployer(frozen, ctx);
        const b = evaluateEmployer(frozen, ctx);
        expect(b).toEqual(a);
        expect(evaluateEmployer(copy, createContext(inp.asOf, P))).toEqual(a);
        expect(copy).toEqual(inp);
        expect(JSON.parse(JSON.stringify(a))).toEqual(a);
      }),
      { numRuns: 100 },
    );
  });

  it('the streaming entry points compose to evaluateEmployer', () => {
    fc.assert(
      fc.property(inputArb, (inp) => {
        const ctx = createContext(inp.asOf, P);
        const agg = emptyAggregate();
        const streamed: Finding[] = [];
        for (const w of inp.workers as WorkerHistory[])
          streamed.push(...evaluateWorker(inp.employer, w, ctx, agg));
        streamed.push(...evaluateEmployerLevel(inp.employer, agg, ctx));
        for (const nik of new Set(inp.contractorContracts.map((c) => c.nik)))
          streamed.push(
            ...evaluateContractorHopping(
              inp.employer,
              nik,
              inp.contractorContracts.filter((c) => c.nik === nik),
              ctx,
            ),
          );
        expect(sortFindings(streamed)).toEqual(evaluateEmployer(inp, ctx));
      }),
      { numRuns: 100 },
    );
  });

  it('every finding is well formed', () => {
    fc.assert(
      fc.property(inputArb, (inp) => {
        for (const f of evaluate(inp, inp.asOf)) {
          expect(f.subjectKey).toBe(`${f.nik ?? ''}|${f.chainStart ?? ''}`);
          expect(['low', 'medium', 'high', 'critical']).toContain(f.severity);
          expect(f.summary.id.length).toBeGreaterThan(20);
          expect(f.summary.en.length).toBeGreaterThan(20);
          expect(f.legalBasis.length).toBeGreaterThan(5);
          const est = f.evidence.estimatedUnpaidContributions;
          if (est !== undefined) expect(Number.isInteger(est) && (est as number) >= 0).toBe(true);
          if (f.evidence.totalUncoveredDays !== undefined) {
            const periods = f.evidence.uncoveredPeriods as { days: number }[];
            expect(periods.reduce((n, p) => n + p.days, 0)).toBe(f.evidence.totalUncoveredDays);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});
