/** The worked examples of docs/rules.md, kept true by this file (asOf 2025-11-30, a medium employer, JKK group 2). */
import { evaluateContractorHopping, evaluateEmployerLevel } from '../src';
import {
  contract,
  ctxAt,
  employer,
  enrolment,
  NIK,
  one,
  only,
  rules,
  run,
  sponsored,
  worker,
} from './helpers';

const AS_OF = '2025-11-30';
const c = contract('2025-08-01', '2026-07-31', { ref: 'PKWT-2025-017', monthlyWage: 4_000_000 });
const full = { reportedWage: 4_000_000 };

describe('docs/rules.md worked examples', () => {
  it('ENROLMENT_MISSING', () => {
    const f = one(run(worker([c]), AS_OF), 'ENROLMENT_MISSING');
    expect(f.evidence).toMatchObject({
      totalUncoveredDays: 122,
      uncoveredSince: '2025-08-01',
      estimatedUnpaidContributions: 1_526_400,
    });
    expect(f.severity).toBe('critical');
    expect(f.summary.en).toBe(
      'Worker Siti Rahmawati (6408********0003) has had no BPJS Ketenagakerjaan enrolment since 2025-08-01 (122 contract days uncovered; an estimated Rp 1,526,400 in unpaid contributions).',
    );
    expect(f.summary.id).toBe(
      'Pekerja Siti Rahmawati (6408********0003) tidak terdaftar di BPJS Ketenagakerjaan sejak 2025-08-01 (122 hari kontrak tanpa perlindungan; perkiraan iuran tak dibayar Rp 1.526.400).',
    );
  });

  it('ENROLMENT_LATE', () => {
    const f = one(run(worker([c], [enrolment('2025-08-15', null, full)]), AS_OF), 'ENROLMENT_LATE');
    expect(f.evidence).toMatchObject({
      totalUncoveredDays: 14,
      contributionsByProgram: { JKK: 9_755, JKM: 5_419, JHT: 102_968, JP: 54_194 },
      estimatedUnpaidContributions: 172_336,
    });
    expect(f.severity).toBe('low');
  });

  it('PROGRAM_INCOMPLETE', () => {
    const f = one(
      run(
        worker([c], [enrolment('2025-08-01', null, { ...full, programs: ['JKK', 'JKM', 'JHT'] })], {
          birthDate: '1990-04-12',
        }),
        AS_OF,
      ),
      'PROGRAM_INCOMPLETE',
    );
    expect(f.evidence).toMatchObject({
      missingPrograms: ['JP'],
      estimatedUnpaidContributions: 480_000,
      ageOnReferenceDay: 35,
      pensionAge: 59,
    });
    expect(f.severity).toBe('medium');
  });

  it('WAGE_UNDER_REPORTED', () => {
    const w = worker(
      [contract('2025-08-01', '2026-07-31', { monthlyWage: 5_000_000 })],
      [enrolment('2025-08-01', null, { reportedWage: 4_000_000 })],
    );
    const f = one(run(w, AS_OF), 'WAGE_UNDER_REPORTED');
    expect(f.evidence).toMatchObject({
      shortfall: 1_000_000,
      shortfallPct: 20,
      estimatedUnpaidContributions: 381_600,
    });
    expect(f.severity).toBe('medium');
  });

  it('WAGE_BELOW_MINIMUM', () => {
    const w = worker(
      [contract('2025-03-01', '2026-02-28', { ref: 'K-7', monthlyWage: 3_600_000 })],
      [enrolment('2025-03-01', null, { reportedWage: 3_600_000 })],
    );
    const f = one(run(w, AS_OF), 'WAGE_BELOW_MINIMUM');
    const row = (f.evidence.years as Record<string, unknown>[])[0];
    expect(row).toMatchObject({
      year: 2025,
      minimum: 3_743_820,
      minimumKind: 'UMK',
      monthlyShortfall: 143_820,
      shortfallPct: 3.84,
      monthsBelow: 9,
      rupiahShort: 1_294_380,
    });
    expect(f.evidence.totalWageShortfallToDate).toBe(1_294_380);
    expect(f.severity).toBe('medium');
    // The same history at a small employer: no case (UU 13/2003 Art 90B(1)).
    expect(only(run(w, AS_OF, {}, employer({ scale: 'small' })), 'WAGE_BELOW_MINIMUM')).toHaveLength(0);
  });

  it('PKWT_DURATION_EXCEEDED', () => {
    const w = worker(
      [contract('2020-01-01', '2022-12-31'), contract('2023-01-01', '2025-01-01')],
      [enrolment('2020-01-01', null, full)],
    );
    const f = one(run(w, AS_OF), 'PKWT_DURATION_EXCEEDED');
    expect(f.evidence).toMatchObject({ lastLawfulDay: '2024-12-31', daysOverLimit: 1, monthsOverLimit: 0 });
    expect(f.subjectKey).toBe(`${NIK}|2020-01-01`);
    expect(f.severity).toBe('high');
  });

  it('PKWT_SERIAL_RENEWAL', () => {
    const w = worker(
      [
        contract('2023-01-01', '2023-12-31'),
        contract('2024-01-01', '2024-12-31'),
        contract('2025-01-20', '2025-12-31'),
      ],
      [enrolment('2023-01-01', null, full)],
    );
    const f = one(run(w, AS_OF), 'PKWT_SERIAL_RENEWAL');
    expect(f.evidence).toMatchObject({
      pkwtContracts: 3,
      extensions: 1,
      renewals: 1,
      lookbackFrom: '2023-11-30',
    });
    expect(f.severity).toBe('medium');
  });

  it('PKWT_LEGACY_BREACH', () => {
    const w = worker(
      [
        contract('2018-06-01', '2020-06-30', { ref: 'L1' }),
        contract('2020-07-15', '2021-07-14', { ref: 'L2' }),
      ],
      [enrolment('2018-06-01', null, full)],
    );
    const f = one(run(w, AS_OF), 'PKWT_LEGACY_BREACH');
    expect((f.evidence.breaches as { code: string }[]).map((b) => b.code)).toEqual([
      'FIRST_PKWT_OVER_LIMIT',
      'EARLY_RENEWAL',
    ]);
    expect(f.severity).toBe('medium');
  });

  it('PKWT_COMPENSATION_UNPAID', () => {
    const w = worker(
      [
        contract('2024-01-01', '2024-12-31', {
          ref: 'P1',
          monthlyWage: 4_000_000,
          compensationPaid: 2_000_000,
          compensationPaidOn: '2025-01-03',
        }),
        contract('2025-01-01', '2025-07-15', { ref: 'P2', monthlyWage: 4_000_000 }),
      ],
      [enrolment('2024-01-01', null, full)],
    );
    const f = one(run(w, AS_OF), 'PKWT_COMPENSATION_UNPAID');
    expect(f.subjectKey).toBe(`${NIK}|2024-01-01`);
    expect(f.evidence.contracts).toEqual([
      expect.objectContaining({
        ref: 'P1',
        monthsOfService: 12,
        owed: 4_000_000,
        paid: 2_000_000,
        short: 2_000_000,
        status: 'short',
      }),
      expect.objectContaining({
        ref: 'P2',
        wholeMonths: 6,
        remainderDays: 15,
        owed: 2_161_290,
        paid: null,
        short: 2_161_290,
        status: 'not_reported',
      }),
    ]);
    expect(f.evidence).toMatchObject({ totalOwed: 6_161_290, totalPaid: 2_000_000, totalShort: 4_161_290 });
    expect(f.severity).toBe('high');
  });

  it('UNDERAGE_WORKER', () => {
    // NIK 640801 120309 0001: born 2009-03-12; no birthDate reported.
    const nik = '6408011203090001';
    const w = worker(
      [contract('2025-01-01', '2025-12-31', { nik })],
      [enrolment('2025-01-01', null, { ...full, nik })],
      {
        nik,
        birthDate: null,
      },
    );
    const f = one(run(w, AS_OF), 'UNDERAGE_WORKER');
    expect(f.evidence).toMatchObject({
      birthDate: '2009-03-12',
      birthDateSource: 'nik',
      ageOnFirstContractDay: 15,
      adultOn: '2027-03-12',
      stillUnderageOnAsOf: true,
      underageContractDays: 334,
    });
    expect(f.severity).toBe('high');
    // Recorded as born 2011-03-12: 13 on the first day, under the minimum working age of 15.
    const younger = worker([contract('2025-01-01', '2025-12-31', { nik })], [], {
      nik,
      birthDate: '2011-03-12',
    });
    expect(one(run(younger, AS_OF), 'UNDERAGE_WORKER').severity).toBe('critical');
  });

  it('SPONSORED_COST_SHIFT', () => {
    const f = one(
      run(
        worker([c], [enrolment('2025-08-01', null, full)], { sponsored: [sponsored('2025-06-01', null)] }),
        AS_OF,
      ),
      'SPONSORED_COST_SHIFT',
    );
    expect(f.evidence).toMatchObject({ overlapDays: 122, estimatedPublicCost: 67_200 });
  });

  it('EMPLOYER_UNREGISTERED and SELF_REPORT_OVERDUE', () => {
    const fs = evaluateEmployerLevel(
      employer({ npp: null, lastSelfReportProcessedOn: '2024-11-29' }),
      { contractsInForceOnAsOf: 4, activeContracts: 5, workersInForceOnAsOf: 4 },
      ctxAt(AS_OF),
    );
    expect(rules(fs)).toEqual(['EMPLOYER_UNREGISTERED', 'SELF_REPORT_OVERDUE']);
    expect(fs[0].severity).toBe('high');
    expect(fs[1].evidence).toMatchObject({ daysSinceLastReport: 366 });
    expect(fs[1].severity).toBe('low');
  });

  it('CONTRACTOR_HOPPING', () => {
    const fs = evaluateContractorHopping(
      employer({ id: 'P', name: 'PT Tambang Induk' }),
      NIK,
      [
        contract('2020-01-01', '2022-12-31', { employerId: 'K1' }),
        contract('2023-01-05', '2025-12-31', { employerId: 'K2' }),
      ],
      ctxAt(AS_OF),
    );
    const f = one(fs, 'CONTRACTOR_HOPPING');
    expect(f.evidence).toMatchObject({
      spanMonths: 72,
      monthsOverLimit: 12,
      breaches: ['PKWT_DURATION_EXCEEDED'],
    });
    expect(f.severity).toBe('critical');
  });
});
