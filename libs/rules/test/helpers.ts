/* eslint-disable no-restricted-imports */
/** Test helpers: the shared reference file and small builders of facts. */
import * as fs from 'fs';
import * as path from 'path';
import {
  createContext,
  defaultParameters,
  evaluateEmployer,
  evaluateWorker,
  mergeParameters,
  type ContractFact,
  type EmployerFacts,
  type EnrolmentFact,
  type EvaluationContext,
  type Finding,
  type Program,
  type ReferenceData,
  type RuleCode,
  type RulebookParameters,
  type SponsoredFact,
  type WorkerHistory,
} from '../src';

let cached: ReferenceData | null = null;

/** ../shared/reference/kutim.json beside the repository (the authoritative copy). */
export function loadReference(): ReferenceData {
  if (cached) return cached;
  const shared = path.resolve(__dirname, '../../../../shared/reference/kutim.json');
  const shipped = path.resolve(__dirname, '../../../reference/kutim.json');
  const file = fs.existsSync(shared) ? shared : shipped;
  cached = JSON.parse(fs.readFileSync(file, 'utf8')) as ReferenceData;
  return cached;
}

export function params(overrides: Partial<RulebookParameters> = {}): RulebookParameters {
  return mergeParameters(defaultParameters(loadReference()), overrides);
}

export function ctxAt(asOf: string, overrides: Partial<RulebookParameters> = {}): EvaluationContext {
  return createContext(asOf, params(overrides));
}

/** 16 digits, born 1995-07-01, a woman (DD + 40). */
export const NIK = '6408014107950003';
export const NIK2 = '6408011203880001';
export const EMPLOYER_ID = 'E1';

export function employer(over: Partial<EmployerFacts> = {}): EmployerFacts {
  return {
    id: EMPLOYER_ID,
    name: 'PT Contoh Sangatta',
    scale: 'medium',
    npp: 'NPP-001',
    jkkRiskGroup: 2,
    principalEmployerId: null,
    lastSelfReportProcessedOn: null,
    ...over,
  };
}

let refSeq = 0;

export function contract(
  startDate: string,
  endDate: string | null,
  over: Partial<ContractFact> = {},
): ContractFact {
  return {
    ref: over.ref ?? `C-${++refSeq}`,
    employerId: EMPLOYER_ID,
    nik: NIK,
    type: 'PKWT',
    startDate,
    endDate,
    monthlyWage: 4_500_000,
    position: 'Operator',
    ...over,
  };
}

export const ALL_REQUIRED: readonly Program[] = ['JKK', 'JKM', 'JHT', 'JP'];

export function enrolment(
  effectiveFrom: string,
  effectiveTo: string | null,
  over: Partial<EnrolmentFact> = {},
): EnrolmentFact {
  return {
    employerId: EMPLOYER_ID,
    nik: NIK,
    kpj: '24011234567',
    programs: ALL_REQUIRED,
    effectiveFrom,
    effectiveTo,
    reportedWage: 4_500_000,
    ...over,
  };
}

export function sponsored(effectiveFrom: string, effectiveTo: string | null, nik = NIK): SponsoredFact {
  return { nik, programs: ['JKK', 'JKM'], effectiveFrom, effectiveTo };
}

export function worker(
  contracts: readonly ContractFact[],
  enrolments: readonly EnrolmentFact[] = [],
  over: Partial<WorkerHistory> = {},
): WorkerHistory {
  return {
    nik: NIK,
    name: 'Siti Rahmawati',
    birthDate: '1995-07-01',
    contracts,
    enrolments,
    sponsored: [],
    ...over,
  };
}

export function run(
  w: WorkerHistory,
  asOf: string,
  overrides: Partial<RulebookParameters> = {},
  emp: EmployerFacts = employer(),
): Finding[] {
  return evaluateWorker(emp, w, ctxAt(asOf, overrides));
}

export function only(findings: readonly Finding[], rule: RuleCode): Finding[] {
  return findings.filter((f) => f.rule === rule);
}

export function one(findings: readonly Finding[], rule: RuleCode): Finding {
  const fs = only(findings, rule);
  if (fs.length !== 1)
    throw new Error(`expected one ${rule}, got ${fs.length}: ${findings.map((f) => f.rule).join(', ')}`);
  return fs[0];
}

export function rules(findings: readonly Finding[]): RuleCode[] {
  return findings.map((f) => f.rule);
}

export { evaluateEmployer };
