/** Shared pieces of the rule modules: rule-module types and evidence builders. */
import type { PChain } from '../chains';
import type { EvaluationContext } from '../context';
import { jkkRateFor, type ContributionEstimate } from '../contributions';
import { formatDay, OPEN_END } from '../dates';
import type { PContract } from '../prepared';
import type { EmployerAggregate, EmployerFacts, Finding, RuleDefinition, Scale } from '../types';
import type { WorkerState } from '../worker-state';

export interface WorkerRule extends RuleDefinition {
  readonly level: 'worker';
  evaluate(st: WorkerState, out: Finding[]): void;
}

export interface ChainRule extends RuleDefinition {
  readonly level: 'chain';
  evaluate(st: WorkerState, chain: PChain, out: Finding[]): void;
}

export interface EmployerRule extends RuleDefinition {
  readonly level: 'employer';
  evaluate(employer: EmployerFacts, agg: EmployerAggregate, ctx: EvaluationContext, out: Finding[]): void;
}

export interface PrincipalRule extends RuleDefinition {
  readonly level: 'principal';
  /** `contracts`: the worker's contracts at the principal's contractors, prepared and sorted. */
  evaluate(
    principal: EmployerFacts,
    nik: string,
    contracts: readonly PContract[],
    ctx: EvaluationContext,
    out: Finding[],
  ): void;
}

export type RuleModule = WorkerRule | ChainRule | EmployerRule | PrincipalRule;

export function contractEvidence(c: PContract): Record<string, unknown> {
  return {
    ref: c.fact.ref,
    type: c.fact.type,
    startDate: c.fact.startDate,
    endDate: c.fact.endDate ?? null,
    monthlyWage: c.wage,
  };
}

export function chainEvidence(chain: PChain, withEmployer: boolean): Record<string, unknown>[] {
  return chain.links.map((l) => {
    const e = contractEvidence(l.contract);
    if (withEmployer) e.employerId = l.contract.fact.employerId;
    e.kind = l.kind;
    e.gapDays = l.gapDays;
    return e;
  });
}

/** Adjacent day pieces merged into periods {from, to, days}. */
export function periodsEvidence(
  pieces: readonly { from: number; to: number }[],
): { from: string; to: string; days: number }[] {
  const out: { from: string; to: string; days: number }[] = [];
  let i = 0;
  while (i < pieces.length) {
    const from = pieces[i].from;
    let to = pieces[i].to;
    while (i + 1 < pieces.length && pieces[i + 1].from === to + 1) to = pieces[++i].to;
    out.push({ from: formatDay(from), to: formatDay(to), days: to - from + 1 });
    i++;
  }
  return out;
}

export function estimateEvidence(
  est: ContributionEstimate,
  employer: EmployerFacts,
  ctx: EvaluationContext,
  programs: readonly string[],
): Record<string, unknown> {
  const jkk = jkkRateFor(employer, ctx);
  const out: Record<string, unknown> = {
    estimatedUnpaidContributions: est.total,
    contributionsByProgram: est.byProgram,
    programsCharged: programs,
    jkkRiskGroup: jkk.group,
    jkkRiskGroupAssumed: jkk.assumed,
  };
  // JP priced on months whose wage cap the reference data does not know: said, not hidden.
  if (est.jpCapUnknown !== null)
    out.jpCapEstimated = {
      from: formatDay(est.jpCapUnknown.from),
      to: formatDay(est.jpCapUnknown.to),
      capUsed: ctx.params.contributionRates.jpWageCaps[0]?.cap ?? null,
    };
  return out;
}

export function dayOrNull(day: number): string | null {
  return day >= OPEN_END ? null : formatDay(day);
}

export const SCALE_ID: Readonly<Record<Scale, string>> = {
  micro: 'mikro',
  small: 'kecil',
  medium: 'menengah',
  large: 'besar',
};
