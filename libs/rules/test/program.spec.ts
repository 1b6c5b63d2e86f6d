import { contract, employer, enrolment, one, only, run, worker } from './helpers';

describe('PROGRAM_INCOMPLETE', () => {
  const c = contract('2024-01-01', '2025-12-31');

  it('fires when the covering enrolment lacks a program the scale requires', () => {
    const f = one(
      run(worker([c], [enrolment('2024-01-01', null, { programs: ['JKK', 'JKM', 'JHT'] })]), '2025-06-30'),
      'PROGRAM_INCOMPLETE',
    );
    expect(f.evidence.missingPrograms).toEqual(['JP']);
    expect(f.evidence.requiredPrograms).toEqual(['JKK', 'JKM', 'JHT', 'JP']);
    expect(f.evidence.enrolledPrograms).toEqual(['JKK', 'JKM', 'JHT']);
    expect(f.evidence.referenceDay).toBe('2025-06-30');
    expect(f.severity).toBe('medium');
    expect(f.evidence.programsCharged).toEqual(['JP']);
    expect(f.evidence.estimatedUnpaidContributions as number).toBeGreaterThan(0);
    expect(f.summary.en).toContain('lacks JP');
  });

  it('follows the scale: micro needs JKK+JKM, small adds JHT', () => {
    const w = worker([c], [enrolment('2024-01-01', null, { programs: ['JKK', 'JKM'] })]);
    expect(only(run(w, '2025-06-30', {}, employer({ scale: 'micro' })), 'PROGRAM_INCOMPLETE')).toHaveLength(
      0,
    );
    const small = one(run(w, '2025-06-30', {}, employer({ scale: 'small' })), 'PROGRAM_INCOMPLETE');
    expect(small.evidence.missingPrograms).toEqual(['JHT']);
    const large = one(run(w, '2025-06-30', {}, employer({ scale: 'large' })), 'PROGRAM_INCOMPLETE');
    expect(large.evidence.missingPrograms).toEqual(['JHT', 'JP']);
  });

  it('is high when accident or death cover is missing', () => {
    const f = one(
      run(worker([c], [enrolment('2024-01-01', null, { programs: ['JHT', 'JP'] })]), '2025-06-30'),
      'PROGRAM_INCOMPLETE',
    );
    expect(f.evidence.missingPrograms).toEqual(['JKK', 'JKM']);
    expect(f.severity).toBe('high');
  });

  it('takes the union of enrolments covering the reference day', () => {
    const w = worker(
      [c],
      [
        enrolment('2024-01-01', null, { programs: ['JKK', 'JKM'] }),
        enrolment('2024-06-01', null, { programs: ['JHT', 'JP'] }),
      ],
    );
    expect(only(run(w, '2025-06-30'), 'PROGRAM_INCOMPLETE')).toHaveLength(0);
    expect(one(run(w, '2024-05-31'), 'PROGRAM_INCOMPLETE').evidence.missingPrograms).toEqual(['JHT', 'JP']);
  });

  it('does not fire when nothing covers the reference day (that is ENROLMENT_MISSING)', () => {
    const f = run(worker([c], [enrolment('2024-01-01', '2024-12-31', { programs: ['JKK'] })]), '2025-06-30');
    expect(only(f, 'PROGRAM_INCOMPLETE')).toHaveLength(0);
    expect(only(f, 'ENROLMENT_MISSING')).toHaveLength(1);
  });

  it('does not require JP at or above the pension age on the reference day', () => {
    const noJp = (birthDate: string, asOf: string) =>
      only(
        run(
          worker([c], [enrolment('2024-01-01', null, { programs: ['JKK', 'JKM', 'JHT'] })], { birthDate }),
          asOf,
        ),
        'PROGRAM_INCOMPLETE',
      );
    // 2025: pension age 59.
    expect(noJp('1966-06-30', '2025-06-30')).toHaveLength(0);
    // 2024: pension age 58.
    expect(noJp('1966-06-30', '2024-06-30')).toHaveLength(0); // turns 58 that day
    expect(noJp('1966-07-01', '2024-06-30')).toHaveLength(1); // still 57
  });

  it('counts the pension age as reached once: a later rise does not bring JP back (v1 demanded it again)', () => {
    const noJp = (birthDate: string, asOf: string) =>
      only(
        run(
          worker([c], [enrolment('2024-01-01', null, { programs: ['JKK', 'JKM', 'JHT'] })], { birthDate }),
          asOf,
        ),
        'PROGRAM_INCOMPLETE',
      );
    // Turned 58 on 2024-07-01 while 58 was the pension age; in 2025 the age is 59 and they are still 58.
    expect(noJp('1966-07-01', '2025-06-30')).toHaveLength(0);
    // Turned 58 on 2024-12-31, the last day of age 58: reached; a day later (2025-01-01) would not be.
    expect(noJp('1966-12-31', '2024-12-30')).toHaveLength(1);
    expect(noJp('1966-12-31', '2025-06-30')).toHaveLength(0);
    // Turns 58 on 2025-01-01, when the pension age is already 59: not reached until 59 (2026-01-01).
    const f = one(
      run(
        worker([c], [enrolment('2024-01-01', null, { programs: ['JKK', 'JKM', 'JHT'] })], {
          birthDate: '1967-01-01',
        }),
        '2025-06-30',
      ),
      'PROGRAM_INCOMPLETE',
    );
    expect(f.evidence).toMatchObject({ jpRequired: true, pensionAge: 59, pensionAgeReachedOn: null });
    const reached = run(
      worker([c], [enrolment('2024-01-01', null, { programs: ['JKK', 'JKM', 'JHT'] })], {
        birthDate: '1966-07-01',
      }),
      '2025-06-30',
    );
    expect(only(reached, 'PROGRAM_INCOMPLETE')).toHaveLength(0);
  });

  it('derives the birth date from the NIK when the record has none, and requires JP when it cannot', () => {
    const en = [enrolment('2024-01-01', null, { programs: ['JKK', 'JKM', 'JHT'] })];
    // NIK born 1960-03-12 (man): 65 in 2025 → JP not required.
    const old = worker([contract('2024-01-01', '2025-12-31', { nik: '6408011203600001' })], en, {
      nik: '6408011203600001',
      birthDate: null,
    });
    expect(only(run(old, '2025-06-30'), 'PROGRAM_INCOMPLETE')).toHaveLength(0);
    const bad = worker([contract('2024-01-01', '2025-12-31', { nik: '6408019999600001' })], en, {
      nik: '6408019999600001',
      birthDate: null,
    });
    const f = one(run(bad, '2025-06-30'), 'PROGRAM_INCOMPLETE');
    expect(f.evidence.birthDateSource).toBeNull();
    expect(f.evidence.jpRequired).toBe(true);
  });
});
