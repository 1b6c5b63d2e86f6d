/**
 * Rulebook v2 (issue #13): a failing-first boundary test for each defect the review found in v1, and property
 * tests of the new rules. Each history is the one the issue names.
 */
import fc from 'fast-check';
import {
  ageOn,
  compensationOwed,
  compensationOwedAmount,
  formatDay,
  monthsAfterDay,
  parseIsoDate,
  type ContractFact,
  type WorkerHistory,
} from '../src';
import { employerArb, workerArb } from './arbitraries';
import { contract, enrolment, loadReference, NIK, one, only, run, worker } from './helpers';

const RUNS = { numRuns: 300 };
const covered = [enrolment('2010-01-01', null)];

describe('contribution estimates, month by month (v2)', () => {
  it('charges no JP for months before 2015-07-01, when JP did not exist (v1 charged them)', () => {
    const w = worker([contract('2015-01-01', '2015-12-31', { type: 'PKWTT', monthlyWage: 4_000_000 })]);
    const f = one(run(w, '2015-12-31'), 'ENROLMENT_MISSING');
    const jp = (f.evidence.contributionsByProgram as { JP: number }).JP;
    // July to December: six months of 3% (2% employer + 1% worker) of Rp 4,000,000.
    expect(jp).toBe(6 * 120_000);
    expect(loadReference().contributionRates.JP).toMatchObject({ startsOn: '2015-07-01' });
    const before = one(
      run(worker([contract('2015-01-01', '2015-06-30')]), '2015-06-30'),
      'ENROLMENT_MISSING',
    );
    expect((before.evidence.contributionsByProgram as { JP: number }).JP).toBe(0);
    expect(before.evidence.programsCharged).not.toContain('JP');
  });

  it('uses the 2023 JP cap for 2023, not the 2024 one (v1 had no 2023 cap)', () => {
    // A wage above both caps: April 2023 is priced at the 2023-03-01 cap of Rp 9,559,600.
    const w = worker([contract('2023-04-01', '2023-04-30', { type: 'PKWTT', monthlyWage: 12_000_000 })]);
    const f = one(run(w, '2023-04-30'), 'ENROLMENT_MISSING');
    expect((f.evidence.contributionsByProgram as { JP: number }).JP).toBe(Math.round(9_559_600 * 0.03));
    expect(f.evidence.jpCapEstimated).toBeUndefined();
  });

  it('marks months whose JP cap the reference data does not know as estimated, never silently priced', () => {
    const w = worker([contract('2022-12-01', '2023-03-31', { type: 'PKWTT', monthlyWage: 12_000_000 })]);
    const f = one(run(w, '2023-03-31'), 'ENROLMENT_MISSING');
    expect(f.evidence.jpCapEstimated).toEqual({ from: '2022-12-01', to: '2023-02-28', capUsed: 9_559_600 });
  });
});

describe('age from the NIK (v2)', () => {
  it('reads a 14-year-old from their NIK as 14 and raises UNDERAGE_WORKER (v1 read 114 and hid it)', () => {
    const nik = '6408011203110001'; // born 2011-03-12
    const w = worker(
      [contract('2025-06-01', '2025-12-31', { nik })],
      [enrolment('2025-06-01', null, { nik })],
      {
        nik,
        birthDate: null,
      },
    );
    const f = one(run(w, '2025-06-30'), 'UNDERAGE_WORKER');
    expect(f.evidence).toMatchObject({
      birthDate: '2011-03-12',
      birthDateSource: 'nik',
      ageOnFirstContractDay: 14,
    });
    expect(f.severity).toBe('critical');
  });
});

describe('UNDERAGE_WORKER', () => {
  const at = (birthDate: string, start: string, asOf = '2025-12-31') =>
    only(run(worker([contract(start, '2026-12-31')], covered, { birthDate }), asOf), 'UNDERAGE_WORKER');

  it('fires for a first contract day before the 18th birthday and not on it', () => {
    expect(at('2007-06-01', '2025-06-01')).toHaveLength(0);
    const f = at('2007-06-01', '2025-05-31');
    expect(f).toHaveLength(1);
    expect(f[0].evidence).toMatchObject({
      underageContractDays: 1,
      stillUnderageOnAsOf: false,
      adultOn: '2025-06-01',
    });
    expect(f[0].severity).toBe('high');
  });

  it('is critical under 15 on some contract day, high from 15', () => {
    expect(at('2010-06-01', '2025-06-01')[0].severity).toBe('high');
    expect(at('2010-06-01', '2025-05-31')[0].severity).toBe('critical');
  });

  it('does not judge contracts that start after asOf, nor an unknown birth date', () => {
    expect(at('2010-06-01', '2026-01-01', '2025-12-31')).toHaveLength(0);
    const unknown = worker([contract('2025-01-01', '2025-12-31', { nik: '6408019999600001' })], [], {
      nik: '6408019999600001',
      birthDate: null,
    });
    expect(only(run(unknown, '2025-06-30'), 'UNDERAGE_WORKER')).toHaveLength(0);
  });
});

describe('PKWT_COMPENSATION_UNPAID', () => {
  const comp = (contracts: ContractFact[], asOf: string) =>
    only(run(worker(contracts, covered), asOf), 'PKWT_COMPENSATION_UNPAID');

  it('is owed only for PKWTs that ended in the new regime, counting service from 2021-02-02', () => {
    expect(comp([contract('2020-01-01', '2021-02-01')], '2025-06-30')).toHaveLength(0);
    const f = comp([contract('2020-06-01', '2021-06-30', { monthlyWage: 6_000_000 })], '2025-06-30');
    expect(f).toHaveLength(1);
    // 2021-02-02 .. 2021-06-30: 4 whole months (to 06-02) and 29 of the 30 days to 07-02.
    expect((f[0].evidence.contracts as unknown[])[0]).toMatchObject({
      serviceFrom: '2021-02-02',
      wholeMonths: 4,
      remainderDays: 29,
      owed: Math.floor(((4 * 30 + 29) * 6_000_000) / (12 * 30)),
      status: 'not_reported',
    });
    expect(f[0].severity).toBe('medium');
  });

  it('waits compensationDueDays after the end, and needs a month of service', () => {
    const c = contract('2025-01-01', '2025-06-30');
    expect(comp([c], '2025-07-06')).toHaveLength(0);
    expect(comp([c], '2025-07-07')).toHaveLength(1);
    const later = run(worker([c], covered), '2025-07-07', { compensationDueDays: 8 });
    expect(only(later, 'PKWT_COMPENSATION_UNPAID')).toHaveLength(0);
    expect(comp([contract('2025-01-01', '2025-01-31')], '2025-12-31')).toHaveLength(1); // exactly one month
    expect(comp([contract('2025-01-01', '2025-01-30')], '2025-12-31')).toHaveLength(0);
  });

  it('is silent when paid in full, medium when not reported, high when reported short', () => {
    const owed = 4_500_000 / 2; // six months at Rp 4,500,000
    const c = (paid: number | null) => contract('2025-01-01', '2025-06-30', { compensationPaid: paid });
    expect(comp([c(owed)], '2025-12-31')).toHaveLength(0);
    expect(comp([c(owed + 1)], '2025-12-31')).toHaveLength(0);
    expect(comp([c(null)], '2025-12-31')[0].severity).toBe('medium');
    const short = comp([c(owed - 1)], '2025-12-31')[0];
    expect(short.severity).toBe('high');
    expect(short.evidence).toMatchObject({ totalOwed: owed, totalPaid: owed - 1, totalShort: 1 });
  });

  it('makes one case per chain listing each ended contract, its subject the worker and the chain start', () => {
    const f = comp(
      [
        contract('2024-01-01', '2024-12-31', { ref: 'A', compensationPaid: 4_500_000 }),
        contract('2025-01-01', '2025-06-30', { ref: 'B' }),
        contract('2025-07-01', '2026-06-30', { ref: 'C' }), // still running
      ],
      '2025-12-31',
    );
    expect(f).toHaveLength(1);
    expect(f[0].subjectKey).toBe(`${NIK}|2024-01-01`);
    expect(
      (f[0].evidence.contracts as { ref: string; status: string }[]).map((r) => [r.ref, r.status]),
    ).toEqual([
      ['A', 'paid'],
      ['B', 'not_reported'],
    ]);
  });
});

describe('rulebook v2 properties', () => {
  const day = fc.integer({ min: parseIsoDate('2019-01-01'), max: parseIsoDate('2027-12-31') });

  it('compensation owed is never negative, and the shortfall is exactly zero when paid in full', () => {
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 1, max: 50_000_000 }),
        fc.option(fc.integer({ min: 0, max: 60_000_000 }), { nil: null }),
        (s, len, wage, paid) => {
          const o = compensationOwed(s, s + len, wage, parseIsoDate('2021-02-02'));
          expect(compensationOwedAmount(s, s + len, wage, parseIsoDate('2021-02-02'))).toBe(
            o === null ? -1 : o.owed,
          );
          if (o !== null) {
            expect(o.owed).toBeGreaterThanOrEqual(0);
            expect(Number.isInteger(o.owed)).toBe(true);
            // A month holds at least 28 days: never more than (days / 28) / 12 of a month's wage.
            expect(o.owed).toBeLessThanOrEqual(((len + 1) / 28 / 12) * wage);
          }
          const c = contract(formatDay(s), formatDay(s + len), { monthlyWage: wage, compensationPaid: paid });
          const found = only(run(worker([c], covered), '2040-01-01'), 'PKWT_COMPENSATION_UNPAID');
          if (o === null || o.owed === 0 || (paid !== null && paid >= o.owed)) expect(found).toHaveLength(0);
          else {
            expect(found).toHaveLength(1);
            expect(found[0].evidence.totalShort).toBe(o.owed - (paid ?? 0));
          }
          const full = contract(formatDay(s), formatDay(s + len), {
            monthlyWage: wage,
            compensationPaid: o?.owed ?? 0,
          });
          expect(only(run(worker([full], covered), '2040-01-01'), 'PKWT_COMPENSATION_UNPAID')).toHaveLength(
            0,
          );
        },
      ),
      RUNS,
    );
  });

  it('UNDERAGE_WORKER never fires for a worker 18 or over on every contract day', () => {
    fc.assert(
      fc.property(employerArb, workerArb(NIK), fc.integer({ min: 0, max: 3000 }), (emp, w, slack) => {
        if (w.contracts.length === 0) return;
        let first = Infinity;
        for (const c of w.contracts) first = Math.min(first, parseIsoDate(c.startDate));
        // Born so that the worker turns 18 on or before the first contract day.
        const birth = monthsAfterDay(first - slack, -12 * 18);
        expect(ageOn(birth, first)).toBeGreaterThanOrEqual(18);
        const adult: WorkerHistory = { ...w, birthDate: formatDay(birth) };
        for (const asOf of ['2020-06-30', '2025-11-30', '2028-12-31'])
          expect(only(run(adult, asOf, {}, emp), 'UNDERAGE_WORKER')).toHaveLength(0);
      }),
      RUNS,
    );
  });

  it('WAGE_BELOW_MINIMUM never fires for micro or small employers', () => {
    fc.assert(
      fc.property(
        employerArb,
        workerArb(NIK),
        fc.constantFrom('micro', 'small'),
        fc.constantFrom(null, '01262', '05100', '47111'),
        fc.integer({ min: 1, max: 3_000_000 }),
        (emp, w, scale, kbli, wage) => {
          const low: WorkerHistory = {
            ...w,
            contracts: w.contracts.map((c) => ({ ...c, monthlyWage: wage })),
          };
          const e = { ...emp, scale, kbli };
          for (const asOf of ['2024-06-30', '2025-11-30', '2026-12-31'])
            expect(only(run(low, asOf, {}, e), 'WAGE_BELOW_MINIMUM')).toHaveLength(0);
          // The same history at a medium employer is below the minimum in some known year, or has none.
          const medium = run(low, '2026-12-31', {}, { ...e, scale: 'medium' });
          expect(only(medium, 'WAGE_BELOW_MINIMUM').length).toBeLessThanOrEqual(1);
        },
      ),
      RUNS,
    );
  });
});
