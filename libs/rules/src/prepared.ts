/** Facts with their dates parsed once into day numbers (internal representation of the rules). */
import { NO_DAY, OPEN_END, parseIsoDate, yearOfIso } from './dates';
import { programMask } from './programs';
import type { BpjsRecordFact, ContractFact, EnrolmentFact, SponsoredFact } from './types';

/**
 * A contract with its dates as day numbers. It doubles as a timeline segment (see Segment) when the worker's
 * contracts do not overlap, so the common case allocates nothing more.
 */
export class PContract {
  /** First day of the run of back-to-back or overlapping contracts it belongs to (set by the worker state). */
  runStart: number;
  constructor(
    readonly fact: ContractFact,
    readonly s: number,
    /** OPEN_END when open-ended. */
    readonly e: number,
    readonly open: boolean,
    readonly pkwt: boolean,
    readonly wage: number,
    readonly startYear: number,
  ) {
    this.runStart = s;
  }

  /** As a segment, the contract in force is itself. */
  get contract(): PContract {
    return this;
  }
}

export interface PEnrolment {
  readonly fact: EnrolmentFact;
  readonly s: number;
  readonly e: number;
  readonly mask: number;
  /** Set when the interval is BPJS's own record (CONTRACT §9), not the employer's report. */
  readonly record?: BpjsRecordFact;
  /** BPJS rows: the first day of the last month paid (NO_DAY: nothing paid). */
  readonly paidThrough?: number;
}

export interface PSponsored {
  readonly fact: SponsoredFact;
  readonly s: number;
  readonly e: number;
  readonly mask: number;
}

/** Insertion sort: histories hold a handful of items, where it beats Array.prototype.sort. */
export function sortSmall<T>(xs: T[], cmp: (a: T, b: T) => number): void {
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i];
    let j = i - 1;
    while (j >= 0 && cmp(xs[j], x) > 0) {
      xs[j + 1] = xs[j];
      j--;
    }
    xs[j + 1] = x;
  }
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Total order on contracts: start, end (open last), employer, ref, type, wage, position. */
export function compareContracts(a: PContract, b: PContract): number {
  return (
    a.s - b.s ||
    a.e - b.e ||
    cmpStr(a.fact.employerId, b.fact.employerId) ||
    cmpStr(a.fact.ref, b.fact.ref) ||
    cmpStr(a.fact.type, b.fact.type) ||
    a.wage - b.wage ||
    cmpStr(a.fact.position ?? '', b.fact.position ?? '')
  );
}

/** Parsed and sorted; a contract ending before it starts is ignored (the self-report checks forbid it). */
export function prepareContracts(list: readonly ContractFact[]): PContract[] {
  const out: PContract[] = [];
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    const s = parseIsoDate(c.startDate);
    const open = c.endDate === null || c.endDate === undefined;
    const e = open ? OPEN_END : parseIsoDate(c.endDate as string);
    if (e < s) continue;
    out.push(new PContract(c, s, e, open, c.type === 'PKWT', c.monthlyWage, yearOfIso(c.startDate)));
  }
  if (out.length > 1) sortSmall(out, compareContracts);
  return out;
}

export function cmpEnrolment(a: PEnrolment, b: PEnrolment): number {
  return (
    a.s - b.s ||
    a.e - b.e ||
    a.mask - b.mask ||
    (a.fact.reportedWage ?? -1) - (b.fact.reportedWage ?? -1) ||
    cmpStr(a.fact.kpj ?? '', b.fact.kpj ?? '') ||
    cmpStr(a.fact.employerId, b.fact.employerId)
  );
}

/** Parsed and sorted; an enrolment ending before it starts covers nothing and is ignored. */
export function prepareEnrolments(list: readonly EnrolmentFact[]): PEnrolment[] {
  const out: PEnrolment[] = [];
  for (let i = 0; i < list.length; i++) {
    const en = list[i];
    const s = parseIsoDate(en.effectiveFrom);
    const e =
      en.effectiveTo === null || en.effectiveTo === undefined ? OPEN_END : parseIsoDate(en.effectiveTo);
    if (e < s) continue;
    out.push({ fact: en, s, e, mask: programMask(en.programs) });
  }
  if (out.length > 1) sortSmall(out, cmpEnrolment);
  return out;
}

export function prepareSponsored(list: readonly SponsoredFact[]): PSponsored[] {
  const out: PSponsored[] = [];
  for (let i = 0; i < list.length; i++) {
    const sp = list[i];
    const s = parseIsoDate(sp.effectiveFrom);
    const e =
      sp.effectiveTo === null || sp.effectiveTo === undefined ? OPEN_END : parseIsoDate(sp.effectiveTo);
    if (e < s) continue;
    out.push({ fact: sp, s, e, mask: programMask(sp.programs) });
  }
  if (out.length > 1) out.sort((a, b) => a.s - b.s || a.e - b.e || a.mask - b.mask);
  return out;
}

/** BPJS's records of a worker as enrolment intervals with the employer (parsed, sorted; inverted ones ignored). */
export function prepareBpjsRecords(list: readonly BpjsRecordFact[], employerId: string): PEnrolment[] {
  const out: PEnrolment[] = [];
  for (let i = 0; i < list.length; i++) {
    const r = list[i];
    const s = parseIsoDate(r.effectiveFrom);
    const e = r.effectiveTo === null || r.effectiveTo === undefined ? OPEN_END : parseIsoDate(r.effectiveTo);
    if (e < s) continue;
    out.push({
      fact: {
        employerId,
        nik: r.nik,
        kpj: r.kpj,
        programs: r.programs,
        effectiveFrom: r.effectiveFrom,
        effectiveTo: r.effectiveTo,
        reportedWage: r.reportedWage,
      },
      s,
      e,
      mask: programMask(r.programs),
      record: r,
      paidThrough: r.paidThrough ? parseIsoDate(r.paidThrough) : NO_DAY,
    });
  }
  if (out.length > 1) sortSmall(out, cmpEnrolment);
  return out;
}

/**
 * The enrolments the rules judge for an employer whose NPP a BPJS load covers (CONTRACT §9): BPJS's records, plus
 * the employer's claims that start after the load's as_of (BPJS could not know them yet: taken on the employer's
 * word until the next load). A claim starting on or before the load's as_of counts only as BPJS shows it.
 */
export function judgedEnrolments(
  claimed: readonly PEnrolment[],
  bpjs: readonly PEnrolment[],
  loadAsOfDay: number,
): PEnrolment[] {
  const out = bpjs.slice();
  for (let i = 0; i < claimed.length; i++) if (claimed[i].s > loadAsOfDay) out.push(claimed[i]);
  if (out.length > 1) sortSmall(out, cmpEnrolment);
  return out;
}
