/**
 * Coverage intervals: the union of enrolment (or any) day intervals, as one flat array of sorted, disjoint,
 * non-touching pairs [from0, to0, from1, to1, …] (one allocation per worker).
 */
import { formatDay, OPEN_END, parseIsoDate } from './dates';
import { prepareEnrolments } from './prepared';
import type { EnrolmentFact, IsoDate } from './types';

/** [from0, to0, from1, to1, …], sorted, disjoint; touching intervals (to + 1 = next from) are joined. */
export type DayIntervals = number[];

/** Union of intervals given sorted by start. */
export function mergeSorted(items: readonly { readonly s: number; readonly e: number }[]): DayIntervals {
  const iv: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const s = items[i].s;
    const e = items[i].e;
    const n = iv.length;
    if (n > 0 && s <= iv[n - 1] + 1) {
      if (e > iv[n - 1]) iv[n - 1] = e;
    } else iv.push(s, e);
  }
  return iv;
}

export function isCovered(iv: DayIntervals, day: number): boolean {
  for (let i = 0; i < iv.length; i += 2) {
    if (iv[i] > day) return false;
    if (day <= iv[i + 1]) return true;
  }
  return false;
}

export interface CoverageInterval {
  from: IsoDate;
  /** null = open-ended. */
  to: IsoDate | null;
}

/** The days covered by a worker's enrolments, as disjoint sorted intervals (any input order). */
export function coverageIntervals(enrolments: readonly EnrolmentFact[]): CoverageInterval[] {
  const iv = mergeSorted(prepareEnrolments(enrolments));
  const out: CoverageInterval[] = [];
  for (let i = 0; i < iv.length; i += 2)
    out.push({ from: formatDay(iv[i]), to: iv[i + 1] >= OPEN_END ? null : formatDay(iv[i + 1]) });
  return out;
}

/** Whether an enrolment covers the day: effectiveFrom ≤ day ≤ (effectiveTo or forever). */
export function isCoveredOn(enrolments: readonly EnrolmentFact[], date: IsoDate): boolean {
  return isCovered(mergeSorted(prepareEnrolments(enrolments)), parseIsoDate(date));
}
