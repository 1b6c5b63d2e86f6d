/**
 * The BPJS records cross-check (CONTRACT §9, issue #17): coverage and wages judged on BPJS's own records where a
 * load covers the employer's NPP, ENROLMENT_UNVERIFIED and CONTRIBUTION_ARREARS, and the same findings as before
 * for employers no load covers.
 */
import fc from 'fast-check';
import {
  buildTimeline,
  createContext,
  evaluateEmployer,
  ruleDefinition,
  RULE_CODES,
  type BpjsRecordFact,
  type EmployerEvaluationInput,
  type EnrolmentFact,
  type Finding,
} from '../src';
import { inputArb } from './arbitraries';
import { contract, ctxAt, employer, enrolment, NIK, one, params, rules, run, worker } from './helpers';

const LOAD = { loadId: '7', asOf: '2025-06-10' };
const covered = employer({ bpjs: LOAD });

function record(
  effectiveFrom: string,
  effectiveTo: string | null,
  over: Partial<BpjsRecordFact> = {},
): BpjsRecordFact {
  return {
    nik: NIK,
    kpj: '24011234567',
    programs: ['JKK', 'JKM', 'JHT', 'JP'],
    effectiveFrom,
    effectiveTo,
    reportedWage: 4_500_000,
    paidThrough: '2025-05-01',
    ...over,
  };
}

const asRecord = (e: EnrolmentFact, paidThrough: string | null): BpjsRecordFact => ({
  nik: e.nik,
  kpj: e.kpj,
  programs: e.programs,
  effectiveFrom: e.effectiveFrom,
  effectiveTo: e.effectiveTo,
  reportedWage: e.reportedWage,
  paidThrough,
});

const shape = (fs: readonly Finding[]) => fs.map((f) => `${f.rule}|${f.subjectKey}|${f.severity}`);

describe('the rulebook lists the two BPJS rules', () => {
  it('catalogues ENROLMENT_UNVERIFIED and CONTRIBUTION_ARREARS with their parameters', () => {
    expect(RULE_CODES.slice(-2)).toEqual(['ENROLMENT_UNVERIFIED', 'CONTRIBUTION_ARREARS']);
    expect(ruleDefinition('CONTRIBUTION_ARREARS').defaultParameters).toEqual({ arrearsGraceMonths: 1 });
    expect(params().arrearsGraceMonths).toBe(1);
    expect(params().contributionRates.latePaymentFinePctPerMonth).toBe(2);
    expect(() => params({ arrearsGraceMonths: -1 })).toThrow(/arrearsGraceMonths/);
  });
});

describe('ENROLMENT_UNVERIFIED', () => {
  const c = contract('2025-01-01', null, { type: 'PKWTT' });
  const claimed = [enrolment('2025-01-01', null)];

  it('fires where the employer claims the reference day and BPJS holds no record, instead of ENROLMENT_MISSING', () => {
    const fs = run(worker([c], claimed, { bpjsRecords: [] }), '2025-06-10', {}, covered);
    expect(rules(fs)).toContain('ENROLMENT_UNVERIFIED');
    expect(rules(fs)).not.toContain('ENROLMENT_MISSING');
    const f = one(fs, 'ENROLMENT_UNVERIFIED');
    expect(f.severity).toBe('critical'); // 161 days uncovered according to BPJS
    expect(f.evidence).toMatchObject({
      referenceDay: '2025-06-10',
      totalUncoveredDays: 161,
      source: 'bpjs_records',
      bpjsLoadId: '7',
      bpjsLoadAsOf: '2025-06-10',
      claimedEnrolments: [expect.objectContaining({ kpj: '24011234567', source: 'employer_report' })],
      bpjsRecords: [],
    });
    expect(f.summary.id).toMatch(/tidak tercatat di data BPJS Ketenagakerjaan/);
  });

  it('does not fire once BPJS holds the enrolment, nor without a load (then the claim is judged as before)', () => {
    const held = run(
      worker([c], claimed, { bpjsRecords: [record('2025-01-01', null)] }),
      '2025-06-10',
      {},
      covered,
    );
    expect(rules(held)).toEqual([]);
    expect(rules(run(worker([c], claimed, { bpjsRecords: [] }), '2025-06-10'))).toEqual([]);
  });

  it('fires on a record that ended before the reference day; the claim unverified is named', () => {
    const fs = run(
      worker([c], claimed, { bpjsRecords: [record('2025-01-01', '2025-03-31')] }),
      '2025-06-10',
      {},
      covered,
    );
    const f = one(fs, 'ENROLMENT_UNVERIFIED');
    expect(f.evidence.uncoveredPeriods).toEqual([{ from: '2025-04-01', to: '2025-06-10', days: 71 }]);
    expect(rules(fs)).not.toContain('ENROLMENT_LATE');
  });

  it('no claim and no BPJS record: ENROLMENT_MISSING on BPJS coverage, not ENROLMENT_UNVERIFIED', () => {
    const fs = run(worker([c], [], { bpjsRecords: [] }), '2025-06-10', {}, covered);
    expect(rules(fs)).toEqual(['ENROLMENT_MISSING']);
    expect(one(fs, 'ENROLMENT_MISSING').evidence).toMatchObject({ source: 'bpjs_records', bpjsLoadId: '7' });
  });

  it('takes a claim starting after the load as_of on the employer word (BPJS could not know it yet)', () => {
    const late = contract('2025-06-20', null, { type: 'PKWTT' });
    const fs = run(
      worker([late], [enrolment('2025-06-20', null)], { bpjsRecords: [] }),
      '2025-07-31',
      {},
      covered,
    );
    expect(rules(fs)).toEqual([]);
    // …but a claim from on or before the load's as_of counts only as BPJS shows it.
    const early = contract('2025-06-01', null, { type: 'PKWTT' });
    const fs2 = run(
      worker([early], [enrolment('2025-06-01', null)], { bpjsRecords: [] }),
      '2025-06-10',
      {},
      covered,
    );
    expect(rules(fs2)).toEqual(['ENROLMENT_UNVERIFIED']);
  });
});

describe('coverage and wage from BPJS records', () => {
  const c = contract('2025-01-01', null, { type: 'PKWTT', monthlyWage: 5_000_000 });

  it('WAGE_UNDER_REPORTED takes the wage BPJS holds although the employer reported the contract wage', () => {
    const fs = run(
      worker([c], [enrolment('2025-01-01', null, { reportedWage: 5_000_000 })], {
        bpjsRecords: [record('2025-01-01', null, { reportedWage: 3_500_000 })],
      }),
      '2025-06-10',
      {},
      covered,
    );
    const f = one(fs, 'WAGE_UNDER_REPORTED');
    expect(f.evidence).toMatchObject({
      contractWage: 5_000_000,
      reportedWage: 3_500_000,
      source: 'bpjs_records',
      bpjsLoadId: '7',
      bpjsLoadAsOf: '2025-06-10',
    });
    expect(f.severity).toBe('high'); // 30 % short
    // The same employer, no load: the employer's figure, nothing to report.
    expect(
      rules(run(worker([c], [enrolment('2025-01-01', null, { reportedWage: 5_000_000 })]), '2025-06-10')),
    ).toEqual([]);
  });

  it('PROGRAM_INCOMPLETE and ENROLMENT_LATE judge BPJS coverage, not the claim', () => {
    const fs = run(
      worker([c], [enrolment('2025-01-01', null, { reportedWage: 5_000_000 })], {
        bpjsRecords: [record('2025-02-01', null, { programs: ['JKK', 'JKM'], reportedWage: 5_000_000 })],
      }),
      '2025-06-10',
      {},
      covered,
    );
    expect(rules(fs)).toEqual(['ENROLMENT_LATE', 'PROGRAM_INCOMPLETE']);
    expect(one(fs, 'ENROLMENT_LATE').evidence.totalUncoveredDays).toBe(31);
    expect(one(fs, 'PROGRAM_INCOMPLETE').evidence).toMatchObject({
      missingPrograms: ['JHT', 'JP'],
      source: 'bpjs_records',
    });
  });
});

describe('CONTRIBUTION_ARREARS', () => {
  const c = contract('2024-01-01', null, { type: 'PKWTT', monthlyWage: 4_500_000 });
  const at = (paidThrough: string | null, asOf = '2025-06-10', over = {}) =>
    run(
      worker([c], [enrolment('2024-01-01', null)], {
        bpjsRecords: [record('2024-01-01', null, { paidThrough })],
      }),
      asOf,
      over,
      employer({ bpjs: { loadId: '7', asOf } }),
    );

  it('paid through the month before asOf, or one more (the grace): nothing', () => {
    expect(rules(at('2025-05-01'))).toEqual([]);
    expect(rules(at('2025-06-01'))).toEqual([]);
  });

  it('paid through two months before: one month in arrears (the boundary of arrearsGraceMonths = 1)', () => {
    const f = one(at('2025-04-01'), 'CONTRIBUTION_ARREARS');
    expect(f.evidence).toMatchObject({ monthsInArrears: 1, arrearsFrom: '2025-05', arrearsTo: '2025-05' });
    expect(f.severity).toBe('medium');
    expect(rules(at('2025-04-01', '2025-06-10', { arrearsGraceMonths: 2 }))).toEqual([]);
    expect(rules(at('2025-03-01', '2025-06-10', { arrearsGraceMonths: 2 }))).toEqual([
      'CONTRIBUTION_ARREARS',
    ]);
  });

  it('three months in arrears: the contributions of each month at the rates in force, and the late fine estimated', () => {
    const f = one(at('2025-02-01'), 'CONTRIBUTION_ARREARS');
    const ctx = ctxAt('2025-06-10');
    const r = ctx.params.contributionRates;
    const jkk = r.jkkPctByRiskGroup['2'];
    const jpCap = [...r.jpWageCaps].reverse().find((s) => s.from <= '2025-03-01')!.cap;
    const monthly =
      Math.round((4_500_000 * jkk) / 100) +
      Math.round((4_500_000 * r.jkmPct) / 100) +
      Math.round((4_500_000 * (r.jhtEmployerPct + r.jhtWorkerPct)) / 100) +
      Math.round((Math.min(4_500_000, jpCap) * (r.jpEmployerPct + r.jpWorkerPct)) / 100);
    expect(f.severity).toBe('high');
    expect(f.evidence).toMatchObject({
      paidThrough: '2025-02',
      monthsInArrears: 3,
      arrearsFrom: '2025-03',
      arrearsTo: '2025-05',
      bpjsWage: 4_500_000,
      contributionsOwed: 3 * monthly,
      estimatedUnpaidContributions: 3 * monthly,
      latePaymentFinePctPerMonth: 2,
      lateFineIsEstimate: true,
      source: 'bpjs_records',
    });
    // March is due 15 April: late April-May, so 2 months by 10 June; April 1; May 0.
    const byMonth = f.evidence.arrearsByMonth as { month: string; monthsLate: number; lateFine: number }[];
    expect(byMonth.map((m) => [m.month, m.monthsLate])).toEqual([
      ['2025-03', 2],
      ['2025-04', 1],
      ['2025-05', 0],
    ]);
    expect(f.evidence.estimatedLateFine).toBe(
      Math.round((monthly * 2 * 2) / 100) + Math.round((monthly * 2) / 100),
    );
    expect(f.summary.id).toMatch(/menunggak 3 bulan/);
  });

  it('nothing paid: the months since the record began', () => {
    const f = one(at(null, '2024-04-30'), 'CONTRIBUTION_ARREARS');
    expect(f.evidence).toMatchObject({ paidThrough: null, monthsInArrears: 3, arrearsFrom: '2024-01' });
  });

  it('judges the month of the load as_of when the load is older than asOf (BPJS view goes no further)', () => {
    const fs = run(
      worker([c], [enrolment('2024-01-01', null)], { bpjsRecords: [record('2024-01-01', null)] }),
      '2025-09-30',
      {},
      covered,
    );
    expect(rules(fs)).toEqual([]);
  });

  it('never without a load', () => {
    expect(
      rules(
        run(
          worker([c], [enrolment('2024-01-01', null)], {
            bpjsRecords: [record('2024-01-01', null, { paidThrough: null })],
          }),
          '2025-06-10',
        ),
      ),
    ).toEqual([]);
  });
});

describe('BPJS records (property-based)', () => {
  const P = params();
  const evaluate = (input: EmployerEvaluationInput, asOf: string) =>
    evaluateEmployer(input, createContext(asOf, P));

  it('an employer no load covers is judged exactly as before, whatever BPJS records sit beside its workers', () => {
    fc.assert(
      fc.property(inputArb, (inp) => {
        const before = evaluate(inp, inp.asOf);
        const withRecords: EmployerEvaluationInput = {
          ...inp,
          employer: { ...inp.employer, bpjs: null },
          workers: inp.workers.map((w) => ({
            ...w,
            bpjsRecords: w.enrolments.map((e) => asRecord(e, null)),
          })),
        };
        expect(evaluate(withRecords, inp.asOf)).toEqual(before);
      }),
      { numRuns: 150 },
    );
  });

  it('BPJS records equal to the claims, paid up to date: the same cases as the claims alone', () => {
    fc.assert(
      fc.property(inputArb, (inp) => {
        const before = evaluate(inp, inp.asOf);
        const mirrored: EmployerEvaluationInput = {
          ...inp,
          employer: { ...inp.employer, bpjs: { loadId: '1', asOf: inp.asOf } },
          workers: inp.workers.map((w) => ({
            ...w,
            bpjsRecords: w.enrolments.map((e) => asRecord(e, `${inp.asOf.slice(0, 7)}-01`)),
          })),
        };
        expect(shape(evaluate(mirrored, inp.asOf))).toEqual(shape(before));
      }),
      { numRuns: 150 },
    );
  });

  it('ENROLMENT_UNVERIFIED and ENROLMENT_MISSING never both for one worker; removing BPJS records never clears a finding of coverage', () => {
    fc.assert(
      fc.property(inputArb, fc.boolean(), (inp, keepSome) => {
        const cov = { ...inp.employer, bpjs: { loadId: '1', asOf: inp.asOf } };
        const full = evaluate(
          {
            ...inp,
            employer: cov,
            workers: inp.workers.map((w) => ({
              ...w,
              bpjsRecords: w.enrolments.map((e) => asRecord(e, null)),
            })),
          },
          inp.asOf,
        );
        const fewer = evaluate(
          {
            ...inp,
            employer: cov,
            workers: inp.workers.map((w) => ({
              ...w,
              bpjsRecords: keepSome ? w.enrolments.slice(1).map((e) => asRecord(e, null)) : [],
            })),
          },
          inp.asOf,
        );
        for (const fs of [full, fewer])
          for (const w of inp.workers) {
            const rs = fs.filter((f) => f.nik === w.nik).map((f) => f.rule);
            expect(rs.includes('ENROLMENT_UNVERIFIED') && rs.includes('ENROLMENT_MISSING')).toBe(false);
          }
        const uncovered = (fs: Finding[], nik: string) =>
          fs.some((f) => f.nik === nik && ['ENROLMENT_MISSING', 'ENROLMENT_UNVERIFIED'].includes(f.rule));
        for (const w of inp.workers) if (uncovered(full, w.nik)) expect(uncovered(fewer, w.nik)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});

describe('the timeline draws BPJS coverage as its own lane', () => {
  it('gaps judged on BPJS records (the evidence days), the claim and BPJS coverage side by side', () => {
    const c = contract('2025-01-01', null, { type: 'PKWTT' });
    const claimed = [enrolment('2025-01-01', null)];
    const recs = [record('2025-03-01', '2025-04-30')];
    const f = one(
      run(worker([c], claimed, { bpjsRecords: recs }), '2025-06-10', {}, covered),
      'ENROLMENT_UNVERIFIED',
    );
    const P = params();
    const t = buildTimeline({
      contracts: [c],
      enrolments: claimed,
      params: P,
      asOf: '2025-06-10',
      bpjs: [{ employerId: 'E1', loadId: '7', asOf: '2025-06-10', records: recs }],
    });
    expect(t.totalUncoveredDays).toBe(f.evidence.totalUncoveredDays);
    expect(t.employers[0].uncoveredPeriods).toEqual(f.evidence.uncoveredPeriods);
    expect(t.employers[0]).toMatchObject({
      coverageSource: 'bpjs_records',
      bpjsLoad: { loadId: '7', asOf: '2025-06-10' },
      coverage: [{ from: '2025-01-01', to: null }],
      bpjsCoverage: [{ from: '2025-03-01', to: '2025-04-30' }],
    });
    expect(t.bpjsCoverage).toEqual([
      { from: '2025-03-01', to: '2025-04-30', employerId: 'E1', loadId: '7', loadAsOf: '2025-06-10' },
    ]);
    // Without a load: the claim is judged, no BPJS lane.
    const plain = buildTimeline({ contracts: [c], enrolments: claimed, params: P, asOf: '2025-06-10' });
    expect(plain.totalUncoveredDays).toBe(0);
    expect(plain.bpjsCoverage).toEqual([]);
    expect(plain.employers[0]).toMatchObject({ coverageSource: 'employer_report', bpjsLoad: null });
  });
});
