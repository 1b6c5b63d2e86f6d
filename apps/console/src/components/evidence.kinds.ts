/**
 * How the console shows a case's evidence (catalogue `evidence` holds the labels): every key the rules of
 * libs/rules/src/rules/*.ts produce has a kind that says how to show its value, and every column of the rows inside
 * an array a kind in COLUMN_KIND. Plain TypeScript, no React: apps/console/src/locales/catalogue.spec.ts checks it
 * against the keys the rules write. A key not listed here is shown under "other figures" with its words split apart.
 */
export type Kind =
  | 'date'
  | 'days'
  | 'months'
  /** Months with a fraction (4,97 bulan): months of service, months below the minimum. */
  | 'monthsFraction'
  | 'years'
  /** A calendar year (2025), never grouped like a number. */
  | 'year'
  | 'rupiah'
  | 'count'
  | 'pct'
  | 'bool'
  | 'text'
  | 'enum'
  | 'list'
  | 'programs'
  | 'employers'
  | 'breaches'
  | 'periods'
  | 'period'
  /** {from, to, capUsed}: months whose JP wage cap the reference data does not know, priced at capUsed. */
  | 'jpCap'
  | 'byProgram'
  /** An array of objects, shown as a table (its columns in COLUMN_KIND). */
  | 'rows';

export const EVIDENCE_KINDS: Record<string, Kind> = {
  referenceDay: 'date',
  uncoveredSince: 'date',
  birthDate: 'date',
  asOf: 'date',
  lastSelfReportProcessedOn: 'date',
  dueBy: 'date',
  sponsoredFrom: 'date',
  enrolmentFrom: 'date',
  chainStart: 'date',
  chainEnd: 'date',
  lastLawfulDay: 'date',
  lookbackFrom: 'date',
  legacyRegimeUntil: 'date',
  newRegimeFrom: 'date',
  sequenceStart: 'date',
  sequenceEnd: 'date',
  firstContractDay: 'date',
  adultOn: 'date',
  pensionAgeReachedOn: 'date',
  enrolmentGraceDays: 'days',
  totalUncoveredDays: 'days',
  daysSinceLastReport: 'days',
  selfReportMaxAgeDays: 'days',
  overlapDays: 'days',
  spanDays: 'days',
  daysOverLimit: 'days',
  pkwtChainGapDays: 'days',
  compensationDueDays: 'days',
  underageContractDays: 'days',
  spanMonths: 'months',
  pkwtMaxTotalMonths: 'months',
  monthsOverLimit: 'months',
  serialLookbackMonths: 'months',
  ageOnReferenceDay: 'years',
  pensionAge: 'years',
  ageOnFirstContractDay: 'years',
  adultAge: 'years',
  minimumWorkingAge: 'years',
  worstYear: 'year',
  estimatedUnpaidContributions: 'rupiah',
  sponsoredMonthlyPremium: 'rupiah',
  estimatedPublicCost: 'rupiah',
  totalWageShortfallToDate: 'rupiah',
  contractWage: 'rupiah',
  reportedWage: 'rupiah',
  shortfall: 'rupiah',
  totalOwed: 'rupiah',
  totalPaid: 'rupiah',
  totalShort: 'rupiah',
  compensationAtStake: 'rupiah',
  contractsInForceOnAsOf: 'count',
  pkwtContracts: 'count',
  extensions: 'count',
  renewals: 'count',
  pkwtSerialMinContracts: 'count',
  legacyContracts: 'count',
  activeContracts: 'count',
  workersInForceOnAsOf: 'count',
  jkkRiskGroup: 'count',
  contractsNotReported: 'count',
  contractsPaidShort: 'count',
  shortfallPct: 'pct',
  wageTolerancePct: 'pct',
  everEnrolled: 'bool',
  jkkRiskGroupAssumed: 'bool',
  jpRequired: 'bool',
  chainOpenEnded: 'bool',
  enrolledByEmployerOnAsOf: 'bool',
  stillRunningOnAsOf: 'bool',
  stillEmployedOnAsOf: 'bool',
  stillUnderageOnAsOf: 'bool',
  worstContractRef: 'text',
  contractRef: 'text',
  kpj: 'text',
  npp: 'text',
  kbli: 'text',
  scale: 'enum',
  birthDateSource: 'enum',
  sector: 'enum',
  programsCharged: 'programs',
  requiredPrograms: 'programs',
  enrolledPrograms: 'programs',
  missingPrograms: 'programs',
  sponsoredPrograms: 'programs',
  unknownUmkYearsSkipped: 'list',
  yearsWithoutMinimumSkipped: 'list',
  contractsWhileUnderage: 'list',
  contractors: 'employers',
  principalEmployerId: 'employers',
  breaches: 'breaches',
  uncoveredPeriods: 'periods',
  estimatePeriod: 'period',
  jpCapEstimated: 'jpCap',
  contributionsByProgram: 'byProgram',
  contracts: 'rows',
  contractsInForce: 'rows',
  enrolments: 'rows',
  years: 'rows',
  // BPJS records (CONTRACT §9)
  source: 'enum',
  bpjsLoadId: 'text',
  bpjsLoadAsOf: 'date',
  claimedEnrolments: 'rows',
  bpjsRecords: 'rows',
  judgedMonth: 'text',
  arrearsGraceMonths: 'months',
  paidThrough: 'text',
  monthsInArrears: 'months',
  arrearsFrom: 'text',
  arrearsTo: 'text',
  bpjsWage: 'rupiah',
  arrearsByMonth: 'rows',
  contributionsOwed: 'rupiah',
  latePaymentFinePctPerMonth: 'pct',
  estimatedLateFine: 'rupiah',
  lateFineIsEstimate: 'bool',
  effectiveTo: 'date',
};

/** The figures an inspector reads first, in this order; the rest follow in the evidence's own order. */
export const FIRST = [
  'totalUncoveredDays',
  'uncoveredSince',
  'ageOnFirstContractDay',
  'underageContractDays',
  'stillUnderageOnAsOf',
  'monthsOverLimit',
  'daysOverLimit',
  'spanMonths',
  'pkwtContracts',
  'totalShort',
  'totalOwed',
  'contractsNotReported',
  'contractsPaidShort',
  'estimatedUnpaidContributions',
  'totalWageShortfallToDate',
  'worstYear',
  'estimatedPublicCost',
  'missingPrograms',
  'daysSinceLastReport',
  'monthsInArrears',
  'contributionsOwed',
  'estimatedLateFine',
];

/**
 * Columns of the rows inside evidence arrays: contracts, enrolments, the years of WAGE_BELOW_MINIMUM, the
 * contracts of PKWT_COMPENSATION_UNPAID, and the fields of breaches (their text in catalogue `breach`).
 * A column not listed is shown as text.
 */
export const COLUMN_KIND: Record<string, Kind> = {
  ref: 'text',
  type: 'text',
  kpj: 'text',
  code: 'text',
  startDate: 'date',
  endDate: 'date',
  effectiveFrom: 'date',
  effectiveTo: 'date',
  from: 'date',
  to: 'date',
  serviceFrom: 'date',
  paidOn: 'date',
  monthlyWage: 'rupiah',
  umk: 'rupiah',
  monthlyShortfall: 'rupiah',
  wageShortfallToDate: 'rupiah',
  owed: 'rupiah',
  paid: 'rupiah',
  short: 'rupiah',
  minimum: 'rupiah',
  lowestWage: 'rupiah',
  rupiahShort: 'rupiah',
  shortfallPct: 'pct',
  gapDays: 'days',
  days: 'days',
  remainderDays: 'days',
  daysBelow: 'days',
  durationDays: 'days',
  requiredGapDaysMoreThan: 'days',
  wholeMonths: 'months',
  durationMonths: 'months',
  limitMonths: 'months',
  monthsOfService: 'monthsFraction',
  monthsBelow: 'monthsFraction',
  year: 'year',
  umkYear: 'year',
  count: 'count',
  limit: 'count',
  programs: 'programs',
  contracts: 'list',
  kind: 'enum',
  status: 'enum',
  sector: 'enum',
  minimumKind: 'text',
  employerId: 'employers',
  reportedWage: 'rupiah',
  source: 'enum',
  month: 'text',
  contributions: 'rupiah',
  monthsLate: 'months',
  lateFine: 'rupiah',
};
