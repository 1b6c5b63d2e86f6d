/**
 * Rulebook parameters: data, not code. `defaultParameters(reference)` gives the CONTRACT §6 defaults plus the
 * reference-data figures; `mergeParameters` applies an office's overrides and validates the result.
 */
import { tryParseIsoDate } from './dates';
import type { ReferenceData } from './reference';
import { PROGRAMS, SCALES, type IsoDate, type Program, type Scale } from './types';

export interface PensionAgeStep {
  /** First day on which `age` is the pension age. */
  readonly from: IsoDate;
  readonly age: number;
}

export interface WageCapStep {
  /** First day on which `cap` applies. */
  readonly from: IsoDate;
  readonly cap: number;
}

/** Contribution rates in percent of the monthly wage (reference `contributionRates`). */
export interface ContributionRates {
  /** JKK by risk group "1".."5" (employer). */
  readonly jkkPctByRiskGroup: Readonly<Record<string, number>>;
  readonly jkmPct: number;
  readonly jhtEmployerPct: number;
  readonly jhtWorkerPct: number;
  readonly jpEmployerPct: number;
  readonly jpWorkerPct: number;
  /**
   * JP wage caps by effective date. Months before the earliest known cap are priced with the earliest known cap
   * and marked in the evidence as estimated (the cap of that month is not known).
   */
  readonly jpWageCaps: readonly WageCapStep[];
  /** First day of the JP program (PP 45/2015, reference contributionRates.JP.startsOn): no JP before it. */
  readonly jpStartsOn: IsoDate;
  /**
   * The late-payment fine, percent of the unpaid contribution per month late (reference
   * contributionRates.latePaymentFinePctPerMonth; PP 86/2013). Absent or null: unknown, no fine is estimated.
   */
  readonly latePaymentFinePctPerMonth?: number | null;
  /** A month's contribution is due by this day of the following month (reference; absent: 15). */
  readonly paymentDueDayOfFollowingMonth?: number;
}

/** The numbers of the severity ladders (docs/rules.md). */
export interface SeverityThresholds {
  /** ENROLMENT_MISSING is critical above this many uncovered days (and ENROLMENT_LATE high). */
  readonly enrolmentCriticalDays: number;
  /** ENROLMENT_MISSING critical, ENROLMENT_LATE and PROGRAM_INCOMPLETE high at or above this estimate (rupiah). */
  readonly unpaidContributionsHighRupiah: number;
  /** ENROLMENT_LATE is low up to this many uncovered days, medium above. */
  readonly lateMediumDays: number;
  /** WAGE_UNDER_REPORTED: low below this shortfall (% of the contract wage), medium from it. */
  readonly wageUnderReportedMediumPct: number;
  /** WAGE_UNDER_REPORTED: high from this shortfall. */
  readonly wageUnderReportedHighPct: number;
  /** WAGE_BELOW_MINIMUM: medium below this shortfall (% of the UMK), high from it. */
  readonly wageBelowMinimumHighPct: number;
  /** PKWT_DURATION_EXCEEDED and CONTRACTOR_HOPPING: critical from this many whole months over the limit. */
  readonly durationCriticalMonthsOver: number;
  /** PKWT_SERIAL_RENEWAL: high from this many PKWT contracts in the chain. */
  readonly serialHighContracts: number;
  /** EMPLOYER_UNREGISTERED: critical from this many contracts in force. */
  readonly unregisteredCriticalContracts: number;
  /** CONTRIBUTION_ARREARS: high from this many months in arrears. */
  readonly arrearsHighMonths: number;
}

export interface RulebookParameters {
  /** A contract day counts for enrolment once it is at least this many days after the start (0 = day one). */
  readonly enrolmentGraceDays: number;
  /** WAGE_UNDER_REPORTED tolerance, percent of the contract wage, 0 ≤ x < 100. */
  readonly wageTolerancePct: number;
  /** PP 35/2021 Art 8: a PKWT chain may span at most this many months. */
  readonly pkwtMaxTotalMonths: number;
  /** The next contract joins a chain when start − previous end − 1 ≤ this many days. */
  readonly pkwtChainGapDays: number;
  readonly pkwtSerialMinContracts: number;
  readonly serialLookbackMonths: number;
  readonly selfReportMaxAgeDays: number;
  /**
   * CONTRIBUTION_ARREARS (CONTRACT §9): BPJS's records may show contributions paid through a month at most this
   * many months before the month judged (the month of asOf, or of the load's as_of when earlier).
   */
  readonly arrearsGraceMonths: number;
  /** First day of the PP 35/2021 regime (reference pkwt.newRegimeFrom): chain contracts starting earlier are legacy. */
  readonly legacyRegimeUntil: IsoDate;
  /** UU 13/2003 Art 59(4): first PKWT at most this many months. */
  readonly legacyFirstMaxMonths: number;
  /** Art 59(4): at most this many extensions. */
  readonly legacyMaxExtensions: number;
  /** Art 59(4): an extension at most this many months. */
  readonly legacyExtensionMaxMonths: number;
  /** Art 59(6): at most this many renewals. */
  readonly legacyMaxRenewals: number;
  /** Art 59(6): a renewal at most this many months. */
  readonly legacyRenewalMaxMonths: number;
  /** Art 59(6): a renewal only after a gap of at least this many days. */
  readonly legacyRenewalMinGapDays: number;
  /** UMK by year ("2025" → rupiah). Years not listed are skipped, never guessed. */
  readonly umkByYear: Readonly<Record<string, number>>;
  /** Sectoral minimum wages (UMSK) by year and sector, rounded up to the rupiah ("2025" → {palm_oil: …}). */
  readonly sectoralMinimumByYear: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** KBLI codes by sector: an employer whose kbli starts with one of them is in the sector. */
  readonly sectorKbli: Readonly<Record<string, readonly string[]>>;
  /** The scales the minimum wage binds (reference minimumWage.appliesToScales; UU 13/2003 Art 90B(1)). */
  readonly minimumWageScales: readonly Scale[];
  /** PKWT_COMPENSATION_UNPAID: a PKWT's compensation is judged once this many days have passed since it ended. */
  readonly compensationDueDays: number;
  /** UNDERAGE_WORKER: a worker under this age is a child (UU 13/2003 Art 1(26), Art 68). */
  readonly adultAge: number;
  readonly requiredProgramsByScale: Readonly<Record<Scale, readonly Program[]>>;
  /** PP 45/2015 Art 15 pension-age schedule (JP is not required at or above it). */
  readonly pensionAge: readonly PensionAgeStep[];
  /**
   * UU 13/2003 Art 69: under this age a child may not work at all (light work is for 13 to 15 year olds only
   * under conditions the data cannot show): UNDERAGE_WORKER is critical below it.
   */
  readonly minimumWorkingAge: number;
  /** JKK risk group assumed when the employer has none (1 = lowest rate: estimates are lower bounds). */
  readonly defaultJkkRiskGroup: number;
  readonly contributionRates: ContributionRates;
  /** Monthly JKK+JKM premium the Pemkab pays per sponsored worker (reference informalCoverage); null = unknown. */
  readonly sponsoredMonthlyPremium: number | null;
  readonly severity: SeverityThresholds;
}

/**
 * PP 45/2015 Art 15: the pension age was first set at 56; from 1 January 2019 it is 57 and it rises by one
 * year every three years until it reaches 65 (2043). JP itself began on 2015-07-01; earlier days use 56.
 */
export const PENSION_AGE_SCHEDULE: readonly PensionAgeStep[] = [
  { from: '2015-07-01', age: 56 },
  { from: '2019-01-01', age: 57 },
  { from: '2022-01-01', age: 58 },
  { from: '2025-01-01', age: 59 },
  { from: '2028-01-01', age: 60 },
  { from: '2031-01-01', age: 61 },
  { from: '2034-01-01', age: 62 },
  { from: '2037-01-01', age: 63 },
  { from: '2040-01-01', age: 64 },
  { from: '2043-01-01', age: 65 },
];

export const DEFAULT_SEVERITY_THRESHOLDS: SeverityThresholds = {
  enrolmentCriticalDays: 90,
  unpaidContributionsHighRupiah: 5_000_000,
  lateMediumDays: 30,
  wageUnderReportedMediumPct: 10,
  wageUnderReportedHighPct: 25,
  wageBelowMinimumHighPct: 10,
  durationCriticalMonthsOver: 12,
  serialHighContracts: 5,
  unregisteredCriticalContracts: 10,
  arrearsHighMonths: 3,
};

/** CONTRACT §6 defaults and UU 13/2003 Art 59 figures (everything that is not reference data). */
export const CONTRACT_DEFAULTS = {
  enrolmentGraceDays: 0,
  wageTolerancePct: 0,
  pkwtChainGapDays: 30,
  pkwtSerialMinContracts: 3,
  serialLookbackMonths: 24,
  selfReportMaxAgeDays: 365,
  arrearsGraceMonths: 1,
  legacyFirstMaxMonths: 24,
  legacyMaxExtensions: 1,
  legacyExtensionMaxMonths: 12,
  legacyMaxRenewals: 1,
  legacyRenewalMaxMonths: 24,
  legacyRenewalMinGapDays: 30,
  minimumWorkingAge: 15,
  adultAge: 18,
  compensationDueDays: 7,
  defaultJkkRiskGroup: 1,
} as const satisfies Partial<RulebookParameters>;

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as Record<string, unknown>)) deepFreeze(v);
  }
  return o;
}

function fail(field: string, message: string, value: unknown): never {
  let shown: string;
  try {
    shown = JSON.stringify(value) ?? String(value);
  } catch {
    shown = String(value);
  }
  throw new RangeError(`rulebook parameter "${field}" ${message} (got ${shown})`);
}

function nonNegativeInteger(field: string, v: unknown): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
    fail(field, 'must be a non-negative integer', v);
}

function positiveInteger(field: string, v: unknown): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) fail(field, 'must be a positive integer', v);
}

function nonNegativeNumber(field: string, v: unknown): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) fail(field, 'must be a non-negative number', v);
}

function isoDate(field: string, v: unknown): void {
  if (tryParseIsoDate(v) === null) fail(field, 'must be a calendar date YYYY-MM-DD', v);
}

function record(field: string, v: unknown): Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) fail(field, 'must be an object', v);
  return v as Record<string, unknown>;
}

function programList(field: string, v: unknown): Program[] {
  if (!Array.isArray(v)) fail(field, 'must be a list of programs', v);
  for (const p of v)
    if (!PROGRAMS.includes(p as Program)) fail(field, `holds an unknown program ${String(p)}`, v);
  return [...(v as Program[])];
}

function dateSteps(field: string, v: unknown, valueKey: 'age' | 'cap', allowEmpty: boolean): void {
  if (!Array.isArray(v) || (!allowEmpty && v.length === 0)) fail(field, 'must be a non-empty list', v);
  let prev: number | null = null;
  for (let i = 0; i < v.length; i++) {
    const step = record(`${field}[${i}]`, v[i]);
    isoDate(`${field}[${i}].from`, step.from);
    if (valueKey === 'age') positiveInteger(`${field}[${i}].age`, step.age);
    else nonNegativeNumber(`${field}[${i}].cap`, step.cap);
    const day = tryParseIsoDate(step.from) as number;
    if (prev !== null && day <= prev) fail(field, 'must be sorted by strictly increasing `from`', v);
    prev = day;
  }
}

const SEVERITY_KEYS = Object.keys(DEFAULT_SEVERITY_THRESHOLDS) as (keyof SeverityThresholds)[];

/** Throws RangeError naming the field when a parameter set is not usable. */
export function validateParameters(p: RulebookParameters): void {
  const o = record('parameters', p);
  for (const key of [
    'enrolmentGraceDays',
    'pkwtChainGapDays',
    'selfReportMaxAgeDays',
    'legacyMaxExtensions',
    'legacyMaxRenewals',
    'legacyRenewalMinGapDays',
    'minimumWorkingAge',
    'compensationDueDays',
    'arrearsGraceMonths',
  ] as const)
    nonNegativeInteger(key, o[key]);
  positiveInteger('adultAge', o.adultAge);
  for (const key of [
    'pkwtMaxTotalMonths',
    'pkwtSerialMinContracts',
    'serialLookbackMonths',
    'legacyFirstMaxMonths',
    'legacyExtensionMaxMonths',
    'legacyRenewalMaxMonths',
  ] as const)
    positiveInteger(key, o[key]);
  const tol = o.wageTolerancePct;
  if (typeof tol !== 'number' || !Number.isFinite(tol) || tol < 0 || tol >= 100)
    fail('wageTolerancePct', 'must be a number with 0 ≤ x < 100', tol);
  isoDate('legacyRegimeUntil', o.legacyRegimeUntil);
  const umk = record('umkByYear', o.umkByYear);
  for (const [year, amount] of Object.entries(umk)) {
    if (!/^\d{4}$/.test(year)) fail('umkByYear', `has a key that is not a year: ${year}`, umk);
    if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0)
      fail(`umkByYear.${year}`, 'must be a positive number', amount);
  }
  const sectoral = record('sectoralMinimumByYear', o.sectoralMinimumByYear);
  for (const [year, bySector] of Object.entries(sectoral)) {
    if (!/^\d{4}$/.test(year))
      fail('sectoralMinimumByYear', `has a key that is not a year: ${year}`, sectoral);
    for (const [sector, amount] of Object.entries(record(`sectoralMinimumByYear.${year}`, bySector)))
      if (typeof amount !== 'number' || !Number.isInteger(amount) || amount <= 0)
        fail(`sectoralMinimumByYear.${year}.${sector}`, 'must be a positive whole number of rupiah', amount);
  }
  const kbli = record('sectorKbli', o.sectorKbli);
  for (const [sector, codes] of Object.entries(kbli))
    if (!Array.isArray(codes) || codes.some((k) => typeof k !== 'string' || !/^\d{1,5}$/.test(k)))
      fail(`sectorKbli.${sector}`, 'must be a list of KBLI codes (1 to 5 digits)', codes);
  const mws = o.minimumWageScales;
  if (!Array.isArray(mws) || mws.some((x) => !SCALES.includes(x as Scale)))
    fail('minimumWageScales', `must be a list of scales (${SCALES.join(', ')})`, mws);
  const req = record('requiredProgramsByScale', o.requiredProgramsByScale);
  for (const scale of SCALES) programList(`requiredProgramsByScale.${scale}`, req[scale]);
  dateSteps('pensionAge', o.pensionAge, 'age', false);
  positiveInteger('defaultJkkRiskGroup', o.defaultJkkRiskGroup);
  const rates = record('contributionRates', o.contributionRates);
  const jkk = record('contributionRates.jkkPctByRiskGroup', rates.jkkPctByRiskGroup);
  if (Object.keys(jkk).length === 0) fail('contributionRates.jkkPctByRiskGroup', 'must not be empty', jkk);
  for (const [group, pct] of Object.entries(jkk)) {
    if (!/^[1-9]$/.test(group))
      fail('contributionRates.jkkPctByRiskGroup', `has a key that is not a risk group: ${group}`, jkk);
    nonNegativeNumber(`contributionRates.jkkPctByRiskGroup.${group}`, pct);
  }
  if (jkk[String(o.defaultJkkRiskGroup)] === undefined)
    fail(
      'defaultJkkRiskGroup',
      'must be a risk group of contributionRates.jkkPctByRiskGroup',
      o.defaultJkkRiskGroup,
    );
  for (const key of ['jkmPct', 'jhtEmployerPct', 'jhtWorkerPct', 'jpEmployerPct', 'jpWorkerPct'] as const)
    nonNegativeNumber(`contributionRates.${key}`, rates[key]);
  dateSteps('contributionRates.jpWageCaps', rates.jpWageCaps, 'cap', true);
  isoDate('contributionRates.jpStartsOn', rates.jpStartsOn);
  if (rates.latePaymentFinePctPerMonth !== undefined && rates.latePaymentFinePctPerMonth !== null)
    nonNegativeNumber('contributionRates.latePaymentFinePctPerMonth', rates.latePaymentFinePctPerMonth);
  if (rates.paymentDueDayOfFollowingMonth !== undefined) {
    const d = rates.paymentDueDayOfFollowingMonth;
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > 28)
      fail('contributionRates.paymentDueDayOfFollowingMonth', 'must be a whole day 1..28', d);
  }
  if (o.sponsoredMonthlyPremium !== null)
    nonNegativeNumber('sponsoredMonthlyPremium', o.sponsoredMonthlyPremium);
  const sev = record('severity', o.severity);
  for (const key of SEVERITY_KEYS) nonNegativeNumber(`severity.${key}`, sev[key]);
}

function referenceNumber(path: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`reference ${path}`, 'must be a number', v);
  return v as number;
}

/** CONTRACT §6 defaults plus the reference figures (UMK, programs by scale, rates, PKWT limits). Frozen. */
export function defaultParameters(reference: ReferenceData): RulebookParameters {
  const ref = record('reference', reference) as unknown as ReferenceData;
  const rates = record(
    'reference contributionRates',
    ref.contributionRates,
  ) as unknown as ReferenceData['contributionRates'];
  const wageCap = record('reference contributionRates.JP.wageCap', rates.JP?.wageCap);
  const req = record('reference requiredProgramsByScale', ref.requiredProgramsByScale) as unknown as Record<
    Scale,
    unknown
  >;
  const requiredProgramsByScale = {} as Record<Scale, readonly Program[]>;
  for (const scale of SCALES)
    requiredProgramsByScale[scale] = programList(`reference requiredProgramsByScale.${scale}`, req[scale]);
  const premium = ref.informalCoverage?.monthlyPremiumRupiah;
  const mw = record('reference minimumWage', ref.minimumWage) as unknown as ReferenceData['minimumWage'];
  // Decreed sectoral figures carry cents: a minimum is rounded up to the rupiah (never below the decree).
  const sectoralMinimumByYear: Record<string, Record<string, number>> = {};
  for (const [year, bySector] of Object.entries(mw.sectoral ?? {})) {
    const row: Record<string, number> = {};
    for (const [sector, amount] of Object.entries(record(`reference minimumWage.sectoral.${year}`, bySector)))
      row[sector] = Math.ceil(referenceNumber(`minimumWage.sectoral.${year}.${sector}`, amount));
    sectoralMinimumByYear[year] = row;
  }
  const sectorKbli: Record<string, string[]> = {};
  for (const [sector, codes] of Object.entries(mw.sectorKbli ?? {}))
    sectorKbli[sector] = Array.isArray(codes) ? [...(codes as string[])] : (codes as never);
  const params: RulebookParameters = {
    ...CONTRACT_DEFAULTS,
    pkwtMaxTotalMonths: referenceNumber('pkwt.maxTotalMonths', ref.pkwt?.maxTotalMonths),
    legacyRegimeUntil: ref.pkwt?.newRegimeFrom,
    umkByYear: { ...record('reference minimumWage.umk', ref.minimumWage?.umk) } as Record<string, number>,
    sectoralMinimumByYear,
    sectorKbli,
    // Absent from a reference file: every scale (the file must say which scales are exempt; none is assumed).
    minimumWageScales: [...((mw.appliesToScales ?? SCALES) as Scale[])],
    requiredProgramsByScale,
    pensionAge: PENSION_AGE_SCHEDULE.map((s) => ({ ...s })),
    contributionRates: {
      jkkPctByRiskGroup: {
        ...record('reference contributionRates.JKK.byRiskGroup', rates.JKK?.byRiskGroup),
      } as Record<string, number>,
      jkmPct: referenceNumber('contributionRates.JKM.pct', rates.JKM?.pct),
      jhtEmployerPct: referenceNumber('contributionRates.JHT.employerPct', rates.JHT?.employerPct),
      jhtWorkerPct: referenceNumber('contributionRates.JHT.workerPct', rates.JHT?.workerPct),
      jpEmployerPct: referenceNumber('contributionRates.JP.employerPct', rates.JP?.employerPct),
      jpWorkerPct: referenceNumber('contributionRates.JP.workerPct', rates.JP?.workerPct),
      jpWageCaps: Object.entries(wageCap)
        .map(([from, cap]) => ({ from, cap: cap as number }))
        .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0)),
      jpStartsOn: rates.JP?.startsOn as string,
      latePaymentFinePctPerMonth:
        typeof rates.latePaymentFinePctPerMonth === 'number' ? rates.latePaymentFinePctPerMonth : null,
      ...(typeof rates.paymentDueDayOfFollowingMonth === 'number'
        ? { paymentDueDayOfFollowingMonth: rates.paymentDueDayOfFollowingMonth }
        : {}),
    },
    sponsoredMonthlyPremium: typeof premium === 'number' ? premium : null,
    severity: { ...DEFAULT_SEVERITY_THRESHOLDS },
  };
  validateParameters(params);
  return deepFreeze(params);
}

/**
 * `base` with `overrides` applied (each field replaced whole; nested objects are not merged), validated and
 * frozen. Unknown fields and nonsense values throw RangeError naming the field.
 */
export function mergeParameters(
  base: RulebookParameters,
  overrides: Partial<RulebookParameters>,
): RulebookParameters {
  const o = record('overrides', overrides ?? {});
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(o)) {
    if (!(key in base)) fail(key, 'is not a rulebook parameter', value);
    if (value === undefined) continue;
    merged[key] = value && typeof value === 'object' ? structuredClone(value) : value;
  }
  const params = merged as unknown as RulebookParameters;
  validateParameters(params);
  return deepFreeze(params);
}
