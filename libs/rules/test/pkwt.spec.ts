import { contract, enrolment, one, only, run, worker } from './helpers';

const covered = [enrolment('2015-01-01', null)];

describe('PKWT_DURATION_EXCEEDED', () => {
  it('allows a chain of exactly 60 months and flags one day more', () => {
    const exact = worker(
      [contract('2020-01-01', '2022-12-31'), contract('2023-01-01', '2024-12-31')],
      covered,
    );
    expect(only(run(exact, '2025-06-30'), 'PKWT_DURATION_EXCEEDED')).toHaveLength(0);
    const over = worker(
      [contract('2020-01-01', '2022-12-31'), contract('2023-01-01', '2025-01-01')],
      covered,
    );
    const f = one(run(over, '2025-06-30'), 'PKWT_DURATION_EXCEEDED');
    expect(f.chainStart).toBe('2020-01-01');
    expect(f.subjectKey).toBe('6408014107950003|2020-01-01');
    expect(f.evidence).toMatchObject({
      chainStart: '2020-01-01',
      chainEnd: '2025-01-01',
      lastLawfulDay: '2024-12-31',
      daysOverLimit: 1,
      monthsOverLimit: 0,
      spanMonths: 60,
      spanDays: 1828,
      pkwtMaxTotalMonths: 60,
    });
    expect(f.severity).toBe('high');
    expect((f.evidence.contracts as unknown[]).length).toBe(2);
  });

  it('counts 60 months from a leap day to 1 March, not 28 February (v1 flagged a day early)', () => {
    // §6: 60 months after 2024-02-29 is 2029-03-01; a chain whose last day is before it is within the limit.
    const ok = worker([contract('2024-02-29', '2029-02-28')], covered);
    expect(only(run(ok, '2029-06-30'), 'PKWT_DURATION_EXCEEDED')).toHaveLength(0);
    const over = worker([contract('2024-02-29', '2029-03-01')], covered);
    const f = one(run(over, '2029-06-30'), 'PKWT_DURATION_EXCEEDED');
    expect(f.evidence).toMatchObject({ lastLawfulDay: '2029-02-28', daysOverLimit: 1, spanMonths: 60 });
  });

  it('applies PP 35/2021 only to chains with a PKWT started in the new regime (v1 fired on 2005-2011)', () => {
    const old = worker([contract('2005-01-01', '2007-12-31'), contract('2008-01-01', '2011-12-31')], covered);
    expect(only(run(old, '2025-06-30'), 'PKWT_DURATION_EXCEEDED')).toHaveLength(0);
    // Wholly before 2021-02-02, ending after it: still the old regime's chain.
    const straddling = worker([contract('2017-01-01', '2022-06-30')], covered);
    expect(only(run(straddling, '2025-06-30'), 'PKWT_DURATION_EXCEEDED')).toHaveLength(0);
    // A PKWT started on 2021-02-02 joins the chain to the new regime: the span counts from the first start.
    const joined = worker(
      [contract('2017-01-01', '2021-02-01'), contract('2021-02-02', '2022-06-30')],
      covered,
    );
    expect(one(run(joined, '2025-06-30'), 'PKWT_DURATION_EXCEEDED').chainStart).toBe('2017-01-01');
    const dayBefore = worker(
      [contract('2017-01-01', '2021-01-31'), contract('2021-02-01', '2022-06-30')],
      covered,
    );
    expect(only(run(dayBefore, '2025-06-30'), 'PKWT_DURATION_EXCEEDED')).toHaveLength(0);
  });

  it('joins across a gap of exactly pkwtChainGapDays and not one day more', () => {
    const a = contract('2020-01-01', '2022-12-31', { ref: 'A' });
    const joined = worker([a, contract('2023-01-31', '2025-06-30', { ref: 'B' })], covered); // gap 30
    expect(one(run(joined, '2025-06-30'), 'PKWT_DURATION_EXCEEDED').evidence.chainStart).toBe('2020-01-01');
    const split = worker([a, contract('2023-02-01', '2025-06-30', { ref: 'B' })], covered); // gap 31
    expect(only(run(split, '2025-06-30'), 'PKWT_DURATION_EXCEEDED')).toHaveLength(0);
    expect(only(run(split, '2025-06-30', { pkwtChainGapDays: 31 }), 'PKWT_DURATION_EXCEEDED')).toHaveLength(
      1,
    );
  });

  it('runs an open-ended PKWT to asOf', () => {
    const w = worker([contract('2021-03-01', null)], covered);
    expect(only(run(w, '2026-02-28'), 'PKWT_DURATION_EXCEEDED')).toHaveLength(0);
    const f = one(run(w, '2026-03-01'), 'PKWT_DURATION_EXCEEDED');
    expect(f.evidence).toMatchObject({ chainEnd: '2026-03-01', chainOpenEnded: true });
  });

  it('judges a signed contract on its agreed end, even past asOf', () => {
    const w = worker([contract('2021-03-01', '2028-02-29')], covered);
    expect(one(run(w, '2024-06-30'), 'PKWT_DURATION_EXCEEDED').evidence.monthsOverLimit).toBe(24);
  });

  it('does not judge a chain that starts after asOf, but counts a signed future link of a started chain', () => {
    const future = worker([contract('2026-01-01', '2032-12-31')], covered);
    expect(only(run(future, '2025-06-30'), 'PKWT_DURATION_EXCEEDED')).toHaveLength(0);
    const started = worker(
      [contract('2021-01-01', '2025-12-31'), contract('2026-01-01', '2026-06-30')],
      covered,
    );
    expect(one(run(started, '2025-06-30'), 'PKWT_DURATION_EXCEEDED').evidence.chainEnd).toBe('2026-06-30');
  });

  it('is critical from 12 whole months over', () => {
    expect(
      one(
        run(worker([contract('2021-03-01', '2027-02-27')], covered), '2027-06-30'),
        'PKWT_DURATION_EXCEEDED',
      ).severity,
    ).toBe('high');
    expect(
      one(
        run(worker([contract('2021-03-01', '2027-02-28')], covered), '2027-06-30'),
        'PKWT_DURATION_EXCEEDED',
      ).severity,
    ).toBe('critical');
  });

  it('leaves PKWTT days out: a permanent contract after the chain ends it', () => {
    const w = worker(
      [contract('2020-01-01', '2023-12-31'), contract('2024-01-01', null, { type: 'PKWTT' })],
      covered,
    );
    expect(only(run(w, '2030-01-01'), 'PKWT_DURATION_EXCEEDED')).toHaveLength(0);
  });

  it('does not let a short PKWTT between PKWTs reset the clock', () => {
    const w = worker(
      [
        contract('2020-01-01', '2022-12-31'),
        contract('2023-01-01', '2023-01-15', { type: 'PKWTT' }),
        contract('2023-01-16', '2025-06-30'),
      ],
      covered,
    );
    expect(one(run(w, '2025-06-30'), 'PKWT_DURATION_EXCEEDED').chainStart).toBe('2020-01-01');
  });

  it('keeps separate chains apart, each with its own subject', () => {
    const w = worker(
      [
        contract('2010-01-01', '2015-06-30'),
        contract('2015-09-01', '2020-12-31'),
        contract('2021-06-01', '2026-06-30'),
      ],
      covered,
    );
    const fs = only(run(w, '2026-12-31', { pkwtMaxTotalMonths: 48 }), 'PKWT_DURATION_EXCEEDED');
    expect(fs.map((f) => f.chainStart)).toEqual(['2021-06-01']);
    expect(fs[0].subjectKey).toBe('6408014107950003|2021-06-01');
  });
});

describe('PKWT_SERIAL_RENEWAL', () => {
  const three = (lastEnd: string) =>
    worker(
      [
        contract('2021-01-01', '2021-12-31'),
        contract('2022-01-01', '2022-12-31'),
        contract('2023-01-10', lastEnd),
      ],
      covered,
    );

  it('fires for three PKWT contracts in a chain whose last ends within the lookback', () => {
    const f = one(run(three('2023-11-30'), '2025-11-30'), 'PKWT_SERIAL_RENEWAL');
    expect(f.evidence).toMatchObject({
      pkwtContracts: 3,
      extensions: 1,
      renewals: 1,
      lookbackFrom: '2023-11-30',
    });
    expect(f.chainStart).toBe('2021-01-01');
    expect(f.severity).toBe('medium');
    expect(f.summary.en).toContain('3 successive PKWT contracts');
  });

  it('does not fire when the last contract ended before asOf − serialLookbackMonths', () => {
    expect(only(run(three('2023-11-29'), '2025-11-30'), 'PKWT_SERIAL_RENEWAL')).toHaveLength(0);
  });

  it('ignores a chain that has not started by asOf', () => {
    expect(only(run(three('2023-11-30'), '2020-12-31'), 'PKWT_SERIAL_RENEWAL')).toHaveLength(0);
  });

  it('needs pkwtSerialMinContracts contracts', () => {
    const two = worker([contract('2024-01-01', '2024-12-31'), contract('2025-01-01', '2025-12-31')], covered);
    expect(only(run(two, '2025-06-30'), 'PKWT_SERIAL_RENEWAL')).toHaveLength(0);
    expect(only(run(two, '2025-06-30', { pkwtSerialMinContracts: 2 }), 'PKWT_SERIAL_RENEWAL')).toHaveLength(
      1,
    );
  });

  it('counts an open-ended last contract as ending on or after asOf', () => {
    const w = worker(
      [
        contract('2015-01-01', '2015-12-31'),
        contract('2016-01-01', '2016-12-31'),
        contract('2017-01-01', null),
      ],
      covered,
    );
    expect(only(run(w, '2025-06-30'), 'PKWT_SERIAL_RENEWAL')).toHaveLength(1);
  });

  it('is high from five contracts', () => {
    const five = worker(
      [
        contract('2021-01-01', '2021-06-30'),
        contract('2021-07-01', '2021-12-31'),
        contract('2022-01-01', '2022-06-30'),
        contract('2022-07-01', '2022-12-31'),
        contract('2023-01-01', '2023-06-30'),
      ],
      covered,
    );
    expect(one(run(five, '2024-01-01'), 'PKWT_SERIAL_RENEWAL').severity).toBe('high');
  });
});

describe('PKWT_LEGACY_BREACH', () => {
  const codes = (w: ReturnType<typeof worker>, asOf = '2025-06-30') =>
    ((one(run(w, asOf), 'PKWT_LEGACY_BREACH').evidence.breaches as { code: string }[]) ?? []).map(
      (b) => b.code,
    );
  const none = (w: ReturnType<typeof worker>, asOf = '2025-06-30') =>
    only(run(w, asOf), 'PKWT_LEGACY_BREACH');

  it('allows a first PKWT of exactly 2 years, one extension of 1 year and one renewal after more than 30 days', () => {
    const lawful = worker(
      [
        contract('2016-01-01', '2017-12-31', { ref: 'FIRST' }),
        contract('2018-01-01', '2018-12-31', { ref: 'EXT' }),
        contract('2019-02-01', '2020-12-31', { ref: 'REN' }),
      ],
      covered,
    );
    expect(none(lawful)).toHaveLength(0);
  });

  it('flags a first PKWT over 2 years', () => {
    expect(codes(worker([contract('2018-01-01', '2020-01-01')], covered))).toEqual(['FIRST_PKWT_OVER_LIMIT']);
  });

  it('flags more than one extension and an extension over 1 year', () => {
    const two = worker(
      [
        contract('2018-01-01', '2018-12-31'),
        contract('2019-01-01', '2019-06-30'),
        contract('2019-07-01', '2019-12-31'),
      ],
      covered,
    );
    expect(codes(two)).toEqual(['TOO_MANY_EXTENSIONS']);
    const long = worker(
      [contract('2018-01-01', '2018-12-31'), contract('2019-01-01', '2020-01-01')],
      covered,
    );
    expect(codes(long)).toEqual(['EXTENSION_OVER_LIMIT']);
  });

  it('flags an early renewal (gap 1 to 30 days), a renewal over 2 years and more than one renewal', () => {
    expect(
      codes(worker([contract('2017-01-01', '2017-12-31'), contract('2018-01-02', '2018-12-31')], covered)),
    ).toEqual(['EARLY_RENEWAL']); // gap 1
    expect(
      codes(worker([contract('2017-01-01', '2017-12-31'), contract('2018-01-31', '2018-12-31')], covered)),
    ).toEqual(['EARLY_RENEWAL']); // gap 30: Art 59(6) asks for more than 30 days
    expect(
      none(worker([contract('2017-01-01', '2017-12-31'), contract('2018-02-01', '2018-12-31')], covered)),
    ).toHaveLength(0); // gap 31
    expect(
      codes(worker([contract('2017-01-01', '2017-12-31'), contract('2018-02-01', '2020-02-01')], covered)),
    ).toEqual(['RENEWAL_OVER_LIMIT']);
    const twice = worker(
      [
        contract('2016-01-01', '2016-12-31'),
        contract('2017-02-01', '2017-12-31'),
        contract('2018-02-01', '2018-12-31'),
      ],
      covered,
    );
    expect(codes(twice)).toEqual(['TOO_MANY_RENEWALS']);
  });

  it('sees a second renewal across gaps longer than the chain gap (v1 split the chain and missed it)', () => {
    const w = worker(
      [
        contract('2015-01-01', '2015-12-31', { ref: 'A' }),
        contract('2016-03-01', '2016-12-31', { ref: 'B' }), // gap 60
        contract('2017-03-01', '2017-12-31', { ref: 'C' }), // gap 59
      ],
      covered,
    );
    const fs = only(run(w, '2025-06-30'), 'PKWT_LEGACY_BREACH');
    expect(fs).toHaveLength(1);
    expect(fs[0].chainStart).toBe('2015-01-01');
    expect((fs[0].evidence.breaches as { code: string }[]).map((b) => b.code)).toEqual(['TOO_MANY_RENEWALS']);
    expect((fs[0].evidence.contracts as { kind: string }[]).map((c) => c.kind)).toEqual([
      'first',
      'renewal',
      'renewal',
    ]);
  });

  it('calls a 3-year contract after a 45-day gap a renewal over 2 years, not a first PKWT over limit', () => {
    const w = worker([contract('2015-01-01', '2015-12-31'), contract('2016-02-15', '2019-02-14')], covered);
    const f = one(run(w, '2025-06-30'), 'PKWT_LEGACY_BREACH');
    expect(f.chainStart).toBe('2015-01-01');
    expect((f.evidence.breaches as { code: string }[]).map((b) => b.code)).toEqual(['RENEWAL_OVER_LIMIT']);
  });

  it('judges only the contracts that started before 2021-02-02', () => {
    // The second extension starts on 2021-02-02: new regime, not judged.
    const w = worker(
      [
        contract('2019-02-01', '2020-02-01'),
        contract('2020-02-02', '2021-02-01'),
        contract('2021-02-02', '2021-12-31'),
      ],
      covered,
    );
    expect(none(w, '2022-06-30')).toHaveLength(0);
    const w2 = worker(
      [
        contract('2019-02-01', '2020-02-01'),
        contract('2020-02-02', '2021-01-31'),
        contract('2021-02-01', '2021-12-31'),
      ],
      covered,
    );
    expect(codes(w2, '2022-06-30')).toEqual(['TOO_MANY_EXTENSIONS']);
  });

  it('ignores chains that started on or after 2021-02-02', () => {
    const w = worker([contract('2021-02-02', '2024-02-01')], covered);
    expect(none(w)).toHaveLength(0);
    expect(none(worker([contract('2021-02-01', '2024-02-01')], covered))).toHaveLength(1);
  });

  it('is high while the worker is still employed on asOf and medium after', () => {
    const w = worker([contract('2018-01-01', '2020-06-30'), contract('2020-07-01', '2025-12-31')], covered);
    expect(one(run(w, '2025-06-30'), 'PKWT_LEGACY_BREACH').severity).toBe('high');
    const ended = worker([contract('2018-01-01', '2020-06-30')], covered);
    expect(one(run(ended, '2025-06-30'), 'PKWT_LEGACY_BREACH').severity).toBe('medium');
    expect(one(run(w, '2025-06-30'), 'PKWT_LEGACY_BREACH').subjectKey).toBe('6408014107950003|2018-01-01');
  });
});
