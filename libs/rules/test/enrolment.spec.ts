import { evaluateWorker } from '../src';
import {
  contract,
  ctxAt,
  employer,
  enrolment,
  loadReference,
  one,
  only,
  rules,
  run,
  worker,
} from './helpers';

describe('ENROLMENT_MISSING and ENROLMENT_LATE', () => {
  const c2024 = contract('2024-01-01', '2024-12-31', { ref: 'K1' });

  it('finds nothing when the enrolment starts on day one', () => {
    const f = run(worker([c2024], [enrolment('2024-01-01', null)]), '2024-06-30');
    expect(only(f, 'ENROLMENT_MISSING')).toHaveLength(0);
    expect(only(f, 'ENROLMENT_LATE')).toHaveLength(0);
  });

  it('calls an enrolment from day two late by one day (grace 0)', () => {
    const f = one(run(worker([c2024], [enrolment('2024-01-02', null)]), '2024-06-30'), 'ENROLMENT_LATE');
    expect(f.evidence.totalUncoveredDays).toBe(1);
    expect(f.evidence.uncoveredPeriods).toEqual([{ from: '2024-01-01', to: '2024-01-01', days: 1 }]);
    expect(f.subjectKey).toBe('6408014107950003|');
    expect(f.chainStart).toBeNull();
    expect(f.severity).toBe('low');
    expect(
      only(run(worker([c2024], [enrolment('2024-01-02', null)]), '2024-06-30'), 'ENROLMENT_MISSING'),
    ).toHaveLength(0);
  });

  it('accepts day two with one grace day and not day three', () => {
    expect(
      rules(run(worker([c2024], [enrolment('2024-01-02', null)]), '2024-06-30', { enrolmentGraceDays: 1 })),
    ).not.toContain('ENROLMENT_LATE');
    const f = one(
      run(worker([c2024], [enrolment('2024-01-03', null)]), '2024-06-30', { enrolmentGraceDays: 1 }),
      'ENROLMENT_LATE',
    );
    expect(f.evidence.uncoveredPeriods).toEqual([{ from: '2024-01-02', to: '2024-01-02', days: 1 }]);
  });

  it('reports a never-enrolled worker as missing from day one to the reference day', () => {
    const f = one(run(worker([c2024]), '2024-03-31'), 'ENROLMENT_MISSING');
    expect(f.evidence.totalUncoveredDays).toBe(91); // leap year: 31 + 29 + 31
    expect(f.evidence.referenceDay).toBe('2024-03-31');
    expect(f.evidence.uncoveredSince).toBe('2024-01-01');
    expect(f.evidence.everEnrolled).toBe(false);
    expect(f.severity).toBe('critical'); // > 90 days
    expect(one(run(worker([c2024]), '2024-03-30'), 'ENROLMENT_MISSING').severity).toBe('high'); // 90 days
    expect(only(run(worker([c2024]), '2024-03-31'), 'ENROLMENT_LATE')).toHaveLength(0);
  });

  it('judges an ended contract on its last day (reference day = min(asOf, latest end))', () => {
    const f = one(
      run(worker([c2024], [enrolment('2024-02-01', '2024-11-30')]), '2025-06-30'),
      'ENROLMENT_MISSING',
    );
    expect(f.evidence.referenceDay).toBe('2024-12-31');
    expect(f.evidence.uncoveredPeriods).toEqual([
      { from: '2024-01-01', to: '2024-01-31', days: 31 },
      { from: '2024-12-01', to: '2024-12-31', days: 31 },
    ]);
    expect(f.evidence.uncoveredSince).toBe('2024-12-01');
    // Covered to the end: only late.
    const late = run(worker([c2024], [enrolment('2024-02-01', '2024-12-31')]), '2025-06-30');
    expect(rules(late)).toContain('ENROLMENT_LATE');
    expect(rules(late)).not.toContain('ENROLMENT_MISSING');
  });

  it('treats a lapsed enrolment as missing on the reference day', () => {
    const f = one(
      run(worker([c2024], [enrolment('2024-01-01', '2024-05-31')]), '2024-06-10'),
      'ENROLMENT_MISSING',
    );
    expect(f.evidence.uncoveredPeriods).toEqual([{ from: '2024-06-01', to: '2024-06-10', days: 10 }]);
    expect(f.evidence.everEnrolled).toBe(true);
  });

  it('counts an enrolment that starts before the contract as covering it', () => {
    const f = run(worker([c2024], [enrolment('2023-06-01', null)]), '2024-06-30');
    expect(rules(f)).not.toContain('ENROLMENT_MISSING');
    expect(rules(f)).not.toContain('ENROLMENT_LATE');
  });

  it('joins touching and overlapping enrolments', () => {
    const f = run(
      worker([c2024], [enrolment('2024-03-01', null), enrolment('2024-01-01', '2024-02-29')]),
      '2024-06-30',
    );
    expect(rules(f)).not.toContain('ENROLMENT_LATE');
    const gap = one(
      run(
        worker([c2024], [enrolment('2024-03-02', null), enrolment('2024-01-01', '2024-02-29')]),
        '2024-06-30',
      ),
      'ENROLMENT_LATE',
    );
    expect(gap.evidence.uncoveredPeriods).toEqual([{ from: '2024-03-01', to: '2024-03-01', days: 1 }]);
  });

  it('counts only contract days: a gap between contracts is not uncovered', () => {
    const w = worker(
      [
        contract('2024-01-01', '2024-03-31', { ref: 'A', compensationPaid: 1_125_000 }),
        contract('2024-06-01', '2024-12-31', { ref: 'B' }),
      ],
      [enrolment('2024-01-01', '2024-03-31'), enrolment('2024-06-01', null)],
    );
    expect(rules(run(w, '2024-09-30'))).toEqual([]);
  });

  it('while asOf falls between contracts, judges the last day of the earlier contract', () => {
    const w = worker(
      [
        contract('2024-01-01', '2024-03-31', { ref: 'A' }),
        contract('2024-06-01', '2024-12-31', { ref: 'B' }),
      ],
      [enrolment('2024-01-15', '2024-03-15')],
    );
    const f = one(run(w, '2024-05-01'), 'ENROLMENT_MISSING');
    expect(f.evidence.referenceDay).toBe('2024-03-31');
    expect(f.evidence.totalUncoveredDays).toBe(14 + 16);
  });

  it('restarts the grace after a real gap but not for an extension', () => {
    const ext = worker(
      [
        contract('2024-01-01', '2024-03-31', { ref: 'A' }),
        contract('2024-04-01', '2024-12-31', { ref: 'B' }),
      ],
      [enrolment('2024-01-05', '2024-03-31'), enrolment('2024-04-05', null)],
    );
    const f = one(run(ext, '2024-06-30', { enrolmentGraceDays: 7 }), 'ENROLMENT_LATE');
    expect(f.evidence.uncoveredPeriods).toEqual([{ from: '2024-04-01', to: '2024-04-04', days: 4 }]);
    const renewal = worker(
      [
        contract('2024-01-01', '2024-03-31', { ref: 'A' }),
        contract('2024-04-10', '2024-12-31', { ref: 'B' }),
      ],
      [enrolment('2024-01-05', '2024-03-31'), enrolment('2024-04-15', null)],
    );
    expect(rules(run(renewal, '2024-06-30', { enrolmentGraceDays: 7 }))).not.toContain('ENROLMENT_LATE');
  });

  it('judges an open-ended contract up to asOf', () => {
    const w = worker([contract('2024-01-01', null, { type: 'PKWTT' })]);
    const f = one(run(w, '2024-01-31'), 'ENROLMENT_MISSING');
    expect(f.evidence.totalUncoveredDays).toBe(31);
  });

  it('does not evaluate a worker whose first contract starts after asOf', () => {
    expect(rules(run(worker([c2024]), '2023-12-31'))).toEqual([]);
  });

  it('ignores the days of a contract that starts after asOf', () => {
    const w = worker(
      [
        contract('2024-01-01', '2024-06-30', { ref: 'A', compensationPaid: 2_250_000 }),
        contract('2024-09-01', '2024-12-31', { ref: 'B' }),
      ],
      [enrolment('2024-01-01', '2024-06-30')],
    );
    expect(rules(run(w, '2024-08-15'))).toEqual([]);
  });

  it('estimates the unpaid contributions from the reference rates, month by month', () => {
    const ref = loadReference();
    const r = ref.contributionRates;
    const wage = 4_000_000;
    const w = worker(
      [contract('2024-01-01', '2024-12-31', { monthlyWage: wage })],
      [enrolment('2024-03-01', null)],
    );
    // January and February uncovered: exactly two months of contributions, JKK at risk group 2.
    const f = one(
      evaluateWorker(employer({ jkkRiskGroup: 2, scale: 'medium' }), w, ctxAt('2024-06-30')),
      'ENROLMENT_LATE',
    );
    const cap = Math.min(...Object.values(r.JP.wageCap));
    const expected = {
      JKK: Math.round((2 * wage * r.JKK.byRiskGroup['2']) / 100),
      JKM: Math.round((2 * wage * r.JKM.pct) / 100),
      JHT: Math.round((2 * wage * (r.JHT.employerPct + r.JHT.workerPct)) / 100),
      JP: Math.round((2 * Math.min(wage, cap) * (r.JP.employerPct + r.JP.workerPct)) / 100),
    };
    expect(f.evidence.contributionsByProgram).toEqual(expected);
    expect(f.evidence.estimatedUnpaidContributions).toBe(
      expected.JKK + expected.JKM + expected.JHT + expected.JP,
    );
    expect(f.evidence.jkkRiskGroupAssumed).toBe(false);
    // Micro employers owe JKK and JKM only; no risk group → group 1, flagged as assumed.
    const micro = one(
      evaluateWorker(employer({ jkkRiskGroup: null, scale: 'micro' }), w, ctxAt('2024-06-30')),
      'ENROLMENT_LATE',
    );
    expect(micro.evidence.contributionsByProgram).toEqual({
      JKK: Math.round((2 * wage * r.JKK.byRiskGroup['1']) / 100),
      JKM: expected.JKM,
      JHT: 0,
      JP: 0,
    });
    expect(micro.evidence.jkkRiskGroup).toBe(1);
    expect(micro.evidence.jkkRiskGroupAssumed).toBe(true);
    expect(micro.evidence.programsCharged).toEqual(['JKK', 'JKM']);
  });

  it('prorates a partial month by its own length and caps JP at the cap in force', () => {
    const ref = loadReference();
    const r = ref.contributionRates;
    const [firstCapDate, firstCap] = Object.entries(r.JP.wageCap).sort(([a], [b]) => (a < b ? -1 : 1))[0];
    const wage = firstCap * 2; // far above the cap
    const start = firstCapDate; // 1 March
    const w = worker(
      [contract(start, null, { monthlyWage: wage })],
      [enrolment(start.slice(0, 8) + '16', null)],
    );
    const f = one(
      evaluateWorker(employer({ jkkRiskGroup: 1 }), w, ctxAt(start.slice(0, 8) + '31')),
      'ENROLMENT_LATE',
    );
    const frac = 15 / 31;
    expect(f.evidence.contributionsByProgram).toMatchObject({
      JKM: Math.round((frac * wage * r.JKM.pct) / 100),
      JP: Math.round((frac * firstCap * (r.JP.employerPct + r.JP.workerPct)) / 100),
    });
  });

  it('drops JP from the estimate for a worker at pension age', () => {
    const w = worker([contract('2024-01-01', null)], [], { birthDate: '1960-01-01' });
    const f = one(run(w, '2024-06-30'), 'ENROLMENT_MISSING');
    expect(f.evidence.programsCharged).toEqual(['JKK', 'JKM', 'JHT']);
    expect((f.evidence.contributionsByProgram as Record<string, number>).JP).toBe(0);
  });

  it('grades late enrolment by days and rupiah', () => {
    const late = (from: string) =>
      one(run(worker([c2024], [enrolment(from, null)]), '2024-12-31'), 'ENROLMENT_LATE').severity;
    expect(late('2024-01-31')).toBe('low'); // 30 days
    expect(late('2024-02-01')).toBe('medium'); // 31 days
    expect(late('2024-03-31')).toBe('medium'); // 90 days
    expect(late('2024-04-01')).toBe('high'); // 91 days
  });

  it('writes one sentence in Indonesian and English naming the worker and the figure', () => {
    const f = one(run(worker([c2024]), '2024-03-31'), 'ENROLMENT_MISSING');
    expect(f.summary.id).toContain('Siti Rahmawati (6408********0003)');
    expect(f.summary.en).toContain('91 contract days uncovered');
    expect(f.summary.id).toContain('91 hari');
    expect(f.summary.id).toMatch(/Rp \d{1,3}(\.\d{3})+/);
    expect(f.summary.en).toMatch(/Rp \d{1,3}(,\d{3})+/);
    for (const s of [f.summary.id, f.summary.en]) {
      expect(s.endsWith('.')).toBe(true);
      expect(s).not.toMatch(/\n/);
    }
  });
});
