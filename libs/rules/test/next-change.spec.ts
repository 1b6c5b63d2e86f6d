import fc from 'fast-check';
import {
  birthDateFromNik,
  createContext,
  daysFromCivil,
  daysInMonth,
  evaluateEmployer,
  formatDay,
  monthsAfterDay,
  nextStandingChange,
  parseIsoDate,
  RULEBOOK,
  standingOf,
  type BpjsRecordFact,
  type Finding,
  type EmployerEvaluationInput,
  type EmployerFacts,
  type EvaluationContext,
  type Program,
  type RulebookParameters,
  type WorkerHistory,
} from '../src';
import { asOfArb, contractorContractsArb, dayArb, employerArb, workerArb, workersArb } from './arbitraries';
import { contract, employer, enrolment, params, worker } from './helpers';

/** NEXT_CHANGE_RUNS_SCALE=10 for a long verification run (the default keeps the spec at about 20 s). */
const RUNS_SCALE = Number(process.env.NEXT_CHANGE_RUNS_SCALE ?? 1);

// ---------------------------------------------------------------------------------------------------------
// Generators: the property generators of arbitraries.ts, with BPJS loads and records, sectors, children and
// NIKs whose two centuries both fall near the days judged.

const PROGRAM_SETS: readonly (readonly Program[])[] = [
  ['JKK', 'JKM', 'JHT', 'JP'],
  ['JKK', 'JKM', 'JHT'],
  ['JKK', 'JKM'],
];

const bpjsRecordArb = (nik: string): fc.Arbitrary<BpjsRecordFact> =>
  fc
    .record({
      from: dayArb,
      length: fc.integer({ min: 1, max: 2500 }),
      open: fc.boolean(),
      programs: fc.constantFrom(...PROGRAM_SETS),
      wage: fc.option(fc.integer({ min: 2_000_000, max: 7_000_000 }), { nil: null }),
      paid: fc.option(fc.integer({ min: -40, max: 2500 }), { nil: null }),
    })
    .map((r) => ({
      nik,
      kpj: '24000000009',
      programs: r.programs,
      effectiveFrom: formatDay(r.from),
      effectiveTo: r.open ? null : formatDay(r.from + r.length - 1),
      reportedWage: r.wage,
      // paidThrough is the first day of a month.
      paidThrough: r.paid === null ? null : formatDay(r.from + r.paid).slice(0, 8) + '01',
    }));

/** Born 2010 (a child in the asOf range), 2023-03-24 or 1923 (the century switches in range), 2019-11-01 or 1919. */
const EXTRA_NIKS = ['6408012505100006', '6408016403230007', '6408010111190008'];
const NIKS_SMALL = ['6408014107950003', '6408011203880001', '6408015506000002', ...EXTRA_NIKS];

const birthArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constant(null) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: parseIsoDate('1958-01-01'), max: parseIsoDate('2012-12-31') })
      .map(formatDay),
  },
);

function withExtras(
  w: WorkerHistory,
  records: BpjsRecordFact[],
  birth: string | null | undefined,
): WorkerHistory {
  return { ...w, bpjsRecords: records, birthDate: birth === undefined ? w.birthDate : birth };
}

const workerPlusArb = (w: fc.Arbitrary<WorkerHistory>, nik: (x: WorkerHistory) => string) =>
  w.chain((x) =>
    fc
      .tuple(fc.array(bpjsRecordArb(nik(x)), { maxLength: 2 }), birthArb)
      .map(([records, birth]) => withExtras(x, records, birth)),
  );

const employerPlusArb: fc.Arbitrary<EmployerFacts> = fc
  .tuple(
    employerArb,
    fc.option(fc.record({ loadId: fc.constant('L1'), asOf: dayArb.map(formatDay) }), { nil: null, freq: 2 }),
    fc.option(fc.constantFrom('01262', '10', '4'), { nil: null }),
  )
  .map(([e, bpjs, kbli]) => ({ ...e, bpjs, kbli }));

const workersPlusArb: fc.Arbitrary<WorkerHistory[]> = fc
  .tuple(
    workersArb,
    fc
      .subarray(EXTRA_NIKS, { maxLength: 2 })
      .chain((niks) => fc.tuple(...niks.map((nik) => workerPlusArb(workerArb(nik), () => nik)))),
  )
  .chain(([ws, extra]) =>
    fc
      .tuple(...ws.map((w) => workerPlusArb(fc.constant(w), (x) => x.nik)))
      .map((plus) => [...plus, ...extra]),
  );

/** asOf anywhere, or in the last days of a month or of a year (the month and year boundaries some rules judge). */
const asOfPlusArb = fc.oneof(
  { weight: 3, arbitrary: asOfArb },
  {
    weight: 1,
    arbitrary: fc
      .record({
        y: fc.integer({ min: 2019, max: 2026 }),
        m: fc.integer({ min: 1, max: 12 }),
        back: fc.nat(6),
      })
      .map(({ y, m, back }) => formatDay(daysFromCivil(y, m, daysInMonth(y, m)) - back)),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ y: fc.integer({ min: 2019, max: 2026 }), back: fc.nat(20) })
      .map(({ y, back }) => formatDay(daysFromCivil(y, 12, 31) - back)),
  },
);

export const inputPlusArb = fc.record({
  employer: employerPlusArb,
  workers: workersPlusArb,
  contractorContracts: contractorContractsArb,
  asOf: asOfPlusArb,
});

/** Every date of an input (contracts, enrolments, sponsored rows, BPJS records, births, the report, the load). */
function inputDates(inp: EmployerEvaluationInput): number[] {
  const out: number[] = [];
  const add = (s: string | null | undefined): void => {
    if (s) out.push(parseIsoDate(s));
  };
  add(inp.employer.lastSelfReportProcessedOn);
  add(inp.employer.bpjs?.asOf);
  for (const w of inp.workers) {
    add(w.birthDate);
    // A birth the rules read from the NIK: both centuries (the century switches on the 20YY day).
    if (!w.birthDate) {
      add(birthDateFromNik(w.nik, '2099-12-31'));
      add(birthDateFromNik(w.nik, '1999-12-31'));
    }
    for (const c of w.contracts) {
      add(c.startDate);
      add(c.endDate);
    }
    for (const e of w.enrolments) {
      add(e.effectiveFrom);
      add(e.effectiveTo);
    }
    for (const sp of w.sponsored) add(sp.effectiveFrom);
    for (const r of w.bpjsRecords ?? []) {
      add(r.effectiveFrom);
      add(r.effectiveTo);
      add(r.paidThrough);
    }
  }
  for (const c of inp.contractorContracts ?? []) {
    add(c.startDate);
    add(c.endDate);
  }
  return out;
}

/** Months after a date at which some rule judges: a month, the report year, lookbacks, limits, ages. */
const ANCHOR_MONTHS = [
  0,
  0,
  0,
  1,
  2,
  3,
  12,
  24,
  60,
  72,
  12 * 15,
  12 * 18,
  12 * 57,
  12 * 58,
  12 * 59,
  12 * 60,
];

/**
 * Small employers (one or two workers) judged a few days before (or just after) a date of their own input shifted
 * by a rule's offset: the days where candidates are needed, with few unrelated candidates in the way.
 */
const anchoredInputArb = fc
  .record({
    employer: employerPlusArb,
    workers: fc
      .subarray([...NIKS_SMALL], { minLength: 1, maxLength: 2 })
      .chain((niks) => fc.tuple(...niks.map((nik) => workerPlusArb(workerArb(nik), () => nik)))),
    contractorContracts: fc.option(contractorContractsArb, { nil: [], freq: 3 }),
  })
  .chain((inp) =>
    fc
      .record({
        which: fc.nat(),
        months: fc.constantFrom(...ANCHOR_MONTHS),
        days: fc.oneof(fc.constantFrom(365, 366, 7, 8), fc.constant(0), fc.constant(0)),
        back: fc.integer({ min: -8, max: 12 }),
      })
      .map(({ which, months, days, back }) => {
        const dates = inputDates(inp);
        const d = dates.length === 0 ? parseIsoDate('2024-06-15') : dates[which % dates.length];
        const day = Math.max(parseIsoDate('2000-01-01'), monthsAfterDay(d, months) + days - back);
        return { ...inp, asOf: formatDay(Math.min(day, parseIsoDate('2040-12-31'))) };
      }),
  );

// ---------------------------------------------------------------------------------------------------------

const contexts = new Map<string, Map<number, EvaluationContext>>();

/** createContext(formatDay(d), params), once per (parameter set, day). */
function ctxOn(day: number, P: RulebookParameters, key: string): EvaluationContext {
  let byDay = contexts.get(key);
  if (!byDay) contexts.set(key, (byDay = new Map()));
  let ctx = byDay.get(day);
  if (!ctx) byDay.set(day, (ctx = createContext(formatDay(day), P)));
  return ctx;
}

const WALK = 400;

/**
 * The property: no day strictly between asOf and the day named (at most WALK days ahead) has another standing.
 * Returns the day named minus asOf (Infinity for null).
 */
function checkQuiet(
  inp: EmployerEvaluationInput & { asOf: string },
  P: RulebookParameters,
  key: string,
): number {
  const asOfDay = parseIsoDate(inp.asOf);
  const ctx = ctxOn(asOfDay, P, key);
  const findings = evaluateEmployer(inp, ctx);
  const base = standingOf(findings).join('\n');
  const next = nextStandingChange(inp, ctx, findings);
  const nextDay = next === null ? Infinity : parseIsoDate(next);
  if (!(nextDay > asOfDay)) throw new Error(`named ${next}, not after ${inp.asOf}`);
  const end = Math.min(nextDay, asOfDay + WALK + 1);
  for (let d = asOfDay + 1; d < end; d++) {
    const s = standingOf(evaluateEmployer(inp, ctxOn(d, P, key))).join('\n');
    if (s !== base)
      throw new Error(
        `standing changed on ${formatDay(d)}, before the day named ${next} (asOf ${inp.asOf}):\n` +
          `before:\n${base}\nthen:\n${s}`,
      );
  }
  return nextDay - asOfDay;
}

const P = params();

describe('nextStandingChange: no standing changes before the day it names (property)', () => {
  it('holds for random employers and asOf (default parameters)', () => {
    fc.assert(
      fc.property(inputPlusArb, (inp) => {
        checkQuiet(inp, P, 'default');
      }),
      { numRuns: 1000 * RUNS_SCALE },
    );
  });

  it('holds for small employers judged just before one of their own dates shifted by a rule offset', () => {
    fc.assert(
      fc.property(anchoredInputArb, (inp) => {
        checkQuiet(inp, P, 'default');
      }),
      { numRuns: 1500 * RUNS_SCALE },
    );
  });

  it('holds with other parameters (grace, due days, report age, chain and month limits)', () => {
    const Q = params({
      enrolmentGraceDays: 5,
      compensationDueDays: 10,
      selfReportMaxAgeDays: 200,
      pkwtMaxTotalMonths: 30,
      serialLookbackMonths: 13,
      legacyFirstMaxMonths: 11,
      adultAge: 19,
    });
    fc.assert(
      fc.property(fc.oneof(inputPlusArb, anchoredInputArb), (inp) => {
        checkQuiet(inp, Q, 'other');
      }),
      { numRuns: 800 * RUNS_SCALE },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// Per worker (libs/engine worker-days.ts): one scan names each worker's own day, the day a call for that worker
// alone names, and no finding of that worker changes standing before it.

const WORKER_LEVEL = new Set(
  RULEBOOK.rules.filter((r) => r.level === 'worker' || r.level === 'chain').map((r) => r.code),
);
const ownStanding = (findings: readonly Finding[], nik: string): string =>
  standingOf(findings.filter((f) => f.nik === nik && WORKER_LEVEL.has(f.rule))).join('\n');

function checkPerWorker(inp: EmployerEvaluationInput & { asOf: string }): number {
  const asOfDay = parseIsoDate(inp.asOf);
  const ctx = ctxOn(asOfDay, P, 'default');
  const findings = evaluateEmployer(inp, ctx);
  const perWorker = new Map<string, string | null>();
  expect(nextStandingChange(inp, ctx, findings, perWorker)).toBe(nextStandingChange(inp, ctx, findings));
  const niks = [...new Set(inp.workers.filter((w) => w.contracts.length > 0).map((w) => w.nik))];
  expect([...perWorker.keys()].sort()).toEqual([...niks].sort());
  let walked = 0;
  for (const nik of niks) {
    const alone = { employer: inp.employer, workers: inp.workers.filter((w) => w.nik === nik) };
    const mine = findings.filter((f) => f.nik === nik && WORKER_LEVEL.has(f.rule));
    expect(perWorker.get(nik)).toBe(nextStandingChange(alone, ctx, mine));
  }
  // Walk: a worker's own standing stays put until its day (what lets a sweep leave the worker as last judged).
  const base = new Map(niks.map((n) => [n, ownStanding(findings, n)]));
  const dayOf = new Map(niks.map((n) => [n, perWorker.get(n) ? parseIsoDate(perWorker.get(n)!) : Infinity]));
  const last = Math.min(asOfDay + WALK, Math.max(asOfDay, ...[...dayOf.values()].filter(Number.isFinite)));
  for (let d = asOfDay + 1; d <= last; d++) {
    const quiet = niks.filter((n) => d < dayOf.get(n)!);
    if (!quiet.length) break;
    const now = evaluateEmployer(inp, ctxOn(d, P, 'default'));
    for (const n of quiet) {
      if (ownStanding(now, n) !== base.get(n))
        throw new Error(
          `worker ${n}'s standing changed on ${formatDay(d)}, before its day (asOf ${inp.asOf})`,
        );
      walked++;
    }
  }
  return walked;
}

describe('nextStandingChange per worker (property)', () => {
  it("names each worker the day a call for it alone names; the employer's day is unchanged", () => {
    let walked = 0;
    fc.assert(
      fc.property(fc.oneof(inputPlusArb, anchoredInputArb), (inp) => {
        walked += checkPerWorker(inp);
      }),
      { numRuns: 300 * RUNS_SCALE },
    );
    expect(walked).toBeGreaterThan(1000);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Boundaries: each names the day the standing really changes (or, where a month calculation is involved, a day at
// most a day before it), and the standing does change on it.

const day = (s: string): number => parseIsoDate(s);

function named(inp: EmployerEvaluationInput, asOf: string, Q: RulebookParameters = P): string | null {
  const ctx = createContext(asOf, Q);
  return nextStandingChange(inp, ctx, evaluateEmployer(inp, ctx));
}

function standingOn(inp: EmployerEvaluationInput, asOf: string, Q: RulebookParameters = P): string[] {
  return standingOf(evaluateEmployer(inp, createContext(asOf, Q)));
}

/** A quiet, compliant worker: permanent since 2020-02-10, enrolled in every program, born 1990. */
function quietWorker(over: Partial<WorkerHistory> = {}): WorkerHistory {
  return worker(
    [contract('2020-02-10', null, { type: 'PKWTT', ref: 'Q-1' })],
    [enrolment('2020-02-10', null)],
    { birthDate: '1990-05-05', ...over },
  );
}

describe('nextStandingChange: boundaries', () => {
  it('a contract that ends: the day after its last day', () => {
    const inp: EmployerEvaluationInput = {
      employer: employer({ scale: 'small', npp: null, lastSelfReportProcessedOn: '2026-06-01' }),
      workers: [
        worker([contract('2020-02-10', '2026-06-20', { type: 'PKWTT' })], [enrolment('2020-02-10', null)], {
          birthDate: '1990-05-05',
        }),
      ],
    };
    expect(standingOn(inp, '2026-06-10')).toEqual(['EMPLOYER_UNREGISTERED|||high']);
    expect(named(inp, '2026-06-10')).toBe('2026-06-21');
    // Ending tomorrow: the day after tomorrow.
    expect(named(inp, '2026-06-19')).toBe('2026-06-21');
    expect(standingOn(inp, '2026-06-20')).toEqual(['EMPLOYER_UNREGISTERED|||high']);
    expect(standingOn(inp, '2026-06-21')).toEqual([]);
  });

  it('a worker turning 18 tomorrow: tomorrow is named (a birthday at adultAge is a candidate)', () => {
    // Born 2008-06-11, hired at 17: UNDERAGE_WORKER stands before and after the birthday (it reads the first
    // contract day), so tomorrow is named conservatively and the standing does not change.
    const inp: EmployerEvaluationInput = {
      employer: employer({ scale: 'small', lastSelfReportProcessedOn: '2026-06-01' }),
      workers: [
        worker([contract('2026-01-05', null, { type: 'PKWTT' })], [enrolment('2026-01-05', null)], {
          birthDate: '2008-06-11',
        }),
      ],
    };
    expect(standingOn(inp, '2026-06-10')).toEqual([`UNDERAGE_WORKER|6408014107950003||high`]);
    const n = named(inp, '2026-06-10');
    expect(n).not.toBeNull();
    expect(day(n as string)).toBeLessThanOrEqual(day('2026-06-11'));
    expect(standingOn(inp, '2026-06-11')).toEqual(standingOn(inp, '2026-06-10'));
  });

  it('reaching the pension age: PROGRAM_INCOMPLETE (no JP) ends on the birthday', () => {
    // Pension age 59 in 2026 (PP 45/2015 schedule); born 1967-06-11 → 59 on 2026-06-11.
    const inp: EmployerEvaluationInput = {
      employer: employer({ scale: 'medium', lastSelfReportProcessedOn: '2026-06-01' }),
      workers: [
        worker(
          [contract('2020-02-10', null, { type: 'PKWTT' })],
          [enrolment('2020-02-10', null, { programs: ['JKK', 'JKM', 'JHT'] })],
          { birthDate: '1967-06-11' },
        ),
      ],
    };
    const before = standingOn(inp, '2026-06-01');
    expect(before.some((l) => l.startsWith('PROGRAM_INCOMPLETE|'))).toBe(true);
    const n = day(named(inp, '2026-06-01') as string);
    expect(n).toBeLessThanOrEqual(day('2026-06-11'));
    expect(n).toBeGreaterThanOrEqual(day('2026-06-08'));
    expect(standingOn(inp, '2026-06-10')).toEqual(before);
    expect(standingOn(inp, '2026-06-11').some((l) => l.startsWith('PROGRAM_INCOMPLETE|'))).toBe(false);
  });

  it('a PKWT chain reaching 60 months tomorrow', () => {
    const inp: EmployerEvaluationInput = {
      employer: employer({ scale: 'small', lastSelfReportProcessedOn: '2026-12-01' }),
      workers: [
        worker([contract('2021-06-15', null, { type: 'PKWT' })], [enrolment('2021-06-15', null)], {
          birthDate: '1990-05-05',
        }),
      ],
    };
    expect(standingOn(inp, '2026-06-14')).toEqual([]);
    expect(standingOn(inp, '2026-06-15')).toEqual([
      'PKWT_DURATION_EXCEEDED|6408014107950003|2021-06-15|high',
    ]);
    expect(named(inp, '2026-06-14')).toBe('2026-06-15');
    const n = day(named(inp, '2026-06-01') as string);
    expect(n).toBeLessThanOrEqual(day('2026-06-15'));
    expect(n).toBeGreaterThanOrEqual(day('2026-06-12'));
    // Twelve whole months over: critical once [2026-06-15, last day + 1) holds 12 months, from 2027-06-14.
    const c = day(named(inp, '2027-06-01') as string);
    expect(standingOn(inp, '2027-06-13')).toEqual([
      'PKWT_DURATION_EXCEEDED|6408014107950003|2021-06-15|high',
    ]);
    expect(standingOn(inp, '2027-06-14')).toEqual([
      'PKWT_DURATION_EXCEEDED|6408014107950003|2021-06-15|critical',
    ]);
    expect(c).toBeLessThanOrEqual(day('2027-06-14'));
    expect(c).toBeGreaterThanOrEqual(day('2027-06-11'));
  });

  it('a serial chain leaving the lookback (addMonthsToDay clamps the cutoff: 4 days past "N months after")', () => {
    // serialLookbackMonths 13: the cutoff addMonthsToDay(asOf, −13) is 2023-02-28 from 2024-03-28 to 2024-03-31.
    const Q = params({ serialLookbackMonths: 13 });
    const pkwt = (s: string, e: string) => contract(s, e, { type: 'PKWT' });
    const inp: EmployerEvaluationInput = {
      employer: employer({ scale: 'small', lastSelfReportProcessedOn: '2024-03-01' }),
      workers: [
        worker(
          [
            pkwt('2021-03-01', '2021-12-31'),
            pkwt('2022-01-01', '2022-06-30'),
            pkwt('2022-07-01', '2023-02-28'),
          ],
          [enrolment('2021-03-01', null)],
          { birthDate: '1990-05-05' },
        ),
      ],
    };
    const serial = 'PKWT_SERIAL_RENEWAL|6408014107950003|2021-03-01|medium';
    expect(standingOn(inp, '2024-03-31', Q)).toContain(serial);
    expect(standingOn(inp, '2024-04-01', Q)).not.toContain(serial);
    expect(named(inp, '2024-03-31', Q)).toBe('2024-04-01');
    const n = day(named(inp, '2024-03-20', Q) as string);
    expect(n).toBeLessThanOrEqual(day('2024-04-01'));
  });

  it('a self-report ageing past selfReportMaxAgeDays', () => {
    const inp: EmployerEvaluationInput = {
      employer: employer({ scale: 'small', lastSelfReportProcessedOn: '2025-06-20' }),
      workers: [quietWorker()],
    };
    // 2025-06-20 + 365 = 2026-06-20 is the last day it counts; overdue from 2026-06-21.
    expect(standingOn(inp, '2026-06-20')).toEqual([]);
    expect(standingOn(inp, '2026-06-21')).toEqual(['SELF_REPORT_OVERDUE|||low']);
    expect(named(inp, '2026-06-20')).toBe('2026-06-21');
    expect(named(inp, '2026-06-10')).toBe('2026-06-21');
  });

  it('a compensation due date', () => {
    // A PKWT that ended 2026-06-07 is judged from 2026-06-14 (compensationDueDays 7).
    const inp: EmployerEvaluationInput = {
      employer: employer({ scale: 'small', lastSelfReportProcessedOn: '2026-06-01' }),
      workers: [
        worker([contract('2025-03-04', '2026-06-07', { type: 'PKWT' })], [enrolment('2025-03-04', null)], {
          birthDate: '1990-05-05',
        }),
      ],
    };
    expect(standingOn(inp, '2026-06-13')).toEqual([]);
    expect(standingOn(inp, '2026-06-14')).toEqual([
      'PKWT_COMPENSATION_UNPAID|6408014107950003|2025-03-04|medium',
    ]);
    expect(named(inp, '2026-06-10')).toBe('2026-06-14');
    expect(named(inp, '2026-06-13')).toBe('2026-06-14');
  });

  it("a new month: CONTRIBUTION_ARREARS judges the month of asOf (before the load's as_of)", () => {
    const inp: EmployerEvaluationInput = {
      employer: employer({
        scale: 'small',
        lastSelfReportProcessedOn: '2026-05-01',
        bpjs: { loadId: 'L1', asOf: '2026-12-31' },
      }),
      workers: [
        worker([contract('2025-01-06', null, { type: 'PKWTT' })], [enrolment('2025-01-06', null)], {
          birthDate: '1990-05-05',
          bpjsRecords: [
            {
              nik: '6408014107950003',
              kpj: '24011234567',
              programs: ['JKK', 'JKM', 'JHT', 'JP'],
              effectiveFrom: '2025-01-06',
              effectiveTo: null,
              reportedWage: 4_500_000,
              paidThrough: '2026-04-01',
            },
          ],
        }),
      ],
    };
    // Paid through April: within the one-month grace in May; May is in arrears from 1 June.
    expect(standingOn(inp, '2026-05-31')).toEqual([]);
    expect(standingOn(inp, '2026-06-01')).toEqual(['CONTRIBUTION_ARREARS|6408014107950003||medium']);
    expect(named(inp, '2026-05-20')).toBe('2026-06-01');
    // Judged after the load's as_of, the month judged is the load's: the next month is no candidate.
    const late = { ...inp, employer: { ...inp.employer, bpjs: { loadId: 'L1', asOf: '2026-05-15' } } };
    expect(standingOn(late, '2026-06-01')).toEqual(standingOn(late, '2026-05-20'));
    expect(named(late, '2026-05-20')).not.toBe('2026-06-01');
  });

  it('a new year: a new minimum wage', () => {
    // 3,900,000 is above the 2025 UMK (3,743,820) and below the 2026 UMK (4,067,436).
    const inp: EmployerEvaluationInput = {
      employer: employer({ scale: 'medium', lastSelfReportProcessedOn: '2025-12-01' }),
      workers: [
        worker(
          [contract('2025-02-10', null, { type: 'PKWTT', monthlyWage: 3_900_000 })],
          [enrolment('2025-02-10', null, { reportedWage: 3_900_000 })],
          { birthDate: '1990-05-05' },
        ),
      ],
    };
    expect(standingOn(inp, '2025-12-31')).toEqual([]);
    expect(standingOn(inp, '2026-01-01')).toEqual(['WAGE_BELOW_MINIMUM|6408014107950003||medium']);
    expect(named(inp, '2025-12-20')).toBe('2026-01-01');
    // A wage above every known minimum: the new year is not a candidate.
    const rich: EmployerEvaluationInput = {
      ...inp,
      workers: [quietWorker()],
    };
    expect(named(rich, '2025-12-20')).not.toBe('2026-01-01');
  });

  it('a growing ENROLMENT_MISSING: the day its uncovered days pass 90 (no later), not asOf + 1', () => {
    const inp: EmployerEvaluationInput = {
      employer: employer({ scale: 'micro', lastSelfReportProcessedOn: '2026-03-01' }),
      workers: [
        worker([contract('2026-03-01', null, { type: 'PKWTT', monthlyWage: 3_000_000 })], [], {
          birthDate: '1990-05-05',
        }),
      ],
    };
    // 2026-03-01..2026-05-29 is 90 days: high; the 91st day (2026-05-30) makes it critical.
    expect(standingOn(inp, '2026-05-29')).toEqual(['ENROLMENT_MISSING|6408014107950003||high']);
    expect(standingOn(inp, '2026-05-30')).toEqual(['ENROLMENT_MISSING|6408014107950003||critical']);
    const n = named(inp, '2026-04-10');
    expect(n).not.toBe('2026-04-11');
    expect(day(n as string)).toBeLessThanOrEqual(day('2026-05-30'));
  });
});

describe('nextStandingChange: a quiet history is not re-judged every day', () => {
  it('an enrolled permanent worker at a finding-free employer: a day far ahead', () => {
    const inp: EmployerEvaluationInput = {
      employer: employer({ scale: 'medium', lastSelfReportProcessedOn: '2026-01-20' }),
      workers: [quietWorker(), quietWorker({ nik: '6408011203880001', birthDate: null })].map((w) => ({
        ...w,
        contracts: w.contracts.map((c) => ({ ...c, nik: w.nik, monthlyWage: 5_000_000 })),
        enrolments: w.enrolments.map((e) => ({ ...e, nik: w.nik, reportedWage: 5_000_000 })),
      })),
    };
    expect(standingOn(inp, '2026-01-25')).toEqual([]);
    // The next candidate: the self-report's age limit (2027-01-21); nothing else moves before it.
    expect(named(inp, '2026-01-25')).toBe('2027-01-21');
  });

  it('with a standing that never changes (a report never filed), the next pension step', () => {
    const inp: EmployerEvaluationInput = {
      employer: employer({ scale: 'small', lastSelfReportProcessedOn: null }),
      workers: [quietWorker()],
    };
    expect(standingOn(inp, '2026-01-25')).toEqual(['SELF_REPORT_OVERDUE|||medium']);
    expect(named(inp, '2026-01-25')).toBe('2028-01-01');
  });
});
