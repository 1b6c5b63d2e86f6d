import fc from 'fast-check';
import { buildTimeline, evaluateWorker, createContext, type TimelineInput } from '../src';
import { asOfArb, employerArb, workerArb } from './arbitraries';
import { contract, enrolment, one, params, run, sponsored, worker, NIK } from './helpers';

const P = params();
const tp = (over: Partial<TimelineInput['params']> = {}) => ({
  enrolmentGraceDays: P.enrolmentGraceDays,
  pkwtChainGapDays: P.pkwtChainGapDays,
  pkwtMaxTotalMonths: P.pkwtMaxTotalMonths,
  ...over,
});

describe('buildTimeline', () => {
  it('draws the gaps of ENROLMENT_LATE with the same days as its evidence, per contract', () => {
    const cs = [
      contract('2024-01-01', '2024-06-30', { ref: 'A' }),
      contract('2024-07-01', '2024-12-31', { ref: 'B' }),
    ];
    const es = [enrolment('2024-01-11', '2024-06-30'), enrolment('2024-07-06', null)];
    const f = one(run(worker(cs, es), '2024-12-31'), 'ENROLMENT_LATE');
    const t = buildTimeline({ contracts: cs, enrolments: es, params: tp(), asOf: '2024-12-31' });
    expect(t.contracts.map((c) => [c.ref, c.uncoveredDays])).toEqual([
      ['A', 10],
      ['B', 5],
    ]);
    expect(t.contracts[1]!.uncoveredPeriods).toEqual([{ from: '2024-07-01', to: '2024-07-05', days: 5 }]);
    expect(t.totalUncoveredDays).toBe(f.evidence.totalUncoveredDays);
    expect(t.employers[0]!.uncoveredPeriods).toEqual(f.evidence.uncoveredPeriods);
    expect(t.employers[0]!.referenceDay).toBe(f.evidence.referenceDay);
    expect(t.uncoveredPeriods.map((p) => p.contractRef)).toEqual(['A', 'B']);
  });

  it('counts up to the reference day min(asOf, last end), past the grace', () => {
    const cs = [contract('2024-01-01', '2024-03-31', { ref: 'A' })];
    const t = buildTimeline({ contracts: cs, enrolments: [], params: tp(), asOf: '2026-01-01' });
    expect(t.employers[0]).toMatchObject({
      referenceDay: '2024-03-31',
      judgedDay: '2024-03-31',
      uncoveredOnJudgedDay: true,
      totalUncoveredDays: 91,
    });
    const g = buildTimeline({
      contracts: cs,
      enrolments: [],
      params: tp({ enrolmentGraceDays: 10 }),
      asOf: '2024-01-31',
    });
    expect(g.contracts[0]!.uncoveredPeriods).toEqual([{ from: '2024-01-11', to: '2024-01-31', days: 21 }]);
  });

  it('marks PKWT chains, link kinds and the 60-month limit (60 months after 2024-02-29 is 2029-03-01)', () => {
    const cs = [
      contract('2024-02-29', '2025-02-28', { ref: 'K1' }),
      contract('2025-03-01', '2026-02-28', { ref: 'K2' }),
      contract('2026-03-20', '2030-12-31', { ref: 'K3' }),
      contract('2031-06-01', null, { ref: 'T1', type: 'PKWTT' }),
    ];
    const t = buildTimeline({ contracts: cs, enrolments: [], params: tp(), asOf: '2031-12-31' });
    expect(t.chains).toHaveLength(1);
    expect(t.chains[0]).toMatchObject({
      chainStart: '2024-02-29',
      lastEnd: '2030-12-31',
      lastDay: '2030-12-31',
      limitDate: '2029-03-01',
      exceedsLimit: true,
      employerIds: ['E1'],
    });
    expect(t.chains[0]!.contracts.map((l) => [l.ref, l.kind, l.gapDays])).toEqual([
      ['K1', 'first', null],
      ['K2', 'extension', 0],
      ['K3', 'renewal', 19],
    ]);
    expect(t.contracts.map((c) => [c.ref, c.chainIndex, c.linkKind])).toEqual([
      ['K1', 0, 'first'],
      ['K2', 0, 'extension'],
      ['K3', 0, 'renewal'],
      ['T1', null, null],
    ]);
    expect(t.contracts[3]!.endDate).toBeNull();
  });

  it('keeps coverage per employer, chains per employer unless asked to join them, and lists sponsored rows', () => {
    const cs = [
      contract('2024-01-01', '2024-12-31', { ref: 'A', employerId: 'E1' }),
      contract('2025-01-01', '2025-12-31', { ref: 'B', employerId: 'E2' }),
    ];
    // An enrolment with E1 does not cover the E2 contract.
    const es = [enrolment('2024-01-01', null, { employerId: 'E1' })];
    const input: TimelineInput = {
      contracts: cs,
      enrolments: es,
      sponsored: [sponsored('2023-01-01', null, NIK)],
      params: tp(),
      asOf: '2025-12-31',
    };
    const t = buildTimeline(input);
    expect(t.employers.map((e) => [e.employerId, e.totalUncoveredDays])).toEqual([
      ['E1', 0],
      ['E2', 365],
    ]);
    expect(t.coverage).toEqual([{ employerId: 'E1', from: '2024-01-01', to: null }]);
    expect(t.chains).toHaveLength(2);
    expect(t.sponsored).toEqual([{ from: '2023-01-01', to: null, programs: ['JKK', 'JKM'] }]);
    const joined = buildTimeline({ ...input, chainAcrossEmployers: true });
    expect(joined.chains).toHaveLength(1);
    expect(joined.chains[0]!.employerIds).toEqual(['E1', 'E2']);
    expect(joined.chains[0]!.contracts.map((l) => l.kind)).toEqual(['first', 'extension']);
  });

  it('joins chains within groups of employers (the contractors of one principal), others chain alone', () => {
    const cs = [
      contract('2020-01-01', '2022-12-31', { ref: 'K1-a', employerId: 'K1' }),
      contract('2023-01-01', '2025-06-30', { ref: 'K2-a', employerId: 'K2' }),
      contract('2025-07-01', '2026-06-30', { ref: 'E-a', employerId: 'E9' }),
    ];
    const t = buildTimeline({
      contracts: cs,
      enrolments: [],
      params: tp(),
      asOf: '2026-06-30',
      chainGroups: { K1: 'principal:P', K2: 'principal:P' },
    });
    expect(t.chains.map((c) => [c.employerIds, c.chainStart, c.lastDay, c.exceedsLimit])).toEqual([
      [['K1', 'K2'], '2020-01-01', '2025-06-30', true],
      [['E9'], '2025-07-01', '2026-06-30', false],
    ]);
    expect(t.chains[0]!.limitDate).toBe('2025-01-01');
    expect(t.contracts.map((c) => c.chainIndex)).toEqual([0, 0, 1]);
  });

  it('gives every worker the uncovered days of the enrolment evidence (property)', () => {
    fc.assert(
      fc.property(employerArb, workerArb(NIK), asOfArb, (emp, w, asOf) => {
        const findings = evaluateWorker(emp, w, createContext(asOf, P));
        const f = findings.find((x) => x.rule === 'ENROLMENT_MISSING' || x.rule === 'ENROLMENT_LATE');
        const t = buildTimeline({ contracts: w.contracts, enrolments: w.enrolments, params: tp(), asOf });
        const e = t.employers.find((x) => x.employerId === 'E1');
        if (!f) {
          expect(t.totalUncoveredDays).toBe(0);
          return;
        }
        expect(t.totalUncoveredDays).toBe(f.evidence.totalUncoveredDays);
        expect(e?.uncoveredPeriods).toEqual(f.evidence.uncoveredPeriods);
        expect(e?.uncoveredOnJudgedDay).toBe(f.rule === 'ENROLMENT_MISSING');
        expect(t.contracts.reduce((a, c) => a + c.uncoveredDays, 0)).toBe(f.evidence.totalUncoveredDays);
      }),
      { numRuns: 300 },
    );
  });
});
