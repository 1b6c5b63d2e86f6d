/**
 * One worker's history with one employer, parsed once and shared by the worker and chain rules: the contracts
 * as a timeline of wage segments, the coverage intervals, the reference day and (lazily) the uncovered days.
 */
import { chainPrepared, type PChain } from './chains';
import { pensionAgeOn, type EvaluationContext } from './context';
import type { WagePiece } from './contributions';
import { mergeSorted, type DayIntervals } from './coverage';
import { ageOn, formatDay, monthsAfterDay, NO_DAY, OPEN_END, parseIsoDate, tryParseIsoDate } from './dates';
import { workerLabel } from './format';
import { birthDayFromNik } from './nik';
import {
  judgedEnrolments,
  prepareBpjsRecords,
  prepareContracts,
  prepareEnrolments,
  type PContract,
  type PEnrolment,
} from './prepared';
import { analyseEnrolment, buildSegments, type EnrolmentAnalysis, type Segment } from './timeline';
import { CHARGEABLE_MASK, PROGRAM_BIT } from './programs';
import type { EmployerAggregate, EmployerFacts, WorkerHistory } from './types';

export type { EnrolmentAnalysis, Segment, UncoveredPiece } from './timeline';

export interface BirthInfo {
  readonly day: number | null;
  readonly source: 'record' | 'nik' | null;
}

/** The BPJS load judged for the employer (CONTRACT §9), with the worker's records in it. */
export interface BpjsState {
  readonly loadId: string;
  readonly asOf: string;
  readonly asOfDay: number;
  /** BPJS's records of the worker under the employer's NPP, sorted (empty: BPJS does not hold the worker). */
  readonly records: PEnrolment[];
}

export class WorkerState {
  readonly contracts: PContract[];
  readonly segments: readonly Segment[];
  /**
   * The enrolments the enrolment rules judge: the employer's own report, or, where a BPJS load covers the
   * employer's NPP, BPJS's records (plus the claims that start after the load's as_of: see judgedEnrolments).
   */
  readonly enrolments: PEnrolment[];
  /** The enrolments the employer reported (the same array as `enrolments` when no BPJS load covers the NPP). */
  readonly claimed: PEnrolment[];
  /** Null: no BPJS load covers the employer's NPP. */
  readonly bpjs: BpjsState | null;
  readonly coverage: DayIntervals;
  /** min(asOf, end of the latest contract); NO_DAY when no contract has started by asOf. */
  readonly refDay: number;
  /** The last contract day ≤ refDay (NO_DAY: none). */
  readonly contractDay: number;
  private enrolmentCache: EnrolmentAnalysis | null = null;
  private birthCache: BirthInfo | null = null;
  private pensionCache: number | null = null;
  private chainsCache: PChain[] | null = null;
  private labelCache: string | null = null;
  private unverifiedCache: PEnrolment[] | null = null;

  constructor(
    readonly employer: EmployerFacts,
    readonly worker: WorkerHistory,
    readonly ctx: EvaluationContext,
    agg?: EmployerAggregate,
  ) {
    const asOfDay = ctx.compiled.asOfDay;
    const contracts = prepareContracts(worker.contracts);
    this.contracts = contracts;
    this.segments = buildSegments(contracts);
    this.claimed = prepareEnrolments(worker.enrolments);
    const load = employer.bpjs;
    if (load) {
      const asOfLoad = parseIsoDate(load.asOf);
      const records = prepareBpjsRecords(worker.bpjsRecords ?? [], employer.id);
      this.bpjs = { loadId: load.loadId, asOf: load.asOf, asOfDay: asOfLoad, records };
      this.enrolments = judgedEnrolments(this.claimed, records, asOfLoad);
    } else {
      this.bpjs = null;
      this.enrolments = this.claimed;
    }
    this.coverage = mergeSorted(this.enrolments);
    let minStart = OPEN_END;
    let maxEnd = NO_DAY;
    for (let i = 0; i < contracts.length; i++) {
      const c = contracts[i];
      if (c.s < minStart) minStart = c.s;
      if (c.e > maxEnd) maxEnd = c.e;
    }
    if (agg !== undefined) countContracts(contracts, asOfDay, agg);
    this.refDay = minStart > asOfDay ? NO_DAY : maxEnd < asOfDay ? maxEnd : asOfDay;
    let contractDay = NO_DAY;
    if (this.refDay !== NO_DAY) {
      for (let i = this.segments.length - 1; i >= 0; i--) {
        const seg = this.segments[i];
        if (seg.s <= this.refDay) {
          contractDay = seg.e < this.refDay ? seg.e : this.refDay;
          break;
        }
      }
    }
    this.contractDay = contractDay;
  }

  get nik(): string {
    return this.worker.nik;
  }

  get label(): string {
    if (this.labelCache === null) this.labelCache = workerLabel(this.worker.nik, this.worker.name);
    return this.labelCache;
  }

  /** The uncovered counted days (computed once, by timeline.ts's analyseEnrolment: the timeline draws the same). */
  enrolment(): EnrolmentAnalysis {
    if (this.enrolmentCache === null)
      this.enrolmentCache = analyseEnrolment(
        this.segments,
        this.coverage,
        this.refDay,
        this.ctx.params.enrolmentGraceDays,
      );
    return this.enrolmentCache;
  }

  /** Counted contract days (past the grace) within [a, b], as wage pieces (paid = `paid`). */
  countedPieces(a: number, b: number, paid: number): WagePiece[] {
    const grace = this.ctx.params.enrolmentGraceDays;
    const out: WagePiece[] = [];
    for (let i = 0; i < this.segments.length; i++) {
      const seg = this.segments[i];
      const graceEnd = seg.runStart + grace;
      let lo = seg.s > graceEnd ? seg.s : graceEnd;
      if (lo < a) lo = a;
      const hi = seg.e < b ? seg.e : b;
      if (lo <= hi) out.push({ from: lo, to: hi, wage: seg.contract.wage, paid });
    }
    return out;
  }

  segmentAt(day: number): Segment | null {
    for (let i = 0; i < this.segments.length; i++) {
      const seg = this.segments[i];
      if (seg.s <= day && day <= seg.e) return seg;
    }
    return null;
  }

  /**
   * The judged enrolments covering `day`, BPJS's records first: where a BPJS record covers the day, only BPJS
   * records count (a later claim does not add programs or wage BPJS does not hold).
   */
  judgedCovering(day: number): PEnrolment[] {
    const all = this.coveringEnrolments(day);
    if (this.bpjs === null || all.length < 2) return all;
    const fromBpjs = all.filter((en) => en.record !== undefined);
    return fromBpjs.length > 0 ? fromBpjs : all;
  }

  /** Where the figures judged came from (CONTRACT §9): the employer's report, or the BPJS load with its id and as_of. */
  sourceEvidence(en?: PEnrolment | null): Record<string, unknown> {
    if (this.bpjs === null) return { source: 'employer_report' };
    if (en && en.record === undefined)
      return { source: 'employer_report', bpjsLoadId: this.bpjs.loadId, bpjsLoadAsOf: this.bpjs.asOf };
    return { source: 'bpjs_records', bpjsLoadId: this.bpjs.loadId, bpjsLoadAsOf: this.bpjs.asOf };
  }

  /**
   * ENROLMENT_UNVERIFIED's condition: a BPJS load covers the employer, the judged day is uncovered by BPJS's
   * records, and the employer reports an enrolment covering it. Returns those claimed enrolments (empty: none).
   */
  unverifiedClaims(): PEnrolment[] {
    if (this.unverifiedCache !== null) return this.unverifiedCache;
    let out: PEnrolment[] = [];
    if (this.bpjs !== null && this.refDay !== NO_DAY) {
      const a = this.enrolment();
      if (a.missing) {
        const day = a.judgedDay;
        out = this.claimed.filter((en) => en.s <= day && day <= en.e);
      }
    }
    this.unverifiedCache = out;
    return out;
  }

  coveringEnrolments(day: number): PEnrolment[] {
    const out: PEnrolment[] = [];
    for (let i = 0; i < this.enrolments.length; i++) {
      const en = this.enrolments[i];
      if (en.s <= day && day <= en.e) out.push(en);
    }
    return out;
  }

  /**
   * Birth day from the worker record, else from the NIK, with the century that puts the birth within the 100
   * years before the day judged (CONTRACT §6): the worker's reference day (asOf when no contract has started).
   */
  birth(): BirthInfo {
    if (this.birthCache !== null) return this.birthCache;
    const recorded = this.worker.birthDate ? tryParseIsoDate(this.worker.birthDate) : null;
    if (recorded !== null) this.birthCache = { day: recorded, source: 'record' };
    else {
      const judged = this.refDay !== NO_DAY ? this.refDay : this.ctx.compiled.asOfDay;
      const day = birthDayFromNik(this.worker.nik, judged);
      this.birthCache = { day, source: day === null ? null : 'nik' };
    }
    return this.birthCache;
  }

  /**
   * The day the worker reached the pension age (PP 45/2015 Art 15), reached once: the first day on which their
   * age was at least the pension age in force that day. A later rise of the pension age does not undo it.
   * OPEN_END when the birth date is unknown or the age is not reached within the schedule.
   */
  pensionReachedDay(): number {
    if (this.pensionCache !== null) return this.pensionCache;
    const b = this.birth().day;
    let reached = OPEN_END;
    if (b !== null) {
      const { pensionFrom, pensionAge } = this.ctx.compiled;
      for (let i = 0; i < pensionFrom.length; i++) {
        // Step i holds from pensionFrom[i] (the first step also before it) to the day before the next step.
        const birthday = monthsAfterDay(b, 12 * pensionAge[i]); // a 29 February birth: 1 March, as ageOn
        const from = i === 0 ? birthday : birthday > pensionFrom[i] ? birthday : pensionFrom[i];
        const until = i + 1 < pensionFrom.length ? pensionFrom[i + 1] - 1 : OPEN_END;
        if (from <= until) {
          reached = from;
          break;
        }
      }
    }
    this.pensionCache = reached;
    return reached;
  }

  /** True when the worker has reached the pension age on or before `day` (unknown birth date: false, JP required). */
  atPensionAge(day: number): boolean {
    const b = this.birth().day;
    // Cheap first test: younger than the lowest pension age of the schedule cannot have reached it.
    if (b === null || ageOn(b, day) < this.ctx.compiled.minPensionAge) return false;
    return this.pensionReachedDay() <= day;
  }

  /** Programs the employer's scale requires on `day` (JP dropped before JP began and once pension age is reached). */
  requiredMask(day: number): number {
    let mask = this.ctx.compiled.requiredMask[this.employer.scale] ?? 0;
    if (mask & PROGRAM_BIT.JP && (day < this.ctx.compiled.jpStartDay || this.atPensionAge(day)))
      mask &= ~PROGRAM_BIT.JP;
    return mask;
  }

  /** Required programs with a contribution to estimate. */
  chargeMask(day: number): number {
    return this.requiredMask(day) & CHARGEABLE_MASK;
  }

  ageInfo(day: number): Record<string, unknown> {
    const b = this.birth();
    return {
      birthDate: b.day === null ? null : formatDay(b.day),
      birthDateSource: b.source,
      ageOnReferenceDay: b.day === null ? null : ageOn(b.day, day),
      pensionAge: pensionAgeOn(this.ctx, day),
      pensionAgeReachedOn: this.atPensionAge(day) ? formatDay(this.pensionReachedDay()) : null,
    };
  }

  pkwtChains(): PChain[] {
    if (this.chainsCache === null)
      this.chainsCache = chainPrepared(this.contracts, this.ctx.params.pkwtChainGapDays, true);
    return this.chainsCache;
  }
}

/**
 * What one worker's prepared contracts add to the employer aggregate as of asOfDay (the employer rules' counts).
 * WorkerState counts through it, and so does accumulateWorker, which counts a worker without judging it: the two can
 * never disagree.
 */
export function countContracts(
  contracts: readonly PContract[],
  asOfDay: number,
  agg: EmployerAggregate,
): void {
  let inForce = false;
  for (let i = 0; i < contracts.length; i++) {
    const c = contracts[i];
    if (c.e >= asOfDay) agg.activeContracts++;
    if (c.s <= asOfDay && asOfDay <= c.e) {
      agg.contractsInForceOnAsOf++;
      inForce = true;
    }
  }
  if (inForce) agg.workersInForceOnAsOf = (agg.workersInForceOnAsOf ?? 0) + 1;
}
