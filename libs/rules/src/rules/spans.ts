/** Chain span figures shared by PKWT_DURATION_EXCEEDED, PKWT_SERIAL_RENEWAL and CONTRACTOR_HOPPING. */
import { chainLastDay, type PChain } from '../chains';
import type { EvaluationContext } from '../context';
import { addMonthsToDay, formatDay, wholeMonthsBetween } from '../dates';

export interface ChainSpan {
  readonly start: number;
  /** Last day of the chain (an open-ended contract runs to max(asOf, its start)). */
  readonly last: number;
  readonly openEnded: boolean;
  readonly spanDays: number;
  /** Whole months from start to last (inclusive). */
  readonly spanMonths: number;
  /** First day beyond pkwtMaxTotalMonths: addMonths(start, pkwtMaxTotalMonths). */
  readonly limitDay: number;
  /** last ≥ limitDay. */
  readonly exceeded: boolean;
  readonly daysOver: number;
  readonly monthsOver: number;
  readonly pkwtContracts: number;
  readonly extensions: number;
  readonly renewals: number;
  /** pkwtContracts ≥ pkwtSerialMinContracts and last ≥ asOf − serialLookbackMonths. */
  readonly serial: boolean;
}

export function chainSpan(chain: PChain, ctx: EvaluationContext): ChainSpan {
  const p = ctx.params;
  const last = chainLastDay(chain, ctx.compiled.asOfDay);
  const limitDay = addMonthsToDay(chain.start, p.pkwtMaxTotalMonths);
  const exceeded = last >= limitDay;
  let extensions = 0;
  let renewals = 0;
  let openEnded = false;
  for (const l of chain.links) {
    if (l.kind === 'renewal') renewals++;
    else if (l.kind !== 'first') extensions++;
    if (l.contract.open) openEnded = true;
  }
  const n = chain.links.length;
  return {
    start: chain.start,
    last,
    openEnded,
    spanDays: last - chain.start + 1,
    spanMonths: wholeMonthsBetween(chain.start, last + 1),
    limitDay,
    exceeded,
    daysOver: exceeded ? last - limitDay + 1 : 0,
    monthsOver: exceeded ? wholeMonthsBetween(limitDay, last + 1) : 0,
    pkwtContracts: n,
    extensions,
    renewals,
    serial: n >= p.pkwtSerialMinContracts && last >= ctx.compiled.serialCutoffDay,
  };
}

export function spanEvidence(s: ChainSpan, ctx: EvaluationContext): Record<string, unknown> {
  return {
    chainStart: formatDay(s.start),
    chainEnd: formatDay(s.last),
    chainOpenEnded: s.openEnded,
    spanDays: s.spanDays,
    spanMonths: s.spanMonths,
    pkwtMaxTotalMonths: ctx.params.pkwtMaxTotalMonths,
    lastLawfulDay: formatDay(s.limitDay - 1),
    daysOverLimit: s.daysOver,
    monthsOverLimit: s.monthsOver,
    pkwtChainGapDays: ctx.params.pkwtChainGapDays,
  };
}
