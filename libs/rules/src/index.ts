/**
 * @patuh/rules — the compliance rulebook (CONTRACT §6) as pure, cited, parameterised functions.
 * Imports nothing outside this folder; reference data comes in as an argument (ReferenceData).
 */
export * from './types';
export type { ReferenceData } from './reference';
export {
  CONTRACT_DEFAULTS,
  DEFAULT_SEVERITY_THRESHOLDS,
  PENSION_AGE_SCHEDULE,
  defaultParameters,
  mergeParameters,
  validateParameters,
  type ContributionRates,
  type PensionAgeStep,
  type RulebookParameters,
  type SeverityThresholds,
  type WageCapStep,
} from './parameters';
export {
  createContext,
  jpCapOn,
  pensionAgeOn,
  type CompiledParameters,
  type EvaluationContext,
} from './context';
export {
  NO_DAY,
  OPEN_END,
  addDays,
  addMonths,
  addMonthsToDay,
  addYearsToDay,
  ageOn,
  civilFromDays,
  compareIsoDates,
  daysBetweenInclusive,
  daysFromCivil,
  daysInMonth,
  formatDay,
  isIsoDate,
  isLeapYear,
  monthsAfterDay,
  parseIsoDate,
  tryParseIsoDate,
  wholeMonthsAfter,
  wholeMonthsBetween,
} from './dates';
export { birthDateFromNik, birthDayFromNik, isFemaleNik, isValidNik, maskNik } from './nik';
export {
  buildChains,
  buildPkwtChains,
  type ContractChain,
  type ContractChainLink,
  type LinkKind,
} from './chains';
export { coverageIntervals, isCoveredOn, type CoverageInterval } from './coverage';
export {
  buildTimeline,
  type TimelineBpjsView,
  type TimelineChain,
  type TimelineContract,
  type TimelineEmployer,
  type TimelineInput,
  type TimelineInterval,
  type TimelineParameters,
  type TimelinePeriod,
  type TimelineSponsored,
  type WorkerTimeline,
} from './timeline';
export { PROGRAM_BIT, programMask, programsOf } from './programs';
export {
  estimateContributions,
  jkkRateFor,
  type ContributionEstimate,
  type WagePiece,
} from './contributions';
export { compareFindings, sortFindings, subjectKeyOf } from './findings';
export { RULEBOOK_VERSION } from './version';
export type { ChainRule, EmployerRule, PrincipalRule, RuleModule, WorkerRule } from './rules/common';
export {
  RULEBOOK,
  accumulateContract,
  accumulateWorker,
  describeRulebook,
  emptyAggregate,
  evaluateContractorHopping,
  evaluateEmployer,
  evaluateEmployerLevel,
  evaluatePrincipal,
  evaluateWorker,
  ruleDefinition,
  type RuleDescription,
} from './rulebook';
export { compensationOwed, compensationOwedAmount, type CompensationOwed } from './compensation';
export { sectorOf } from './context';
export { nextStandingChange, standingOf } from './next-change';
