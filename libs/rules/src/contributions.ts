/**
 * Estimates of unpaid BPJS Ketenagakerjaan contributions, from the reference rates (parameters).
 *
 * Method: for each calendar month a period touches, the monthly contribution of the wage in force is counted
 * in proportion to the days of that month in the period (k / days-in-month), so a whole uncovered month costs
 * exactly one month's contribution. JKK by the employer's risk group, JKM, JHT employer + worker shares, JP
 * employer + worker shares on the wage up to the JP cap in force on each day, and only from the first day of JP
 * (2015-07-01, reference contributionRates.JP.startsOn). Days before the earliest cap the reference data knows
 * are priced with that cap and reported as estimated (`jpCapUnknown`), never silently. Rates are those of the
 * reference data (one set: no rate changed in the period it covers). Which programs count is decided by the caller (the programs required by the
 * employer's scale, or the programs missing). Rounded to whole rupiah per program; the total is the sum of the
 * rounded programs.
 */
import { civilFromDays, daysInMonth, NO_DAY, OPEN_END } from './dates';
import type { EvaluationContext } from './context';
import { PROGRAM_BIT } from './programs';
import type { EmployerFacts } from './types';

export interface WagePiece {
  readonly from: number;
  readonly to: number;
  /** The wage owed contributions. */
  readonly wage: number;
  /** The wage contributions were paid on (0 when uncovered). */
  readonly paid: number;
}

export interface ContributionEstimate {
  total: number;
  byProgram: { JKK: number; JKM: number; JHT: number; JP: number };
  /** Days JP was priced on although the reference data does not know that month's cap (null: none). */
  jpCapUnknown: { from: number; to: number } | null;
}

export interface JkkRate {
  group: number;
  pct: number;
  /** True when the employer has no (known) risk group and the default group was used. */
  assumed: boolean;
}

export function jkkRateFor(employer: EmployerFacts, ctx: EvaluationContext): JkkRate {
  const g = employer.jkkRiskGroup;
  const table = ctx.compiled.jkkPctByGroup;
  if (g !== null && g !== undefined) {
    const pct = table.get(g);
    if (pct !== undefined) return { group: g, pct, assumed: false };
  }
  const group = ctx.params.defaultJkkRiskGroup;
  return { group, pct: table.get(group) as number, assumed: true };
}

/**
 * Calendar months in [from, to] (both included): each whole calendar month counts 1, a partial month counts
 * its days / days in that month. O(1).
 */
export function monthsIn(from: number, to: number): number {
  if (to < from) return 0;
  const a = civilFromDays(from);
  const b = civilFromDays(to);
  const ya = Math.floor(a / 10000);
  const ma = Math.floor(a / 100) % 100;
  const yb = Math.floor(b / 10000);
  const mb = Math.floor(b / 100) % 100;
  const dimA = daysInMonth(ya, ma);
  if (ya === yb && ma === mb) return (to - from + 1) / dimA;
  const full = yb * 12 + mb - (ya * 12 + ma) - 1;
  return (dimA - (a % 100) + 1) / dimA + full + (b % 100) / daysInMonth(yb, mb);
}

/** Sum of a monthly amount prorated over the calendar months of [from, to]. */
export function prorateMonthly(from: number, to: number, monthlyAmount: number): number {
  return monthlyAmount * monthsIn(from, to);
}

function capped(w: number, cap: number): number {
  return w < cap ? w : cap;
}

/** JP wage base owed over [from, to]: (min(wage, cap) − min(paid, cap)) × months, the cap in force each day. */
function jpOwed(ctx: EvaluationContext, from: number, to: number, wage: number, paid: number): number {
  const { jpCapFrom, jpCap, jpMinCap } = ctx.compiled;
  if (jpCap.length === 0 || (wage <= jpMinCap && paid <= jpMinCap)) {
    const owed = wage - paid;
    return owed > 0 ? owed * monthsIn(from, to) : 0;
  }
  let total = 0;
  let cur = from;
  let i = 0;
  while (i + 1 < jpCapFrom.length && jpCapFrom[i + 1] <= cur) i++;
  while (cur <= to) {
    const nextChange = i + 1 < jpCapFrom.length ? jpCapFrom[i + 1] - 1 : to;
    const end = nextChange < to ? nextChange : to;
    const owed = capped(wage, jpCap[i]) - capped(paid, jpCap[i]);
    if (owed > 0) total += owed * monthsIn(cur, end);
    cur = end + 1;
    i++;
  }
  return total;
}

export function estimateContributions(
  pieces: readonly WagePiece[],
  mask: number,
  jkkPct: number,
  ctx: EvaluationContext,
): ContributionEstimate {
  const p = ctx.params.contributionRates;
  const flatPct =
    (mask & PROGRAM_BIT.JKK ? jkkPct : 0) +
    (mask & PROGRAM_BIT.JKM ? p.jkmPct : 0) +
    (mask & PROGRAM_BIT.JHT ? ctx.compiled.jhtPct : 0);
  const withJp = (mask & PROGRAM_BIT.JP) !== 0;
  const { jpStartDay, jpCapFrom } = ctx.compiled;
  const firstCapDay = jpCapFrom.length > 0 ? jpCapFrom[0] : OPEN_END;
  let base = 0;
  let jpBase = 0;
  let unknownFrom = OPEN_END;
  let unknownTo = NO_DAY;
  for (let i = 0; i < pieces.length; i++) {
    const w = pieces[i];
    const diff = w.wage - w.paid;
    if (diff > 0 && flatPct > 0) base += diff * monthsIn(w.from, w.to);
    if (withJp && w.to >= jpStartDay) {
      const from = w.from > jpStartDay ? w.from : jpStartDay;
      const owed = jpOwed(ctx, from, w.to, w.wage, w.paid);
      jpBase += owed;
      if (owed > 0 && from < firstCapDay) {
        if (from < unknownFrom) unknownFrom = from;
        const to = w.to < firstCapDay ? w.to : firstCapDay - 1;
        if (to > unknownTo) unknownTo = to;
      }
    }
  }
  const JKK = mask & PROGRAM_BIT.JKK ? Math.round((base * jkkPct) / 100) : 0;
  const JKM = mask & PROGRAM_BIT.JKM ? Math.round((base * p.jkmPct) / 100) : 0;
  const JHT = mask & PROGRAM_BIT.JHT ? Math.round((base * ctx.compiled.jhtPct) / 100) : 0;
  const JP = withJp ? Math.round((jpBase * ctx.compiled.jpPct) / 100) : 0;
  return {
    total: JKK + JKM + JHT + JP,
    byProgram: { JKK, JKM, JHT, JP },
    jpCapUnknown: unknownTo === NO_DAY ? null : { from: unknownFrom, to: unknownTo },
  };
}
