import {
  createContext,
  defaultParameters,
  mergeParameters,
  PENSION_AGE_SCHEDULE,
  pensionAgeOn,
  jpCapOn,
  parseIsoDate,
} from '../src';
import { loadReference } from './helpers';

describe('parameters', () => {
  const ref = loadReference();
  const p = defaultParameters(ref);

  it('takes the CONTRACT §6 defaults', () => {
    expect(p.enrolmentGraceDays).toBe(0);
    expect(p.wageTolerancePct).toBe(0);
    expect(p.pkwtChainGapDays).toBe(30);
    expect(p.pkwtSerialMinContracts).toBe(3);
    expect(p.serialLookbackMonths).toBe(24);
    expect(p.selfReportMaxAgeDays).toBe(365);
  });

  it('takes the figures of the reference data, not copies of them', () => {
    expect(p.pkwtMaxTotalMonths).toBe(ref.pkwt.maxTotalMonths);
    expect(p.legacyRegimeUntil).toBe(ref.pkwt.newRegimeFrom);
    expect(p.umkByYear).toEqual(ref.minimumWage.umk);
    expect(p.requiredProgramsByScale.micro).toEqual(ref.requiredProgramsByScale.micro);
    expect(p.requiredProgramsByScale.large).toEqual(ref.requiredProgramsByScale.large);
    expect(p.contributionRates.jkkPctByRiskGroup).toEqual(ref.contributionRates.JKK.byRiskGroup);
    expect(p.contributionRates.jkmPct).toBe(ref.contributionRates.JKM.pct);
    expect(p.contributionRates.jhtEmployerPct).toBe(ref.contributionRates.JHT.employerPct);
    expect(p.contributionRates.jpWorkerPct).toBe(ref.contributionRates.JP.workerPct);
    expect(p.contributionRates.jpWageCaps.map((c) => c.from)).toEqual(
      Object.keys(ref.contributionRates.JP.wageCap).sort(),
    );
  });

  it('uses a changed reference file without code changes', () => {
    const changed = structuredClone(ref) as typeof ref;
    (changed.minimumWage.umk as Record<string, number>)['2027'] = 4_500_000;
    expect(defaultParameters(changed).umkByYear['2027']).toBe(4_500_000);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(p)).toBe(true);
    expect(Object.isFrozen(p.contributionRates)).toBe(true);
    expect(() => {
      (p as { pkwtChainGapDays: number }).pkwtChainGapDays = 1;
    }).toThrow(TypeError);
  });

  it('merges overrides and validates them, naming the field', () => {
    const m = mergeParameters(p, { pkwtChainGapDays: 14, enrolmentGraceDays: 3 });
    expect(m.pkwtChainGapDays).toBe(14);
    expect(m.enrolmentGraceDays).toBe(3);
    expect(m.umkByYear).toEqual(p.umkByYear);
    expect(p.pkwtChainGapDays).toBe(30);
    expect(() => mergeParameters(p, { pkwtChainGapDays: -1 })).toThrow(/pkwtChainGapDays/);
    expect(() => mergeParameters(p, { pkwtChainGapDays: -1 })).toThrow(RangeError);
    expect(() => mergeParameters(p, { enrolmentGraceDays: 1.5 })).toThrow(/enrolmentGraceDays/);
    expect(() => mergeParameters(p, { wageTolerancePct: 100 })).toThrow(/wageTolerancePct/);
    expect(() => mergeParameters(p, { pkwtMaxTotalMonths: 0 })).toThrow(/pkwtMaxTotalMonths/);
    expect(() => mergeParameters(p, { legacyRegimeUntil: '2021-02-30' })).toThrow(/legacyRegimeUntil/);
    expect(() => mergeParameters(p, { umkByYear: { '2025': -5 } })).toThrow(/umkByYear/);
    expect(() => mergeParameters(p, { umkByYear: { year: 5 } })).toThrow(/umkByYear/);
    expect(() => mergeParameters(p, { pensionAge: [] })).toThrow(/pensionAge/);
    expect(() =>
      mergeParameters(p, {
        requiredProgramsByScale: { ...p.requiredProgramsByScale, micro: ['JKK', 'XYZ' as never] },
      }),
    ).toThrow(/requiredProgramsByScale.micro/);
    expect(() => mergeParameters(p, { nonsense: 1 } as never)).toThrow(/nonsense/);
  });

  it('puts the PP 45/2015 pension-age schedule in the parameters', () => {
    expect(p.pensionAge).toEqual(PENSION_AGE_SCHEDULE);
    const ctx = createContext('2025-01-01', p);
    expect(pensionAgeOn(ctx, parseIsoDate('2018-12-31'))).toBe(56);
    expect(pensionAgeOn(ctx, parseIsoDate('2019-01-01'))).toBe(57);
    expect(pensionAgeOn(ctx, parseIsoDate('2021-12-31'))).toBe(57);
    expect(pensionAgeOn(ctx, parseIsoDate('2022-01-01'))).toBe(58);
    expect(pensionAgeOn(ctx, parseIsoDate('2025-01-01'))).toBe(59);
    expect(pensionAgeOn(ctx, parseIsoDate('2043-01-01'))).toBe(65);
    expect(pensionAgeOn(ctx, parseIsoDate('2060-01-01'))).toBe(65);
    expect(pensionAgeOn(ctx, parseIsoDate('2010-01-01'))).toBe(56);
  });

  it('applies the JP wage cap in force, the earliest known one before it', () => {
    const ctx = createContext('2025-01-01', p);
    const caps = Object.entries(ref.contributionRates.JP.wageCap).sort(([a], [b]) => (a < b ? -1 : 1));
    expect(jpCapOn(ctx, parseIsoDate(caps[0][0]))).toBe(caps[0][1]);
    expect(jpCapOn(ctx, parseIsoDate(caps[0][0]) - 1)).toBe(caps[0][1]);
    expect(jpCapOn(ctx, parseIsoDate(caps[1][0]) - 1)).toBe(caps[0][1]);
    expect(jpCapOn(ctx, parseIsoDate(caps[1][0]))).toBe(caps[1][1]);
  });

  it('rejects a bad asOf and bad parameters when building a context', () => {
    expect(() => createContext('2025-13-01', p)).toThrow(RangeError);
    expect(() => createContext('2025-01-01', { ...p, selfReportMaxAgeDays: -3 })).toThrow(
      /selfReportMaxAgeDays/,
    );
  });
});
