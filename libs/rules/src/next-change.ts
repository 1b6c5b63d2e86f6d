/**
 * The next day on which an employer's STANDING could change with no new data (issue #19): a sweep may skip an
 * employer whose inputs did not change until that day. Standing = the (rule, subjectKey, severity) of each finding
 * of evaluateEmployer; evidence figures and summaries that grow with asOf are not standing.
 *
 * Method. Every rule reads asOf (A) only through a few day tests against dates of the input, the parameters and
 * the reference data; between two such "event" days a rule's output is the same except for figures that grow
 * with A. So the answer is the smallest candidate day > A among the input's dates shifted by the offsets the rules
 * use, plus, for a finding whose severity rides on a growing figure and is not yet at the top of its ladder, a
 * provable lower bound on the day that figure can cross its threshold. Offsets: a contract start +0, +1, +grace,
 * +grace+1; a contract end +1, +compensationDueDays, +compensationDueDays+1; a PKWT's start and end (the chain and
 * legacy rules read PKWT contracts only) also 1, serialLookbackMonths, pkwtMaxTotalMonths and the three legacy
 * limits in months, and the critical-duration crossing, each as any day of [monthsAfterDay − 1, monthsAfterDay + 1]
 * (the rules' own monthsAfterDay, one day either side), and a PKWT end the exact day the serial cutoff (addMonthsToDay)
 * passes it (±1); enrolment, sponsored and BPJS record dates, reference days (pension steps, JP start and cap
 * steps, legacyRegimeUntil), the load's as_of and birth days +0, +1; birthdays at adultAge, minimumWorkingAge and
 * every pension age ±1; the self-report + selfReportMaxAgeDays + 1.
 * A running minimum, no arrays; month arithmetic is skipped when its window cannot improve it.
 *
 * How A enters each rule (W = per-worker state: refDay = min(A, last contract end), NO_DAY before the first start;
 * contractDay / the judged day = A while A is a counted contract day; a birth date from the NIK switches century
 * on its 20YY date; JP stops at the pension-reached day = a birthday at a schedule age or a schedule step):
 * - ENROLMENT_MISSING: judged day vs coverage (contract start/end+1, start+grace, enrolment/BPJS record from/to+1,
 *   pension-reached day for the charged mask). Severity high→critical as uncovered days and the estimate grow one day
 *   at a time: bounded below by (enrolmentCriticalDays+1−days) and (threshold−estimate)/(max wage × all rates / 28).
 * - ENROLMENT_LATE: fires only while the judged day is covered, so no uncovered day is added between events; the
 *   days and estimate (hence low/medium/high) move only at coverage, contract or pension events. No growth term.
 * - PROGRAM_INCOMPLETE: the enrolments covering contractDay and the required mask (JP start, pension) at events;
 *   medium→high on the estimate, which grows daily while contractDay = A: the same rupiah bound as MISSING.
 * - WAGE_UNDER_REPORTED: the segment and enrolments covering contractDay (contract/enrolment events); the ladder is
 *   a static percentage.
 * - WAGE_BELOW_MINIMUM: segments up to refDay (contract events) and calendar years: the next 1 January, added only
 *   when the scale binds and a contract below the largest minimum runs past A (else no new year row can appear).
 * - PKWT_DURATION_EXCEEDED: chain judged from its start; an open chain's last day is A: pkwtMaxTotalMonths after
 *   each start, and critical at monthsAfter(monthsAfter(start, max), durationCriticalMonthsOver) − 1 (±1 day).
 * - PKWT_SERIAL_RENEWAL: last day ≥ addMonthsToDay(A, −serialLookbackMonths): the exact first day past it for each
 *   PKWT end (that clamping can land 4 days after monthsAfterDay(end, n) when n is not a whole number of years).
 * - PKWT_LEGACY_BREACH: contracts started by A; an open contract over its limit at legacyFirst/Extension/Renewal
 *   months after its start (±1); high→medium the day after the last contract end.
 * - CONTRACTOR_HOPPING: the chain dates above on the principal's contractor contracts.
 * - PKWT_COMPENSATION_UNPAID: a PKWT is judged from its end + compensationDueDays (+1 slack); amounts are static.
 * - UNDERAGE_WORKER: judged once a contract has started; birth from record or NIK (both centuries, the switch day);
 *   the day of reaching adultAge / minimumWorkingAge is added although the verdict reads the first contract day
 *   (its cheap year test reads refDay's year but never skips a finding the full test makes: no 1 January needed).
 * - EMPLOYER_UNREGISTERED: contracts in force on A (start, end+1); the ladder counts them.
 * - SPONSORED_COST_SHIFT: contracts, sponsored rows and enrolments covering A (from, to+1).
 * - SELF_REPORT_OVERDUE: contracts in force; overdue from the last report + selfReportMaxAgeDays + 1.
 * - ENROLMENT_UNVERIFIED: as ENROLMENT_MISSING (claimed enrolments' from/to+1 too), with the same growth bound.
 * - CONTRIBUTION_ARREARS: the record covering min(refDay, view day) (record from/to+1) and the month judged, the
 *   month of min(A, load as_of): the first day of the next month while A is before the load's as_of (once A is at
 *   or past it the view day, the month judged and the months priced are fixed), and the load's as_of itself.
 * Nothing else reads A: rates, UMK figures and JP caps apply to the days priced (in the past), not to A.
 */
import type { EvaluationContext } from './context';
import { jkkRateFor } from './contributions';
import {
  addMonthsToDay,
  civilFromDays,
  daysFromCivil,
  daysInMonth,
  formatDay,
  monthsAfterDay,
  OPEN_END,
  tryParseIsoDate,
} from './dates';
import type { ContractFact, EmployerEvaluationInput, Finding, IsoDate } from './types';

/** The standing of a set of findings: sorted "rule|subjectKey|severity" lines (what makes cases and their events). */
export function standingOf(findings: readonly Finding[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i];
    out.push(f.rule + '|' + f.subjectKey + '|' + f.severity);
  }
  return out.sort();
}

/** Slack in days around a month-arithmetic candidate (the rules' clamping moves a day by at most 3). */
const SLACK = 1;

/** The running minimum of candidate days after asOf. */
class Scan {
  best = OPEN_END;
  constructor(
    readonly asOf: number,
    /** Month offsets ("N months after", monthsAfterDay) of the rules. */
    readonly monthOffsets: readonly number[],
    readonly criticalFirst: number,
    readonly criticalThen: number,
    readonly lookback: number,
    /** The month offsets of contracts started in the new regime (no legacy limits). */
    readonly newRegimeMonthOffsets: readonly number[] = monthOffsets,
  ) {}

  day(d: number): void {
    if (d > this.asOf && d < this.best) this.best = d;
  }

  /** Any day of [c − SLACK, c + SLACK]: the smallest of them after asOf. */
  window(c: number): void {
    const hi = c + SLACK;
    if (hi <= this.asOf) return;
    const lo = c - SLACK;
    this.day(lo > this.asOf ? lo : this.asOf + 1);
  }

  /** monthsAfterDay(d, m) ± SLACK, skipped when no day of it can be after asOf and before the best so far. */
  months(d: number, m: number): void {
    // monthsAfterDay(d, m) lies in [d + 28m, d + 31m + 3].
    if (d + 31 * m + 3 + SLACK <= this.asOf || d + 28 * m - SLACK >= this.best) return;
    this.window(monthsAfterDay(d, m));
  }

  /** A date compared with asOf (or the judged day) as it is: itself and the day after. */
  plain(d: number): void {
    this.day(d);
    this.day(d + 1);
  }

  /**
   * A contract's start (grace) or end (the day after, the compensation due day); a PKWT's also every month offset of
   * the chain and legacy rules and the critical-duration crossing (PKWTT contracts are no chain link).
   */
  contract(d: number, offsets: readonly number[], pkwt: boolean, legacy = true): void {
    for (let i = 0; i < offsets.length; i++) this.day(d + offsets[i]);
    if (!pkwt) return;
    const ms = legacy ? this.monthOffsets : this.newRegimeMonthOffsets;
    for (let i = 0; i < ms.length; i++) this.months(d, ms[i]);
    const a = this.criticalFirst;
    const b = this.criticalThen;
    if (d + 31 * (a + b) + 6 + SLACK <= this.asOf || d + 28 * (a + b) - 1 - SLACK >= this.best) return;
    // PKWT_DURATION_EXCEEDED / CONTRACTOR_HOPPING critical: the last day reaches monthsAfter(limitDay, b) − 1.
    this.window(monthsAfterDay(monthsAfterDay(d, a), b) - 1);
  }

  /**
   * PKWT_SERIAL_RENEWAL / CONTRACTOR_HOPPING: the first day A whose cutoff addMonthsToDay(A, −lookback) passes a
   * chain's last day, exactly (the cutoff clamps backwards: up to 4 days after monthsAfterDay(last, lookback)).
   */
  serialCrossing(last: number): void {
    const n = this.lookback;
    // The crossing T has addMonthsToDay(T, −n) ≤ T − 28n, so T > last + 28n; and T ≤ last + 31n + 7.
    if (last + 31 * n + 8 + SLACK <= this.asOf || last + 28 * n - SLACK >= this.best) return;
    let c = monthsAfterDay(last, n);
    while (addMonthsToDay(c - 1, -n) > last) c--;
    while (addMonthsToDay(c, -n) <= last) c++;
    this.window(c);
  }

  /** An enrolment's, sponsored row's or BPJS record's date (ISO, null: open). */
  iso(s: string | null | undefined): void {
    if (s === null || s === undefined) return;
    const d = tryParseIsoDate(s);
    if (d !== null) this.plain(d);
  }
}

function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * The earliest day after ctx.asOf on which the standing of evaluateEmployer(input, ctxOn(day)) could differ from
 * its standing on ctx.asOf, for the same input; null when no day ahead can change it. Conservative: it may name a
 * day on which nothing changes, never a day later than the first real change.
 * `findings` are evaluateEmployer(input, ctx)'s (so severities not yet at the top of a growing ladder are known).
 */
export function nextStandingChange(
  input: EmployerEvaluationInput,
  ctx: EvaluationContext,
  findings: readonly Finding[],
  /**
   * When given, also each worker's own day, by NIK (a worker with no contract has none): the day nextStandingChange
   * gives for {employer, workers: [that NIK's histories]} with that worker's findings, the employer's own days
   * included (reference days, the BPJS load, the self-report). The returned day is the same either way: the least
   * of the workers' days and the rest's (the employer's days and its contractors' contracts). One scan of the input
   * instead of one call per worker (libs/engine worker-days.ts records these days).
   */
  perWorker?: Map<string, IsoDate | null>,
): IsoDate | null {
  const p = ctx.params;
  const cp = ctx.compiled;
  const asOf = cp.asOfDay;
  const grace = p.enrolmentGraceDays;
  const due = p.compensationDueDays;
  const maxAge = p.selfReportMaxAgeDays;
  const startOffsets = [0, 1, grace, grace + 1];
  const endOffsets = [1, due, due + 1];
  const scan = new Scan(
    asOf,
    [
      1,
      p.serialLookbackMonths,
      p.pkwtMaxTotalMonths,
      p.legacyFirstMaxMonths,
      p.legacyExtensionMaxMonths,
      p.legacyRenewalMaxMonths,
    ],
    p.pkwtMaxTotalMonths,
    p.severity.durationCriticalMonthsOver,
    p.serialLookbackMonths,
    [1, p.serialLookbackMonths, p.pkwtMaxTotalMonths],
  );
  const { employer } = input;

  // Reference and parameter days.
  for (let i = 0; i < cp.pensionFrom.length; i++) scan.plain(cp.pensionFrom[i]);
  for (let i = 0; i < cp.jpCapFrom.length; i++) scan.plain(cp.jpCapFrom[i]);
  scan.plain(cp.jpStartDay);
  scan.plain(cp.legacyUntilDay);

  const civ = civilFromDays(asOf);
  const year = Math.floor(civ / 10000);
  const month = Math.floor(civ / 100) % 100;

  // CONTRIBUTION_ARREARS: the month judged is the month of min(asOf, the load's as_of).
  const load = employer.bpjs;
  const loadDay = load ? tryParseIsoDate(load.asOf) : null;
  if (loadDay !== null) {
    scan.plain(loadDay);
    if (asOf < loadDay)
      scan.day(month === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1));
  }
  // SELF_REPORT_OVERDUE: the report counts while it is at most selfReportMaxAgeDays old.
  const report = employer.lastSelfReportProcessedOn
    ? tryParseIsoDate(employer.lastSelfReportProcessedOn)
    : null;
  if (report !== null) scan.day(report + maxAge + 1);

  const binds = cp.minimumWageBinds[employer.scale] === true;
  let newYearMatters = false;
  const nextYear = daysFromCivil(year + 1, 1, 1);
  // Per worker: each worker's candidates start from the employer's own (those above) in a scan of their own; the
  // employer's day is the least of every worker's and the rest's. Worker days by NIK, as day numbers.
  const employerBest = scan.best;
  let least = OPEN_END;
  const own = perWorker ? new Map<string, number>() : null;
  // Workers whose reference day still moves with asOf (asOf before their last contract end): max contract wage.
  let moving: Map<string, number> | null = null;
  const ages: number[] = [p.adultAge, p.minimumWorkingAge];
  for (let i = 0; i < cp.pensionAge.length; i++)
    if (!ages.includes(cp.pensionAge[i])) ages.push(cp.pensionAge[i]);

  /**
   * Scans one contract's own days (a worker's, or a contractor's for its principal) and returns its start and end
   * days, or null when they cannot be read (the rules skip such a contract too). Month offsets run from starts (a
   * chain's first start: 60 months and the critical crossing; a legacy PKWT's own start: its limits, for contracts
   * started before the new regime only). An end's only month test is the serial lookback, found exactly.
   */
  const scanContract = (c: ContractFact): [number, number] | null => {
    const s = tryParseIsoDate(c.startDate);
    if (s === null) return null;
    const e = c.endDate === null || c.endDate === undefined ? OPEN_END : tryParseIsoDate(c.endDate);
    if (e === null || e < s) return null;
    const pkwt = c.type === 'PKWT';
    scan.contract(s, startOffsets, pkwt, s < cp.legacyUntilDay);
    if (e < OPEN_END) {
      scan.contract(e, endOffsets, false, false);
      if (pkwt) scan.serialCrossing(e);
    }
    return [s, e];
  };

  for (const w of input.workers) {
    if (w.contracts.length === 0) continue; // evaluateWorker judges nothing
    if (own) scan.best = employerBest;
    let minStart = OPEN_END;
    let maxEnd = -OPEN_END;
    let maxWage = 0;
    for (const c of w.contracts) {
      const days = scanContract(c);
      if (days === null) continue;
      const [s, e] = days;
      if (s < minStart) minStart = s;
      if (e > maxEnd) maxEnd = e;
      if (c.monthlyWage > maxWage) maxWage = c.monthlyWage;
      if (binds && e > asOf && c.monthlyWage < cp.maxMinimum) {
        newYearMatters = true;
        if (own) scan.day(nextYear);
      }
    }
    if (minStart === OPEN_END) {
      if (own) keepWorker(w.nik);
      continue;
    }
    if (minStart <= asOf && asOf < maxEnd) {
      moving ??= new Map();
      const prev = moving.get(w.nik);
      if (prev === undefined || maxWage > prev) moving.set(w.nik, maxWage);
    }
    for (const en of w.enrolments) {
      scan.iso(en.effectiveFrom);
      scan.iso(en.effectiveTo);
    }
    for (const sp of w.sponsored) {
      scan.iso(sp.effectiveFrom);
      scan.iso(sp.effectiveTo);
    }
    if (load && w.bpjsRecords)
      for (const r of w.bpjsRecords) {
        scan.iso(r.effectiveFrom);
        scan.iso(r.effectiveTo);
        scan.iso(r.paidThrough);
      }
    // Birth: the recorded date, else both centuries the NIK allows (the rules pick one by the day judged).
    const recorded = w.birthDate ? tryParseIsoDate(w.birthDate) : null;
    if (recorded !== null) birthDay(scan, recorded, ages);
    else if (typeof w.nik === 'string' && w.nik.length === 16) {
      let dd = twoDigits(w.nik, 6);
      const mm = twoDigits(w.nik, 8);
      const yy = twoDigits(w.nik, 10);
      if (dd > 40) dd -= 40;
      if (yy >= 0 && mm >= 1 && mm <= 12 && dd >= 1)
        for (const century of [1900, 2000])
          if (dd <= daysInMonth(century + yy, mm)) birthDay(scan, daysFromCivil(century + yy, mm, dd), ages);
    }
    if (own) keepWorker(w.nik);
  }
  if (own) scan.best = employerBest;
  if (input.contractorContracts) for (const c of input.contractorContracts) scanContract(c);
  // WAGE_BELOW_MINIMUM: a new calendar year brings a new year's minimum.
  if (newYearMatters) scan.day(nextYear);
  if (own) {
    // The rest's day, then the least of all; the growth bounds below go to their worker and to the least.
    if (scan.best < least) least = scan.best;
    scan.best = least;
  }

  // Growing ladders: uncovered days and estimates that grow by one day at a time while the judged day is asOf.
  if (moving !== null && (own !== null || scan.best > asOf + 1)) {
    const t = p.severity;
    const r = p.contributionRates;
    const pctAll = jkkRateFor(employer, ctx).pct + r.jkmPct + cp.jhtPct + cp.jpPct;
    for (const f of findings) {
      const growsDays = f.rule === 'ENROLMENT_MISSING' || f.rule === 'ENROLMENT_UNVERIFIED';
      if (growsDays ? f.severity === 'critical' : f.rule !== 'PROGRAM_INCOMPLETE' || f.severity !== 'medium')
        continue;
      const wage = f.nik === null ? undefined : moving.get(f.nik);
      if (wage === undefined) continue; // the worker's reference day is fixed: nothing grows
      let k = Infinity;
      if (growsDays) {
        const days = f.evidence.totalUncoveredDays;
        k = typeof days === 'number' ? t.enrolmentCriticalDays + 1 - days : 1;
      }
      // One more day adds at most wage/28 a month at every rate, plus 1 rupiah of rounding per program.
      const est = f.evidence.estimatedUnpaidContributions;
      const perDay = (wage * pctAll) / 100 / 28;
      if (typeof est !== 'number') k = 1;
      else if (perDay > 0) {
        const byRupiah = Math.floor((t.unpaidContributionsHighRupiah - est - 8) / perDay);
        if (byRupiah < k) k = byRupiah;
      }
      const grows = asOf + (k > 1 ? k : 1);
      scan.day(grows);
      if (own && f.nik !== null) {
        const d = own.get(f.nik);
        if (d !== undefined && grows < d) own.set(f.nik, grows);
      }
    }
  }
  if (own && perWorker) for (const [nik, d] of own) perWorker.set(nik, d >= OPEN_END ? null : formatDay(d));
  return scan.best >= OPEN_END ? null : formatDay(scan.best);

  /** A worker's scan done: its day (the least of its NIK's histories), and the least of all so far. */
  function keepWorker(nik: string): void {
    const d = scan.best;
    const prev = own!.get(nik);
    if (prev === undefined || d < prev) own!.set(nik, d);
    if (d < least) least = d;
  }
}

/** A birth day: the day itself (a NIK's century switches on it) and the birthdays at every age a rule reads. */
function birthDay(scan: Scan, b: number, ages: readonly number[]): void {
  scan.plain(b);
  for (let i = 0; i < ages.length; i++) scan.months(b, 12 * ages[i]);
}
