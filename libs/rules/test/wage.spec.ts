import { contract, enrolment, loadReference, one, only, run, worker } from './helpers';

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
  const umk = loadReference().minimumWage.umk;

  it('compares each contract with the UMK of its start year', () => {
    const w = worker([
      contract('2024-12-31', '2024-12-31', { ref: 'OK24', monthlyWage: umk['2024'] }),
      contract('2025-01-01', '2025-06-30', { ref: 'LOW25', monthlyWage: umk['2024'] }),
    ]);
    const f = one(run(w, '2025-06-30'), 'WAGE_BELOW_MINIMUM');
    const rows = f.evidence.contracts as {
      ref: string;
      umk: number;
      umkYear: number;
      monthlyShortfall: number;
    }[];
    expect(rows.map((r) => r.ref)).toEqual(['LOW25']);
    expect(rows[0]).toMatchObject({
      umkYear: 2025,
      umk: umk['2025'],
      monthlyShortfall: umk['2025'] - umk['2024'],
    });
    expect(f.subjectKey).toBe('6408014107950003|');
    expect(f.evidence.worstContractRef).toBe('LOW25');
    // Six whole months of shortfall (January–June 2025).
    expect(f.evidence.totalWageShortfallToDate).toBe(6 * (umk['2025'] - umk['2024']));
  });

  it('passes a wage exactly at the UMK and flags one rupiah less', () => {
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

  it('skips years without a known UMK instead of guessing', () => {
    const w = worker([contract('2023-01-01', '2023-12-31', { monthlyWage: 1_000_000 })]);
    expect(only(run(w, '2025-06-30'), 'WAGE_BELOW_MINIMUM')).toHaveLength(0);
    const mixed = worker([
      contract('2023-01-01', '2023-12-31', { monthlyWage: 1_000_000 }),
      contract('2024-01-01', '2024-12-31', { monthlyWage: 1_000_000 }),
    ]);
    const f = one(run(mixed, '2025-06-30'), 'WAGE_BELOW_MINIMUM');
    expect(f.evidence.unknownUmkYearsSkipped).toEqual([2023]);
    expect((f.evidence.contracts as unknown[]).length).toBe(1);
  });

  it('judges only contracts that have started by asOf', () => {
    const w = worker([contract('2025-07-01', '2025-12-31', { monthlyWage: 1_000_000 })]);
    expect(only(run(w, '2025-06-30'), 'WAGE_BELOW_MINIMUM')).toHaveLength(0);
    expect(only(run(w, '2025-07-01'), 'WAGE_BELOW_MINIMUM')).toHaveLength(1);
  });

  it('grades by the worst shortfall', () => {
    const sev = (wage: number) =>
      one(
        run(worker([contract('2025-01-01', '2025-12-31', { monthlyWage: wage })]), '2025-06-30'),
        'WAGE_BELOW_MINIMUM',
      ).severity;
    expect(sev(umk['2025'] - 1)).toBe('medium');
    expect(sev(Math.floor(umk['2025'] * 0.85))).toBe('high');
  });
});
