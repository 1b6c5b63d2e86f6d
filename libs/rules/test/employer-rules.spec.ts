import {
  accumulateContract,
  accumulateWorker,
  emptyAggregate,
  evaluateContractorHopping,
  evaluateEmployer,
  evaluateEmployerLevel,
} from '../src';
import {
  contract,
  ctxAt,
  employer,
  enrolment,
  NIK,
  NIK2,
  one,
  only,
  rules,
  run,
  sponsored,
  worker,
} from './helpers';

describe('EMPLOYER_UNREGISTERED', () => {
  const agg = (n: number) => ({ contractsInForceOnAsOf: n, activeContracts: n });

  it('fires with a contract in force and no NPP', () => {
    const f = one(
      evaluateEmployerLevel(employer({ npp: null }), agg(3), ctxAt('2025-06-30')),
      'EMPLOYER_UNREGISTERED',
    );
    expect(f).toMatchObject({
      nik: null,
      chainStart: null,
      subjectKey: '|',
      employerId: 'E1',
      severity: 'high',
    });
    expect(f.evidence).toMatchObject({ contractsInForceOnAsOf: 3, npp: null });
    expect(
      only(
        evaluateEmployerLevel(employer({ npp: '  ' }), agg(1), ctxAt('2025-06-30')),
        'EMPLOYER_UNREGISTERED',
      ),
    ).toHaveLength(1);
  });

  it('does not fire with an NPP or without a contract in force', () => {
    expect(
      only(
        evaluateEmployerLevel(employer({ npp: '12345678' }), agg(3), ctxAt('2025-06-30')),
        'EMPLOYER_UNREGISTERED',
      ),
    ).toHaveLength(0);
    expect(
      only(
        evaluateEmployerLevel(employer({ npp: null }), agg(0), ctxAt('2025-06-30')),
        'EMPLOYER_UNREGISTERED',
      ),
    ).toHaveLength(0);
  });

  it('is critical from ten contracts in force', () => {
    expect(
      one(
        evaluateEmployerLevel(employer({ npp: null }), agg(9), ctxAt('2025-06-30')),
        'EMPLOYER_UNREGISTERED',
      ).severity,
    ).toBe('high');
    expect(
      one(
        evaluateEmployerLevel(employer({ npp: null }), agg(10), ctxAt('2025-06-30')),
        'EMPLOYER_UNREGISTERED',
      ).severity,
    ).toBe('critical');
  });
});

describe('SELF_REPORT_OVERDUE', () => {
  const agg = { contractsInForceOnAsOf: 2, activeContracts: 2 };
  const ctx = ctxAt('2025-06-30');

  it('accepts a report processed exactly selfReportMaxAgeDays before asOf and flags one day older', () => {
    expect(
      evaluateEmployerLevel(employer({ lastSelfReportProcessedOn: '2024-06-30' }), agg, ctx),
    ).toHaveLength(0); // 365 days
    const f = one(
      evaluateEmployerLevel(employer({ lastSelfReportProcessedOn: '2024-06-29' }), agg, ctx),
      'SELF_REPORT_OVERDUE',
    );
    expect(f.evidence).toMatchObject({
      daysSinceLastReport: 366,
      dueBy: '2025-06-29',
      selfReportMaxAgeDays: 365,
    });
    expect(f.severity).toBe('low');
  });

  it('is medium when no report was ever processed, and silent without active contracts', () => {
    expect(one(evaluateEmployerLevel(employer(), agg, ctx), 'SELF_REPORT_OVERDUE').severity).toBe('medium');
    expect(
      evaluateEmployerLevel(employer(), { contractsInForceOnAsOf: 0, activeContracts: 4 }, ctx),
    ).toHaveLength(0);
  });

  it('reads the max age from the parameters', () => {
    const f = evaluateEmployerLevel(
      employer({ lastSelfReportProcessedOn: '2025-03-01' }),
      agg,
      ctxAt('2025-06-30', { selfReportMaxAgeDays: 90 }),
    );
    expect(rules(f)).toEqual(['SELF_REPORT_OVERDUE']);
  });
});

describe('employer aggregate', () => {
  it('counts contracts in force on asOf and active contracts', () => {
    const ctx = ctxAt('2025-06-30');
    const agg = emptyAggregate();
    accumulateWorker(
      agg,
      worker([contract('2025-01-01', '2025-06-30'), contract('2025-07-01', '2025-12-31')]),
      ctx,
    );
    accumulateWorker(agg, worker([contract('2024-01-01', '2024-12-31')]), ctx);
    accumulateWorker(agg, worker([contract('2025-06-30', null)]), ctx);
    expect(agg).toEqual({ contractsInForceOnAsOf: 2, activeContracts: 3, workersInForceOnAsOf: 2 });
    expect(accumulateContract(emptyAggregate(), contract('2025-07-01', null), ctx)).toBe(false);
  });
});

describe('SPONSORED_COST_SHIFT', () => {
  const c = contract('2025-01-01', '2025-12-31');

  it('fires when a worker with a contract in force is on the sponsored list on asOf', () => {
    const w = worker([c], [enrolment('2025-01-01', null)], { sponsored: [sponsored('2025-03-01', null)] });
    const f = one(run(w, '2025-03-31'), 'SPONSORED_COST_SHIFT');
    expect(f.evidence).toMatchObject({
      overlapDays: 31,
      sponsoredPrograms: ['JKK', 'JKM'],
      enrolledByEmployerOnAsOf: true,
      sponsoredFrom: '2025-03-01',
    });
    expect(f.severity).toBe('medium');
    expect(typeof f.evidence.estimatedPublicCost).toBe('number');
  });

  it('is high when the employer has not enrolled the worker itself', () => {
    const w = worker([c], [], { sponsored: [sponsored('2025-03-01', null)] });
    expect(one(run(w, '2025-03-31'), 'SPONSORED_COST_SHIFT').severity).toBe('high');
  });

  it('needs both on asOf', () => {
    const ended = worker([c], [enrolment('2025-01-01', null)], {
      sponsored: [sponsored('2025-03-01', '2025-03-30')],
    });
    expect(only(run(ended, '2025-03-31'), 'SPONSORED_COST_SHIFT')).toHaveLength(0);
    const noContract = worker([contract('2024-01-01', '2024-12-31')], [], {
      sponsored: [sponsored('2024-03-01', null)],
    });
    expect(only(run(noContract, '2025-03-31'), 'SPONSORED_COST_SHIFT')).toHaveLength(0);
  });
});

describe('CONTRACTOR_HOPPING', () => {
  const principal = employer({ id: 'P', name: 'PT Tambang Induk', scale: 'large' });
  const at = (employerId: string, start: string, end: string | null, ref: string, nik = NIK) =>
    contract(start, end, { employerId, ref, nik });

  it('joins a worker’s PKWTs across contractors and lands on the principal', () => {
    const contracts = [
      at('K1', '2019-01-01', '2021-12-31', 'A'),
      at('K2', '2022-01-10', '2024-01-31', 'B'),
      at('K1', '2024-02-01', '2025-06-30', 'C'),
    ];
    const fs = evaluateContractorHopping(principal, NIK, contracts, ctxAt('2025-06-30'));
    const f = one(fs, 'CONTRACTOR_HOPPING');
    expect(f).toMatchObject({
      employerId: 'P',
      nik: NIK,
      chainStart: '2019-01-01',
      subjectKey: `${NIK}|2019-01-01`,
    });
    expect(f.evidence.contractors).toEqual(['K1', 'K2']);
    expect(f.evidence.breaches).toEqual(['PKWT_DURATION_EXCEEDED', 'PKWT_SERIAL_RENEWAL']);
    expect((f.evidence.contracts as { employerId: string }[]).map((x) => x.employerId)).toEqual([
      'K1',
      'K2',
      'K1',
    ]);
    expect(f.summary.id).toContain('PT Tambang Induk');
  });

  it('needs a move between contractors', () => {
    const same = [at('K1', '2019-01-01', '2021-12-31', 'A'), at('K1', '2022-01-01', '2025-06-30', 'B')];
    expect(evaluateContractorHopping(principal, NIK, same, ctxAt('2025-06-30'))).toHaveLength(0);
  });

  it('fires on the serial threshold alone', () => {
    const contracts = [
      at('K1', '2023-01-01', '2023-12-31', 'A'),
      at('K2', '2024-01-01', '2024-12-31', 'B'),
      at('K3', '2025-01-15', '2025-12-31', 'C'),
    ];
    const f = one(
      evaluateContractorHopping(principal, NIK, contracts, ctxAt('2025-06-30')),
      'CONTRACTOR_HOPPING',
    );
    expect(f.evidence.breaches).toEqual(['PKWT_SERIAL_RENEWAL']);
    expect(f.severity).toBe('high');
  });

  it('does not join across a gap over pkwtChainGapDays', () => {
    const contracts = [at('K1', '2019-01-01', '2021-12-31', 'A'), at('K2', '2022-02-01', '2025-06-30', 'B')];
    expect(evaluateContractorHopping(principal, NIK, contracts, ctxAt('2025-06-30'))).toHaveLength(0);
  });

  it('keeps each worker apart within evaluateEmployer', () => {
    const contractorContracts = [
      at('K1', '2019-01-01', '2021-12-31', 'A'),
      at('K2', '2022-01-01', '2025-06-30', 'B'),
      at('K1', '2019-01-01', '2021-12-31', 'X', NIK2),
      at('K1', '2022-01-01', '2025-06-30', 'Y', NIK2),
    ];
    const fs = evaluateEmployer(
      { employer: principal, workers: [], contractorContracts },
      ctxAt('2025-06-30'),
    );
    expect(fs.map((f) => [f.rule, f.nik])).toEqual([['CONTRACTOR_HOPPING', NIK]]);
  });
});
