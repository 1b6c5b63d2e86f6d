/** Chain span figures shared by PKWT_DURATION_EXCEEDED, PKWT_SERIAL_RENEWAL and CONTRACTOR_HOPPING. */
import { chainLastDay, type PChain } from '../chains';
import type { EvaluationContext } from '../context';
import { formatDay, monthsAfterDay, wholeMonthsAfter } from '../dates';

export interface ChainSpan {
  readonly start: number;
  /** Last day of the chain (an open-ended contract runs to max(asOf, its start)). */
  readonly last: number;
  readonly openEnded: boolean;
  readonly spanDays: number;
  /** Whole months from start to last (inclusive). */
  readonly spanMonths: number;
  /** First day beyond pkwtMaxTotalMonths: pkwtMaxTotalMonths months after the start (CONTRACT §6). */
  readonly limitDay: number;
  /** last ≥ limitDay, and the chain holds a PKWT started in the new regime (PP 35/2021 binds it). */
  readonly exceeded: boolean;
  /** The chain holds a PKWT started on or after legacyRegimeUntil (2021-02-02). */
  readonly newRegime: boolean;
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
  const limitDay = monthsAfterDay(chain.start, p.pkwtMaxTotalMonths);
  const newRegime = chainInNewRegime(chain, ctx);
  const exceeded = newRegime && last >= limitDay;
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
    spanMonths: wholeMonthsAfter(chain.start, last + 1),
    limitDay,
    exceeded,
    newRegime,
    daysOver: exceeded ? last - limitDay + 1 : 0,
    monthsOver: exceeded ? wholeMonthsAfter(limitDay, last + 1) : 0,
    pkwtContracts: n,
    extensions,
    renewals,
    serial: n >= p.pkwtSerialMinContracts && last >= ctx.compiled.serialCutoffDay,
  };
}

/** Whether a chain holds a PKWT started on or after the first day of PP 35/2021 (legacyRegimeUntil). */
export function chainInNewRegime(chain: PChain, ctx: EvaluationContext): boolean {
  const from = ctx.compiled.legacyUntilDay;
  const links = chain.links;
  // Links are sorted by start: the last one started latest.
  return links[links.length - 1].contract.s >= from;
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
    newRegimeFrom: ctx.params.legacyRegimeUntil,
  };
}
