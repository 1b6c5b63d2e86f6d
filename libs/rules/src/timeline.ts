/**
 * One worker's timeline: the contracts (with their PKWT chain and link kind), the days the enrolment rules count
 * as uncovered, the PKWT chains with their 60-month limit, coverage and sponsored intervals, as of a day.
 *
 * This file holds the one computation of uncovered days (`analyseEnrolment`): ENROLMENT_MISSING and
 * ENROLMENT_LATE take their evidence from it (through WorkerState.enrolment()), and `buildTimeline` (the case
 * detail and the worker page) draws its gaps from it, so a gap drawn is the evidence's day count.
 */
import { chainLastDay, chainPrepared, type LinkKind, type PChain } from './chains';
import { mergeSorted, type DayIntervals } from './coverage';
import { formatDay, monthsAfterDay, NO_DAY, OPEN_END, parseIsoDate } from './dates';
import {
  judgedEnrolments,
  prepareBpjsRecords,
  prepareContracts,
  prepareEnrolments,
  prepareSponsored,
  type PContract,
} from './prepared';
import { programsOf } from './programs';
import { periodsEvidence } from './rules/common';
import type { BpjsRecordFact, ContractFact, EnrolmentFact, IsoDate, Program, SponsoredFact } from './types';

/**
 * A stretch of days [s, e] with one contract in force (the newest, where contracts overlap). Without overlaps
 * the contracts themselves are the segments.
 */
export interface Segment {
  readonly s: number;
  readonly e: number;
  readonly contract: PContract;
  /** First day of the run of back-to-back or overlapping contracts this segment belongs to (grace counts from it). */
  readonly runStart: number;
}

interface MutableSegment {
  s: number;
  e: number;
  contract: PContract;
  runStart: number;
}

export interface UncoveredPiece {
  readonly from: number;
  readonly to: number;
  readonly contract: PContract;
}

export interface EnrolmentAnalysis {
  /** The day ENROLMENT_MISSING judges: the last counted contract day ≤ the reference day (NO_DAY: none). */
  readonly judgedDay: number;
  /** Counted contract days up to judgedDay that no enrolment covers, split by contract. */
  readonly pieces: readonly UncoveredPiece[];
  readonly totalDays: number;
  /** judgedDay itself is uncovered. */
  readonly missing: boolean;
}

const NO_PIECES: readonly UncoveredPiece[] = Object.freeze([]);

/** The timeline segments of one employer's contracts of a worker (prepared and sorted); sets runStart. */
export function buildSegments(contracts: PContract[]): readonly Segment[] {
  const n = contracts.length;
  let overlapping = false;
  let maxEnd = n > 0 ? contracts[0].e : 0;
  for (let i = 1; i < n; i++) {
    const c = contracts[i];
    if (c.s <= maxEnd) {
      overlapping = true;
      break;
    }
    if (c.e > maxEnd) maxEnd = c.e;
  }
  if (!overlapping) {
    for (let i = 1; i < n; i++) {
      const prev = contracts[i - 1];
      const c = contracts[i];
      c.runStart = prev.e + 1 === c.s ? prev.runStart : c.s;
    }
    return contracts;
  }
  // Overlaps: cut the time line at every start and every end + 1; each piece belongs to the newest contract.
  const segs: MutableSegment[] = [];
  const pts: number[] = [];
  for (let i = 0; i < n; i++) {
    pts.push(contracts[i].s);
    if (contracts[i].e < OPEN_END) pts.push(contracts[i].e + 1);
  }
  pts.sort((a, b) => a - b);
  for (let k = 0; k < pts.length; k++) {
    const a = pts[k];
    if (k > 0 && pts[k - 1] === a) continue;
    let best: PContract | null = null;
    for (let i = 0; i < n; i++) if (contracts[i].s <= a && contracts[i].e >= a) best = contracts[i];
    if (best === null) continue;
    let next = OPEN_END;
    for (let q = k + 1; q < pts.length; q++)
      if (pts[q] > a) {
        next = pts[q] - 1;
        break;
      }
    const b = next < best.e ? next : best.e;
    const last = segs.length > 0 ? segs[segs.length - 1] : null;
    if (last !== null && last.contract === best && last.e + 1 === a) last.e = b;
    else
      segs.push({
        s: a,
        e: b,
        contract: best,
        runStart: last !== null && last.e + 1 === a ? last.runStart : a,
      });
  }
  return segs;
}

/** The reference day (CONTRACT §6): min(asOf, end of the latest contract); NO_DAY when none has started by asOf. */
export function referenceDayOf(contracts: readonly PContract[], asOfDay: number): number {
  let minStart = OPEN_END;
  let maxEnd = NO_DAY;
  for (let i = 0; i < contracts.length; i++) {
    const c = contracts[i];
    if (c.s < minStart) minStart = c.s;
    if (c.e > maxEnd) maxEnd = c.e;
  }
  return minStart > asOfDay ? NO_DAY : maxEnd < asOfDay ? maxEnd : asOfDay;
}

/**
 * THE uncovered-days computation of the enrolment rules: the judged day (the last contract day ≤ refDay that is
 * at least `grace` days after the start of its run of contracts) and every counted contract day up to it that
 * the coverage intervals miss, split by the contract in force.
 */
export function analyseEnrolment(
  segs: readonly Segment[],
  iv: DayIntervals,
  refDay: number,
  grace: number,
): EnrolmentAnalysis {
  let judged = NO_DAY;
  if (refDay !== NO_DAY) {
    for (let i = segs.length - 1; i >= 0; i--) {
      const seg = segs[i];
      if (seg.s > refDay) continue;
      const hi = seg.e < refDay ? seg.e : refDay;
      const graceEnd = seg.runStart + grace;
      const lo = seg.s > graceEnd ? seg.s : graceEnd;
      if (lo <= hi) {
        judged = hi;
        break;
      }
    }
  }
  let pieces: UncoveredPiece[] | null = null;
  let total = 0;
  if (judged !== NO_DAY) {
    const nc = iv.length;
    let j = 0;
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i];
      if (seg.s > judged) break;
      const graceEnd = seg.runStart + grace;
      const a = seg.s > graceEnd ? seg.s : graceEnd;
      const b = seg.e < judged ? seg.e : judged;
      let cur = a;
      while (cur <= b) {
        while (j < nc && iv[j + 1] < cur) j += 2;
        if (j < nc && iv[j] <= cur) {
          if (iv[j + 1] >= b) break;
          cur = iv[j + 1] + 1;
          continue;
        }
        const next = j < nc ? iv[j] - 1 : OPEN_END;
        const end = next < b ? next : b;
        (pieces ??= []).push({ from: cur, to: end, contract: seg.contract });
        total += end - cur + 1;
        cur = end + 1;
      }
    }
  }
  const missing = pieces !== null && pieces[pieces.length - 1].to === judged;
  return { judgedDay: judged, pieces: pieces ?? NO_PIECES, totalDays: total, missing };
}

// ---------------------------------------------------------------------------------------------------------
// The public timeline (case detail, worker page)

export interface TimelineParameters {
  enrolmentGraceDays: number;
  pkwtChainGapDays: number;
  pkwtMaxTotalMonths: number;
}

export interface TimelineInput {
  /** The worker's contracts, with one or several employers (employerId on each). */
  contracts: readonly ContractFact[];
  /** Enrolments cover contract days with the same employer only. */
  enrolments: readonly EnrolmentFact[];
  sponsored?: readonly SponsoredFact[];
  params: TimelineParameters;
  asOf: IsoDate;
  /**
   * Join PKWT chains across employers (CONTRACTOR_HOPPING: the contractors of one principal). Default: chains
   * per employer, as PKWT_DURATION_EXCEEDED and PKWT_SERIAL_RENEWAL judge them.
   */
  chainAcrossEmployers?: boolean;
  /**
   * Join PKWT chains within groups of employers: employerId → group key (employers not listed chain alone). The
   * worker page groups the contractors of one principal, as CONTRACTOR_HOPPING judges them.
   */
  chainGroups?: Readonly<Record<string, string>>;
  /**
   * The BPJS load judged for each employer whose NPP one covers (CONTRACT §9), with the worker's records in it:
   * for those employers the gaps are judged on BPJS's records, as the enrolment rules judge them.
   */
  bpjs?: readonly TimelineBpjsView[];
}

export interface TimelineBpjsView {
  employerId: string;
  loadId: string;
  asOf: IsoDate;
  records: readonly BpjsRecordFact[];
}

export interface TimelinePeriod {
  from: IsoDate;
  to: IsoDate;
  days: number;
}

export interface TimelineContract {
  employerId: string;
  ref: string;
  type: 'PKWT' | 'PKWTT';
  startDate: IsoDate;
  endDate: IsoDate | null;
  monthlyWage: number;
  position: string | null;
  /** Index into `chains`; null for a PKWTT (not a chain link). */
  chainIndex: number | null;
  chainStart: IsoDate | null;
  linkKind: LinkKind | null;
  /** Days between the chain's end so far and this start (negative: overlap); null for a chain's first link. */
  gapDays: number | null;
  /** Counted contract days (past the grace, up to the judged day) no enrolment with its employer covers. */
  uncoveredPeriods: TimelinePeriod[];
  uncoveredDays: number;
}

export interface TimelineChain {
  /** The employers of its contracts (one, unless chained across employers). */
  employerIds: string[];
  chainStart: IsoDate;
  /** Latest end; null when a contract is open-ended. */
  lastEnd: IsoDate | null;
  /** The last day the chain runs (an open-ended contract runs to max(asOf, its start)). */
  lastDay: IsoDate;
  /** CONTRACT §6 "N months after": pkwtMaxTotalMonths after the first start; the chain may not reach it. */
  limitDate: IsoDate;
  pkwtMaxTotalMonths: number;
  exceedsLimit: boolean;
  contracts: { employerId: string; ref: string; kind: LinkKind; gapDays: number | null }[];
}

export interface TimelineEmployer {
  employerId: string;
  /** min(asOf, end of the latest contract with this employer); null when none has started by asOf. */
  referenceDay: IsoDate | null;
  /** The last counted contract day the enrolment rules judge (null: none). */
  judgedDay: IsoDate | null;
  /** The judged day is uncovered (ENROLMENT_MISSING's condition). */
  uncoveredOnJudgedDay: boolean;
  totalUncoveredDays: number;
  /** The uncovered periods exactly as the enrolment evidence lists them (back-to-back pieces joined). */
  uncoveredPeriods: TimelinePeriod[];
  /** Days covered by the enrolments the employer reports (its claim). */
  coverage: TimelineInterval[];
  /** What the gaps are judged on: the employer's report, or BPJS's records where a load covers the NPP. */
  coverageSource: 'employer_report' | 'bpjs_records';
  /** The BPJS load judged (null: none covers the employer's NPP). */
  bpjsLoad: { loadId: string; asOf: IsoDate } | null;
  /** Days covered by BPJS's records of the worker in that load (empty without a load). */
  bpjsCoverage: TimelineInterval[];
}

export interface TimelineInterval {
  from: IsoDate;
  /** null = open-ended. */
  to: IsoDate | null;
}

export interface TimelineSponsored extends TimelineInterval {
  programs: Program[];
}

export interface WorkerTimeline {
  asOf: IsoDate;
  enrolmentGraceDays: number;
  pkwtChainGapDays: number;
  /** One per employer, in first-contract order. */
  employers: TimelineEmployer[];
  /** Sorted by start (ties: end, employer, ref). */
  contracts: TimelineContract[];
  chains: TimelineChain[];
  /** Every uncovered period, with its contract. */
  uncoveredPeriods: (TimelinePeriod & { employerId: string; contractRef: string })[];
  totalUncoveredDays: number;
  /** Days covered by the enrolments the employers report, per employer. */
  coverage: (TimelineInterval & { employerId: string })[];
  /** Days covered by BPJS's own records (CONTRACT §9), per employer whose NPP a load covers: its own lane. */
  bpjsCoverage: (TimelineInterval & { employerId: string; loadId: string; loadAsOf: IsoDate })[];
  /** Government-paid (pekerja rentan) coverage: not an employer's enrolment. */
  sponsored: TimelineSponsored[];
}

const dayOrNull = (d: number): IsoDate | null => (d === NO_DAY || d >= OPEN_END ? null : formatDay(d));

function intervals(iv: DayIntervals): TimelineInterval[] {
  const out: TimelineInterval[] = [];
  for (let i = 0; i < iv.length; i += 2)
    out.push({ from: formatDay(iv[i]), to: iv[i + 1] >= OPEN_END ? null : formatDay(iv[i + 1]) });
  return out;
}

/**
 * The timeline of one worker with one or several employers as of `asOf`. Uncovered days are those of the
 * enrolment rules (analyseEnrolment, per employer); chains are the PKWT chains of the chain rules.
 */
export function buildTimeline(input: TimelineInput): WorkerTimeline {
  const { params } = input;
  const asOfDay = parseIsoDate(input.asOf);
  const all = prepareContracts(input.contracts);
  const byEmployer = new Map<string, PContract[]>();
  for (const c of all) {
    const list = byEmployer.get(c.fact.employerId);
    if (list) list.push(c);
    else byEmployer.set(c.fact.employerId, [c]);
  }
  const enrolmentsBy = new Map<string, EnrolmentFact[]>();
  for (const e of input.enrolments) {
    const list = enrolmentsBy.get(e.employerId);
    if (list) list.push(e);
    else enrolmentsBy.set(e.employerId, [e]);
  }
  // Employers with enrolments but no contract still show their coverage.
  for (const id of enrolmentsBy.keys()) if (!byEmployer.has(id)) byEmployer.set(id, []);

  const uncovered = new Map<PContract, TimelinePeriod[]>();
  const employers: TimelineEmployer[] = [];
  const coverage: WorkerTimeline['coverage'] = [];
  const periods: WorkerTimeline['uncoveredPeriods'] = [];
  let total = 0;
  const bpjsBy = new Map<string, TimelineBpjsView>();
  for (const v of input.bpjs ?? []) bpjsBy.set(v.employerId, v);
  const bpjsCoverage: WorkerTimeline['bpjsCoverage'] = [];
  for (const [employerId, contracts] of byEmployer) {
    const claimed = prepareEnrolments(enrolmentsBy.get(employerId) ?? []);
    const view = bpjsBy.get(employerId);
    const records = view ? prepareBpjsRecords(view.records, employerId) : [];
    // The enrolment rules' coverage: the claim, or BPJS's records where a load covers the NPP (WorkerState's).
    const iv = mergeSorted(view ? judgedEnrolments(claimed, records, parseIsoDate(view.asOf)) : claimed);
    const claimedIv = view ? mergeSorted(claimed) : iv;
    const bpjsIv = intervals(mergeSorted(records));
    if (view)
      for (const b of bpjsIv)
        bpjsCoverage.push({ ...b, employerId, loadId: view.loadId, loadAsOf: view.asOf });
    const segs = buildSegments(contracts);
    const refDay = referenceDayOf(contracts, asOfDay);
    const a = analyseEnrolment(segs, iv, refDay, params.enrolmentGraceDays);
    for (const p of a.pieces) {
      const period = { from: formatDay(p.from), to: formatDay(p.to), days: p.to - p.from + 1 };
      const list = uncovered.get(p.contract);
      if (list) list.push(period);
      else uncovered.set(p.contract, [period]);
      periods.push({ ...period, employerId, contractRef: p.contract.fact.ref });
    }
    total += a.totalDays;
    const cov = intervals(claimedIv);
    for (const c of cov) coverage.push({ ...c, employerId });
    employers.push({
      employerId,
      referenceDay: dayOrNull(refDay),
      judgedDay: dayOrNull(a.judgedDay),
      uncoveredOnJudgedDay: a.missing,
      totalUncoveredDays: a.totalDays,
      uncoveredPeriods: periodsEvidence(a.pieces),
      coverage: cov,
      coverageSource: view ? 'bpjs_records' : 'employer_report',
      bpjsLoad: view ? { loadId: view.loadId, asOf: view.asOf } : null,
      bpjsCoverage: bpjsIv,
    });
  }

  let pchains: PChain[];
  if (input.chainAcrossEmployers) pchains = chainPrepared(all, params.pkwtChainGapDays, true);
  else {
    // all is sorted, so each group's contracts stay in the chain rule's order
    const groups = new Map<string, PContract[]>();
    for (const c of all) {
      const id = c.fact.employerId;
      const key = input.chainGroups?.[id] ?? `employer:${id}`;
      const list = groups.get(key);
      if (list) list.push(c);
      else groups.set(key, [c]);
    }
    pchains = [...groups.values()].flatMap((cs) => chainPrepared(cs, params.pkwtChainGapDays, true));
  }
  pchains.sort((x, y) => x.start - y.start);
  const linkOf = new Map<PContract, { index: number; kind: LinkKind; gapDays: number | null }>();
  const chains: TimelineChain[] = pchains.map((ch, index) => {
    const last = chainLastDay(ch, asOfDay);
    const limit = monthsAfterDay(ch.start, params.pkwtMaxTotalMonths);
    const ids = new Set<string>();
    for (const l of ch.links) {
      ids.add(l.contract.fact.employerId);
      linkOf.set(l.contract, { index, kind: l.kind, gapDays: l.gapDays });
    }
    return {
      employerIds: [...ids],
      chainStart: formatDay(ch.start),
      lastEnd: ch.maxEnd >= OPEN_END ? null : formatDay(ch.maxEnd),
      lastDay: formatDay(last),
      limitDate: formatDay(limit),
      pkwtMaxTotalMonths: params.pkwtMaxTotalMonths,
      exceedsLimit: last >= limit,
      contracts: ch.links.map((l) => ({
        employerId: l.contract.fact.employerId,
        ref: l.contract.fact.ref,
        kind: l.kind,
        gapDays: l.gapDays,
      })),
    };
  });

  const contracts: TimelineContract[] = all.map((c) => {
    const link = linkOf.get(c);
    const ps = uncovered.get(c) ?? [];
    let days = 0;
    for (const p of ps) days += p.days;
    return {
      employerId: c.fact.employerId,
      ref: c.fact.ref,
      type: c.fact.type,
      startDate: c.fact.startDate,
      endDate: c.open ? null : formatDay(c.e),
      monthlyWage: c.wage,
      position: c.fact.position ?? null,
      chainIndex: link ? link.index : null,
      chainStart: link ? chains[link.index].chainStart : null,
      linkKind: link ? link.kind : null,
      gapDays: link ? link.gapDays : null,
      uncoveredPeriods: ps,
      uncoveredDays: days,
    };
  });

  const sponsored: TimelineSponsored[] = prepareSponsored(input.sponsored ?? []).map((s) => ({
    from: formatDay(s.s),
    to: s.e >= OPEN_END ? null : formatDay(s.e),
    programs: programsOf(s.mask),
  }));

  return {
    asOf: input.asOf,
    enrolmentGraceDays: params.enrolmentGraceDays,
    pkwtChainGapDays: params.pkwtChainGapDays,
    employers,
    contracts,
    chains,
    uncoveredPeriods: periods,
    totalUncoveredDays: total,
    coverage,
    bpjsCoverage,
    sponsored,
  };
}
