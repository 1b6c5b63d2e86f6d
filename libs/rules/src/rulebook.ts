/**
 * The rulebook: every rule of CONTRACT §6, and the entry points that run them. Worker and chain rules run per
 * worker (evaluateWorker), employer rules on a streamed aggregate (evaluateEmployerLevel), CONTRACTOR_HOPPING per
 * worker across a principal's contractors (evaluateContractorHopping). evaluateEmployer composes the three.
 */
import type { EvaluationContext } from './context';
import { sortFindings } from './findings';
import { prepareContracts } from './prepared';
import { CONTRACTOR_HOPPING } from './rules/contractor-hopping';
import { CONTRIBUTION_ARREARS } from './rules/contribution-arrears';
import { ENROLMENT_UNVERIFIED } from './rules/enrolment-unverified';
import type { ChainRule, EmployerRule, PrincipalRule, RuleModule, WorkerRule } from './rules/common';
import { EMPLOYER_UNREGISTERED } from './rules/employer-unregistered';
import { ENROLMENT_LATE } from './rules/enrolment-late';
import { ENROLMENT_MISSING } from './rules/enrolment-missing';
import { PKWT_COMPENSATION_UNPAID } from './rules/pkwt-compensation-unpaid';
import { PKWT_DURATION_EXCEEDED } from './rules/pkwt-duration-exceeded';
import { PKWT_LEGACY_BREACH } from './rules/pkwt-legacy-breach';
import { PKWT_SERIAL_RENEWAL } from './rules/pkwt-serial-renewal';
import { PROGRAM_INCOMPLETE } from './rules/program-incomplete';
import { SELF_REPORT_OVERDUE } from './rules/self-report-overdue';
import { SPONSORED_COST_SHIFT } from './rules/sponsored-cost-shift';
import { UNDERAGE_WORKER } from './rules/underage-worker';
import { WAGE_BELOW_MINIMUM } from './rules/wage-below-minimum';
import { WAGE_UNDER_REPORTED } from './rules/wage-under-reported';
import { parseIsoDate, OPEN_END } from './dates';
import type {
  ContractFact,
  EmployerAggregate,
  EmployerEvaluationInput,
  EmployerFacts,
  Finding,
  RuleCode,
  Severity,
  WorkerHistory,
} from './types';
import type { RulebookParameters } from './parameters';
import { RULE_CODES } from './types';
import { RULEBOOK_VERSION } from './version';
import { countContracts, WorkerState } from './worker-state';

const WORKER_RULES: readonly WorkerRule[] = [
  ENROLMENT_MISSING,
  ENROLMENT_LATE,
  PROGRAM_INCOMPLETE,
  WAGE_UNDER_REPORTED,
  WAGE_BELOW_MINIMUM,
  SPONSORED_COST_SHIFT,
  PKWT_LEGACY_BREACH,
  UNDERAGE_WORKER,
  ENROLMENT_UNVERIFIED,
  CONTRIBUTION_ARREARS,
];
const CHAIN_RULES: readonly ChainRule[] = [
  PKWT_DURATION_EXCEEDED,
  PKWT_SERIAL_RENEWAL,
  PKWT_COMPENSATION_UNPAID,
];
const EMPLOYER_RULES: readonly EmployerRule[] = [EMPLOYER_UNREGISTERED, SELF_REPORT_OVERDUE];
const PRINCIPAL_RULES: readonly PrincipalRule[] = [CONTRACTOR_HOPPING];

const BY_CODE = new Map<RuleCode, RuleModule>(
  [...WORKER_RULES, ...CHAIN_RULES, ...EMPLOYER_RULES, ...PRINCIPAL_RULES].map((r) => [r.code, r]),
);

/** The rule modules in CONTRACT §6 order, with the rulebook version every finding carries. */
export const RULEBOOK: { readonly version: string; readonly rules: readonly RuleModule[] } = Object.freeze({
  version: RULEBOOK_VERSION,
  rules: Object.freeze(RULE_CODES.map((code) => BY_CODE.get(code) as RuleModule)),
});

export function ruleDefinition(code: RuleCode): RuleModule {
  const r = BY_CODE.get(code);
  if (!r) throw new RangeError(`unknown rule ${code}`);
  return r;
}

/**
 * All worker and chain rules for one worker's history with `employer` (contracts and enrolments with that
 * employer only). Sorted by (rule, subjectKey). With `agg`, the worker's contracts are also counted into the
 * employer aggregate (the same as accumulateWorker, without parsing the dates twice).
 */
export function evaluateWorker(
  employer: EmployerFacts,
  worker: WorkerHistory,
  ctx: EvaluationContext,
  agg?: EmployerAggregate,
): Finding[] {
  if (worker.contracts.length === 0) return [];
  const st = new WorkerState(employer, worker, ctx, agg);
  const out: Finding[] = [];
  for (let i = 0; i < WORKER_RULES.length; i++) WORKER_RULES[i].evaluate(st, out);
  const chains = st.pkwtChains();
  const asOfDay = ctx.compiled.asOfDay;
  for (let c = 0; c < chains.length; c++) {
    // A chain that has not started by asOf is not judged yet; a started one is judged on its agreed terms.
    if (chains[c].start > asOfDay) continue;
    for (let i = 0; i < CHAIN_RULES.length; i++) CHAIN_RULES[i].evaluate(st, chains[c], out);
  }
  return sortFindings(out);
}

/** EMPLOYER_UNREGISTERED and SELF_REPORT_OVERDUE, from the aggregate the engine counts while streaming. */
export function evaluateEmployerLevel(
  employer: EmployerFacts,
  agg: EmployerAggregate,
  ctx: EvaluationContext,
): Finding[] {
  const out: Finding[] = [];
  for (const r of EMPLOYER_RULES) r.evaluate(employer, agg, ctx, out);
  return sortFindings(out);
}

/**
 * CONTRACTOR_HOPPING for one worker: `contractorContracts` are the worker's contracts at every contractor
 * whose principalEmployerId is principal.id (other workers' contracts are ignored). Findings land on the principal.
 */
export function evaluateContractorHopping(
  principal: EmployerFacts,
  nik: string,
  contractorContracts: readonly ContractFact[],
  ctx: EvaluationContext,
): Finding[] {
  const own = contractorContracts.filter((c) => c.nik === nik);
  if (own.length < 2) return [];
  const out: Finding[] = [];
  const prepared = prepareContracts(own);
  for (const r of PRINCIPAL_RULES) r.evaluate(principal, nik, prepared, ctx, out);
  return sortFindings(out);
}

export function emptyAggregate(): EmployerAggregate {
  return { contractsInForceOnAsOf: 0, activeContracts: 0, workersInForceOnAsOf: 0 };
}

/** Adds one contract to a streaming aggregate; returns whether it is in force on asOf. */
export function accumulateContract(
  agg: EmployerAggregate,
  contract: ContractFact,
  ctx: EvaluationContext,
): boolean {
  const asOfDay = ctx.compiled.asOfDay;
  const s = parseIsoDate(contract.startDate);
  const e =
    contract.endDate === null || contract.endDate === undefined ? OPEN_END : parseIsoDate(contract.endDate);
  if (e < s) return false;
  if (e >= asOfDay) agg.activeContracts++;
  if (s <= asOfDay && asOfDay <= e) {
    agg.contractsInForceOnAsOf++;
    return true;
  }
  return false;
}

/**
 * Adds one worker's contracts with the employer (and the worker, when one is in force) to the aggregate: exactly what
 * evaluateWorker(employer, worker, ctx, agg) counts (the same code: WorkerState counts through countContracts), without
 * judging the worker. An incremental sweep counts this way the workers whose findings provably did not move (their
 * next-change day has not come; libs/engine worker-days.ts).
 */
export function accumulateWorker(
  agg: EmployerAggregate,
  worker: WorkerHistory,
  ctx: EvaluationContext,
): void {
  if (worker.contracts.length === 0) return;
  countContracts(prepareContracts(worker.contracts), ctx.compiled.asOfDay, agg);
}

/** The whole employer at once: equal to the streaming composition; sorted by (rule, subjectKey). */
export function evaluateEmployer(input: EmployerEvaluationInput, ctx: EvaluationContext): Finding[] {
  const { employer, workers } = input;
  const agg = emptyAggregate();
  const out: Finding[] = [];
  for (const w of workers) for (const f of evaluateWorker(employer, w, ctx, agg)) out.push(f);
  for (const f of evaluateEmployerLevel(employer, agg, ctx)) out.push(f);
  for (const f of evaluatePrincipal(employer, input.contractorContracts, ctx)) out.push(f);
  return sortFindings(out);
}

/**
 * CONTRACTOR_HOPPING for every worker of a principal's contractors (`contractorContracts`, grouped by NIK here);
 * none for an employer without them. Independent of the principal's own workers, so an evaluation in slices of
 * workers runs it once, beside the employer-level rules.
 */
export function evaluatePrincipal(
  principal: EmployerFacts,
  contractorContracts: readonly ContractFact[] | undefined,
  ctx: EvaluationContext,
): Finding[] {
  if (!contractorContracts || contractorContracts.length === 0) return [];
  const byNik = new Map<string, ContractFact[]>();
  for (const c of contractorContracts) {
    const list = byNik.get(c.nik);
    if (list) list.push(c);
    else byNik.set(c.nik, [c]);
  }
  const out: Finding[] = [];
  for (const [nik, list] of byNik)
    for (const f of evaluateContractorHopping(principal, nik, list, ctx)) out.push(f);
  return sortFindings(out);
}

/** One rule as GET /api/v1/rules shows it (CONTRACT §5). */
export interface RuleDescription {
  code: RuleCode;
  nameId: string;
  nameEn: string;
  defaultSeverity: Severity;
  /** The values in force of the parameters the rule reads. */
  parameters: Record<string, unknown>;
  legalBasis: string;
  descriptionId: string;
  descriptionEn: string;
  level: RuleModule['level'];
  severityLadder: string;
}

/** The rulebook in force with its parameter values, for people to read what the system judges by. */
export function describeRulebook(params: RulebookParameters): {
  version: string;
  rules: RuleDescription[];
} {
  const values = params as unknown as Record<string, unknown>;
  return {
    version: RULEBOOK.version,
    rules: RULEBOOK.rules.map((r) => {
      const parameters: Record<string, unknown> = {};
      for (const k of r.parameters) parameters[k] = structuredClone(values[k]);
      return {
        code: r.code,
        nameId: r.title.id,
        nameEn: r.title.en,
        defaultSeverity: r.defaultSeverity,
        parameters,
        legalBasis: r.legalBasis,
        descriptionId: r.description.id,
        descriptionEn: r.description.en,
        level: r.level,
        severityLadder: r.severityLadder,
      };
    }),
  };
}
