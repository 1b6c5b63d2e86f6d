/** The domain types of the rulebook: plain, JSON-shaped facts in, findings out. */
import type { RulebookParameters } from './parameters';

/** A calendar date `YYYY-MM-DD` (no time, no zone). */
export type IsoDate = string;

export type Scale = 'micro' | 'small' | 'medium' | 'large';
export const SCALES: readonly Scale[] = ['micro', 'small', 'medium', 'large'];

export type Program = 'JKK' | 'JKM' | 'JHT' | 'JP' | 'JKP';
export const PROGRAMS: readonly Program[] = ['JKK', 'JKM', 'JHT', 'JP', 'JKP'];

export type ContractType = 'PKWT' | 'PKWTT';

export type Severity = 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

export type RuleCode =
  | 'ENROLMENT_MISSING'
  | 'ENROLMENT_LATE'
  | 'PROGRAM_INCOMPLETE'
  | 'WAGE_UNDER_REPORTED'
  | 'WAGE_BELOW_MINIMUM'
  | 'PKWT_DURATION_EXCEEDED'
  | 'PKWT_SERIAL_RENEWAL'
  | 'EMPLOYER_UNREGISTERED'
  | 'SPONSORED_COST_SHIFT'
  | 'PKWT_LEGACY_BREACH'
  | 'CONTRACTOR_HOPPING'
  | 'PKWT_COMPENSATION_UNPAID'
  | 'UNDERAGE_WORKER'
  | 'SELF_REPORT_OVERDUE'
  | 'ENROLMENT_UNVERIFIED'
  | 'CONTRIBUTION_ARREARS';

/**
 * Every rule of CONTRACT §6 (rulebook v2) that this rulebook judges, in the contract's order. ENROLMENT_UNVERIFIED
 * and CONTRIBUTION_ARREARS (§9) fire only for employers whose NPP a BPJS records load covers (EmployerFacts.bpjs).
 */
export const RULE_CODES: readonly RuleCode[] = [
  'ENROLMENT_MISSING',
  'ENROLMENT_LATE',
  'PROGRAM_INCOMPLETE',
  'WAGE_UNDER_REPORTED',
  'WAGE_BELOW_MINIMUM',
  'PKWT_DURATION_EXCEEDED',
  'PKWT_SERIAL_RENEWAL',
  'PKWT_LEGACY_BREACH',
  'CONTRACTOR_HOPPING',
  'PKWT_COMPENSATION_UNPAID',
  'UNDERAGE_WORKER',
  'EMPLOYER_UNREGISTERED',
  'SPONSORED_COST_SHIFT',
  'SELF_REPORT_OVERDUE',
  'ENROLMENT_UNVERIFIED',
  'CONTRIBUTION_ARREARS',
];

/**
 * The BPJS Ketenagakerjaan records load judged for an employer's NPP (CONTRACT §9): its id and the day its view
 * holds (`as_of`). Absent or null: no load covers the NPP, and the enrolment rules judge the employer's own report.
 */
export interface BpjsLoadFacts {
  loadId: string;
  asOf: IsoDate;
}

/** One row of BPJS's own records for a worker (matched by NIK) under the employer's NPP, in the load judged. */
export interface BpjsRecordFact {
  nik: string;
  kpj: string | null;
  programs: readonly Program[];
  effectiveFrom: IsoDate;
  effectiveTo: IsoDate | null;
  /** The wage BPJS holds for the worker (whole rupiah). */
  reportedWage: number | null;
  /** First day of the last month paid (`paidThrough: "YYYY-MM"`); null = nothing paid. */
  paidThrough: IsoDate | null;
}

export interface EmployerFacts {
  id: string;
  name: string;
  scale: Scale;
  /** BPJS Ketenagakerjaan employer registration number; null or blank = not registered. */
  npp: string | null;
  /**
   * JKK risk group 1..5. Null (or a group missing from the rate table) → `defaultJkkRiskGroup` (1, the lowest
   * rate), so contribution estimates are lower bounds; the evidence says when the group was assumed.
   */
  jkkRiskGroup: number | null;
  /**
   * KBLI 2020 business code (2 to 5 digits); selects a sectoral minimum wage (UMSK) when it starts with one of
   * the reference data's sector codes. Null or absent: no sector, the UMK applies.
   */
  kbli?: string | null;
  /** The company whose site this contractor works at. */
  principalEmployerId: string | null;
  lastSelfReportProcessedOn: IsoDate | null;
  /** The BPJS records load covering the employer's NPP (CONTRACT §9); absent or null: none. */
  bpjs?: BpjsLoadFacts | null;
}

export interface ContractFact {
  ref: string;
  employerId: string;
  nik: string;
  type: ContractType;
  startDate: IsoDate;
  /** null = open-ended. */
  endDate: IsoDate | null;
  monthlyWage: number;
  position?: string | null;
  /** Uang kompensasi paid at the end of this PKWT (whole rupiah); null or absent = not reported. */
  compensationPaid?: number | null;
  /** When it was paid. */
  compensationPaidOn?: IsoDate | null;
}

export interface EnrolmentFact {
  employerId: string;
  nik: string;
  kpj: string | null;
  programs: readonly Program[];
  effectiveFrom: IsoDate;
  effectiveTo: IsoDate | null;
  reportedWage: number | null;
}

/** A row of the regency's government-paid coverage list (pekerja rentan / BPU). */
export interface SponsoredFact {
  nik: string;
  programs: readonly Program[];
  effectiveFrom: IsoDate;
  effectiveTo: IsoDate | null;
}

/** One worker's contracts and enrolments with ONE employer (any order), plus their sponsored-coverage rows. */
export interface WorkerHistory {
  nik: string;
  name: string | null;
  birthDate: IsoDate | null;
  contracts: readonly ContractFact[];
  enrolments: readonly EnrolmentFact[];
  sponsored: readonly SponsoredFact[];
  /**
   * BPJS's records of this worker (by NIK) under the employer's NPP, from the load in EmployerFacts.bpjs (any
   * order). Read only when the employer has a load; empty: BPJS does not hold the worker.
   */
  bpjsRecords?: readonly BpjsRecordFact[];
}

export interface Finding {
  rule: RuleCode;
  rulebookVersion: string;
  /** The employer the case lands on (the principal for CONTRACTOR_HOPPING). */
  employerId: string;
  /** Null for employer rules. */
  nik: string | null;
  /** First start date of the chain, for chain rules; null otherwise. */
  chainStart: IsoDate | null;
  /** `${nik ?? ''}|${chainStart ?? ''}`; a case is identified by (rule, employerId, subjectKey). */
  subjectKey: string;
  severity: Severity;
  summary: { id: string; en: string };
  /** JSON-serialisable figures behind the finding. */
  evidence: Record<string, unknown>;
  legalBasis: string;
}

export type RuleLevel = 'worker' | 'chain' | 'employer' | 'principal';

export interface RuleDefinition {
  code: RuleCode;
  title: { id: string; en: string };
  /** What the rule judges, in a sentence or two (Indonesian first), for the console and a lawyer (GET /api/v1/rules). */
  description: { id: string; en: string };
  /** The severity a finding usually takes (the ladder may raise or lower it). */
  defaultSeverity: Severity;
  legalBasis: string;
  level: RuleLevel;
  /** CONTRACT §6 defaults of the parameters this rule owns (reference-data figures come from defaultParameters). */
  defaultParameters: Partial<RulebookParameters>;
  /** Every parameter the rule reads. */
  parameters: readonly (keyof RulebookParameters)[];
  /** The severity ladder, in words (the same text as docs/rules.md). */
  severityLadder: string;
}

/**
 * What the engine counts while streaming one employer's contracts (see `accumulateContract`).
 * `contractsInForceOnAsOf`: startDate ≤ asOf ≤ endDate (or open-ended) — the rules read this one.
 * `activeContracts`: not ended by asOf (endDate null or ≥ asOf), including ones that start later; informative.
 */
export interface EmployerAggregate {
  contractsInForceOnAsOf: number;
  activeContracts: number;
  /** Optional: distinct workers with a contract in force on asOf (used in summaries when present). */
  workersInForceOnAsOf?: number;
}

export interface EmployerEvaluationInput {
  employer: EmployerFacts;
  workers: readonly WorkerHistory[];
  /** Contracts of any worker at the contractors whose principalEmployerId is this employer (for CONTRACTOR_HOPPING). */
  contractorContracts?: readonly ContractFact[];
}
