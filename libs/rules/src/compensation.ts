/**
 * Uang kompensasi (UU 13/2003 Art 61A as amended by UU 6/2023; PP 35/2021 Arts 15-17): owed at the end of each
 * PKWT (and each extension) to a worker with at least one month of continuous service, months of service / 12 ×
 * one month's wage. Service counts only in the new regime: from the later of the contract's start and the first
 * day of PP 35/2021 (2021-02-02). Months of service: whole months by CONTRACT §6 "N months after", plus the rest
 * as a fraction of the month that follows (so 1 month and 15 of 30 days is 1.5 months).
 */
import { monthsAfterDay, wholeMonthsAfter } from './dates';

export interface CompensationOwed {
  /** First day of service that counts (the later of the start and the new regime). */
  readonly serviceFrom: number;
  readonly serviceTo: number;
  readonly wholeMonths: number;
  /** Days after the whole months, and the length of the month they fall in. */
  readonly remainderDays: number;
  readonly periodDays: number;
  /** wholeMonths + remainderDays / periodDays. */
  readonly months: number;
  /** floor(months / 12 × wage): whole rupiah, rounded down. */
  readonly owed: number;
}

/**
 * What a PKWT from `start` to `end` (both included, day numbers) at `wage` a month owes at its end, or null when
 * it owes nothing by this rule: it ended before the new regime, or counts less than one month of service in it.
 */
export function compensationOwed(
  start: number,
  end: number,
  wage: number,
  newRegimeDay: number,
): CompensationOwed | null {
  if (end < newRegimeDay) return null;
  const from = start > newRegimeDay ? start : newRegimeDay;
  const n = wholeMonthsAfter(from, end + 1);
  if (n < 1) return null;
  const a = monthsAfterDay(from, n);
  const b = monthsAfterDay(from, n + 1);
  const r = end + 1 - a;
  const len = b - a;
  const units = n * len + r;
  // Integer arithmetic: units·wage stays far below 2^53 for any contract and wage the data allows.
  const owed = Math.floor((units * (wage > 0 ? wage : 0)) / (12 * len));
  return {
    serviceFrom: from,
    serviceTo: end,
    wholeMonths: n,
    remainderDays: r,
    periodDays: len,
    months: n + r / len,
    owed,
  };
}

/** compensationOwed(…).owed without allocating (−1 when nothing is owed by the rule): for the cheap first pass. */
export function compensationOwedAmount(
  start: number,
  end: number,
  wage: number,
  newRegimeDay: number,
): number {
  if (end < newRegimeDay) return -1;
  const from = start > newRegimeDay ? start : newRegimeDay;
  const n = wholeMonthsAfter(from, end + 1);
  if (n < 1) return -1;
  const a = monthsAfterDay(from, n);
  const len = monthsAfterDay(from, n + 1) - a;
  return Math.floor(((n * len + end + 1 - a) * (wage > 0 ? wage : 0)) / (12 * len));
}
