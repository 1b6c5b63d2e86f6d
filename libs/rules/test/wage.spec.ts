import { contract, employer, enrolment, loadReference, one, only, run, worker } from './helpers';

describe('WAGE_UNDER_REPORTED', () => {
  const c = contract('2025-01-01', '2025-12-31', { monthlyWage: 5_000_000, ref: 'K9' });

  it('fires when the reported wage is below the contract wage in force', () => {
    const f = one(
      run(worker([c], [enrolment('2025-01-01', null, { reportedWage: 4_000_000 })]), '2025-06-30'),
      'WAGE_UNDER_REPORTED',
    );
    expect(f.evidence).toMatchObject({
      contractRef: 'K9',
      contractWage: 5_000_000,
      reportedWage: 4_000_000,
      shortfall: 1_000_000,
      shortfallPct: 20,
    });
    expect(f.severity).toBe('medium');
    expect(f.evidence.estimatedUnpaidContributions as number).toBeGreaterThan(0);
    expect(f.summary.en).toContain('20% short');
  });

  it('does not fire at the contract wage, nor without a reported wage', () => {
    expect(
      only(
        run(worker([c], [enrolment('2025-01-01', null, { reportedWage: 5_000_000 })]), '2025-06-30'),
        'WAGE_UNDER_REPORTED',
      ),
    ).toHaveLength(0);
    expect(
      only(
        run(worker([c], [enrolment('2025-01-01', null, { reportedWage: null })]), '2025-06-30'),
        'WAGE_UNDER_REPORTED',
      ),
    ).toHaveLength(0);
  });

  it('applies wageTolerancePct at its boundary', () => {
    const w = (reported: number) => worker([c], [enrolment('2025-01-01', null, { reportedWage: reported })]);
    expect(
      only(run(w(4_750_000), '2025-06-30', { wageTolerancePct: 5 }), 'WAGE_UNDER_REPORTED'),
    ).toHaveLength(0);
    expect(
      only(run(w(4_749_999), '2025-06-30', { wageTolerancePct: 5 }), 'WAGE_UNDER_REPORTED'),
    ).toHaveLength(1);
    expect(only(run(w(4_999_999), '2025-06-30'), 'WAGE_UNDER_REPORTED')).toHaveLength(1);
  });

  it('compares with the contract in force on the reference day', () => {
    const w = worker(
      [
        contract('2024-01-01', '2024-12-31', { monthlyWage: 4_000_000 }),
        contract('2025-01-01', '2025-12-31', { monthlyWage: 5_000_000, ref: 'NEW' }),
      ],
      [enrolment('2024-01-01', null, { reportedWage: 4_000_000 })],
    );
    expect(only(run(w, '2024-12-31'), 'WAGE_UNDER_REPORTED')).toHaveLength(0);
    expect(one(run(w, '2025-01-01'), 'WAGE_UNDER_REPORTED').evidence.contractRef).toBe('NEW');
  });

  it('grades by the shortfall', () => {
    const sev = (reported: number) =>
      one(
        run(worker([c], [enrolment('2025-01-01', null, { reportedWage: reported })]), '2025-06-30'),
        'WAGE_UNDER_REPORTED',
      ).severity;
    expect(sev(4_500_001)).toBe('low');
    expect(sev(4_500_000)).toBe('medium');
    expect(sev(3_750_001)).toBe('medium');
    expect(sev(3_750_000)).toBe('high');
  });
});

describe('WAGE_BELOW_MINIMUM', () => {
  const ref = loadReference();
  const umk = ref.minimumWage.umk;
  const umsk = ref.minimumWage.sectoral as Record<string, Record<string, number>>;
  type YearRow = {
    year: number;
    minimum: number;
    minimumKind: string;
    monthsBelow: number;
    rupiahShort: number;
    contracts: string[];
  };
  const years = (f: { evidence: Record<string, unknown> }) => f.evidence.years as YearRow[];

  it('judges every calendar year a contract is in force, not only its start year (v1 missed 2025)', () => {
    // A 2024 contract at Rp 3,600,000, still paid that in 2025: above the 2024 UMK, below the 2025 one.
    const w = worker([contract('2024-01-01', '2025-12-31', { ref: 'K24', monthlyWage: 3_600_000 })]);
    expect(umk['2024']).toBeLessThan(3_600_000);
    expect(umk['2025']).toBeGreaterThan(3_600_000);
    const f = one(run(w, '2025-06-30'), 'WAGE_BELOW_MINIMUM');
    expect(years(f)).toEqual([
      expect.objectContaining({
        year: 2025,
        minimum: umk['2025'],
        minimumKind: 'UMK',
        monthsBelow: 6,
        rupiahShort: 6 * (umk['2025'] - 3_600_000),
        contracts: ['K24'],
      }),
    ]);
    expect(f.subjectKey).toBe('6408014107950003|');
    expect(f.evidence.totalWageShortfallToDate).toBe(6 * (umk['2025'] - 3_600_000));
    // In 2024 the same wage was lawful.
    expect(only(run(w, '2024-12-31'), 'WAGE_BELOW_MINIMUM')).toHaveLength(0);
  });

  it('never fires on micro or small employers (Art 90B(1)), fires on medium and large', () => {
    const w = worker([contract('2025-01-01', '2025-12-31', { monthlyWage: 2_000_000 })]);
    for (const scale of ['micro', 'small'] as const)
      expect(only(run(w, '2025-06-30', {}, employer({ scale })), 'WAGE_BELOW_MINIMUM')).toHaveLength(0);
    for (const scale of ['medium', 'large'] as const)
      expect(only(run(w, '2025-06-30', {}, employer({ scale })), 'WAGE_BELOW_MINIMUM')).toHaveLength(1);
  });

  it('uses the UMSK of the employer’s sector (KBLI) where the year has one, else the UMK', () => {
    const palm = employer({ kbli: '01262' });
    const coal = employer({ kbli: '05100' });
    // Between the 2025 UMK and the 2025 palm-oil UMSK: lawful for a shop, below the minimum for a plantation.
    const wage = umsk['2025'].palm_oil - 1;
    expect(wage).toBeGreaterThan(umk['2025']);
    const w = worker([contract('2025-01-01', '2026-12-31', { monthlyWage: wage, ref: 'P' })]);
    expect(only(run(w, '2025-06-30'), 'WAGE_BELOW_MINIMUM')).toHaveLength(0);
    const f = one(run(w, '2025-06-30', {}, palm), 'WAGE_BELOW_MINIMUM');
    expect(years(f)[0]).toMatchObject({ year: 2025, minimumKind: 'UMSK', minimum: umsk['2025'].palm_oil });
    expect(f.evidence.sector).toBe('palm_oil');
    expect(f.summary.en).toContain('UMSK');
    // The decreed 3,901,060.50 is rounded up: 3,901,060 is below it.
    expect(umsk['2025'].palm_oil).toBe(3_901_061);
    // Coal has a 2025 UMSK and none for 2026: 2026 falls back to the UMK.
    const c26 = worker([contract('2026-01-01', '2026-12-31', { monthlyWage: umk['2026'] - 1 })]);
    expect(years(one(run(c26, '2026-03-31', {}, coal), 'WAGE_BELOW_MINIMUM'))[0]).toMatchObject({
      year: 2026,
      minimumKind: 'UMK',
      minimum: umk['2026'],
    });
  });

  it('passes a wage exactly at the minimum and flags one rupiah less', () => {
    expect(
      only(
        run(worker([contract('2025-03-01', '2025-12-31', { monthlyWage: umk['2025'] })]), '2025-06-30'),
        'WAGE_BELOW_MINIMUM',
      ),
    ).toHaveLength(0);
    expect(
      only(
        run(worker([contract('2025-03-01', '2025-12-31', { monthlyWage: umk['2025'] - 1 })]), '2025-06-30'),
        'WAGE_BELOW_MINIMUM',
      ),
    ).toHaveLength(1);
  });

  it('skips years without a known minimum instead of guessing, and lists them', () => {
    const w = worker([contract('2023-01-01', '2023-12-31', { monthlyWage: 1_000_000 })]);
    expect(only(run(w, '2025-06-30'), 'WAGE_BELOW_MINIMUM')).toHaveLength(0);
    const mixed = worker([contract('2023-07-01', '2024-06-30', { monthlyWage: 1_000_000 })]);
    const f = one(run(mixed, '2025-06-30'), 'WAGE_BELOW_MINIMUM');
    expect(f.evidence.yearsWithoutMinimumSkipped).toEqual([2023]);
    expect(years(f).map((y) => [y.year, y.monthsBelow])).toEqual([[2024, 6]]);
  });

  it('judges only days up to the reference day', () => {
    const w = worker([contract('2025-07-01', '2025-12-31', { monthlyWage: 1_000_000 })]);
    expect(only(run(w, '2025-06-30'), 'WAGE_BELOW_MINIMUM')).toHaveLength(0);
    const f = one(run(w, '2025-07-01'), 'WAGE_BELOW_MINIMUM');
    expect(years(f)[0].monthsBelow).toBeCloseTo(1 / 31, 2);
  });

  it('grades by the worst shortfall of any year', () => {
    const sev = (wage: number) =>
      one(
        run(worker([contract('2025-01-01', '2025-12-31', { monthlyWage: wage })]), '2025-06-30'),
        'WAGE_BELOW_MINIMUM',
      ).severity;
    expect(sev(umk['2025'] - 1)).toBe('medium');
    expect(sev(Math.floor(umk['2025'] * 0.85))).toBe('high');
  });
});
