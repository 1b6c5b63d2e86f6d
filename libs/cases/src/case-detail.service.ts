import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { notFound } from '@patuh/core';
import {
  CaseEventsRepository,
  CaseRow,
  CasesRepository,
  SweepsRepository,
  WorkerHistoryRepository,
} from '@patuh/persistence';
import { isIsoDate } from '@patuh/rules';
import { CaseView, toCaseView } from './case.view';
import { EmployerCaseDetail, toEmployerCaseDetail } from './employer-case.view';
import { TimelineReader, type TimelineView } from './timeline.reader';

export interface DetailContract {
  ref: string;
  type: string;
  startDate: string;
  endDate: string | null;
  monthlyWage: number;
  position: string | null;
  /** The PKWT chain this contract belongs to (chain rule of CONTRACT §6); null for PKWTT. */
  chainStart: string | null;
  /** first | extension | renewal | overlap within its chain; null for PKWTT. */
  linkKind: string | null;
  gapDays: number | null;
  /** Contract days (past the grace, up to the day the evidence judged) without BPJS coverage (the timeline's). */
  uncoveredPeriods: { from: string; to: string; days: number }[];
  uncoveredDays: number;
}

export interface OtherCase {
  id: number;
  rule: string;
  status: string;
  severity: string;
  employerId: number;
  employerName: string;
}

export interface CaseDetail extends CaseView {
  assigneeName: string | null;
  otherCases: OtherCase[];
  /** The timeline of libs/rules (buildTimeline) as of historyAsOf; null for employer rules. */
  timeline: TimelineView | null;
  events: {
    id: number;
    type: string;
    fromStatus: string | null;
    toStatus: string | null;
    actorUserId: number | null;
    actorName: string | null;
    note: string | null;
    data: unknown;
    sweepId: number | null;
    createdAt: string;
  }[];
  contracts: DetailContract[];
  enrolments: {
    kpj: string | null;
    programs: string[];
    effectiveFrom: string;
    effectiveTo: string | null;
    reportedWage: number | null;
  }[];
  chains: {
    chainStart: string;
    lastEnd: string | null;
    contracts: string[];
    kinds: string[];
  }[];
  coverage: { from: string; to: string | null }[];
  uncoveredPeriods: { from: string; to: string; days: number; contractRef: string }[];
  /** The day the evidence was computed as of (see evidenceAsOf); the timeline is drawn as of it. */
  historyAsOf: string;
}

/** One case whole: its history, its assignee, the worker's other cases, and the worker's timeline. */
@Injectable()
export class CaseDetailService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cases: CasesRepository,
    private readonly caseEvents: CaseEventsRepository,
    private readonly sweeps: SweepsRepository,
    private readonly workerHistory: WorkerHistoryRepository,
    private readonly timelines: TimelineReader,
  ) {}

  private todayFormat?: Intl.DateTimeFormat;
  /** todayIn(BUSINESS_TZ) with one cached formatter (building an Intl formatter per request is measurable). */
  private today(): string {
    this.todayFormat ??= new Intl.DateTimeFormat('en-CA', {
      timeZone: this.config.env.BUSINESS_TZ,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    return this.todayFormat.format(new Date());
  }

  async getRow(id: number, scopeEmployerId?: number): Promise<CaseRow> {
    const row = await this.cases.findRow(id, scopeEmployerId);
    if (!row) throw notFound('Case');
    return row;
  }

  /**
   * The day the case's evidence was computed as of, so the timeline drawn shows the evidence's figures: the
   * evidence's reference day where it has one (the enrolment rules' judged day: drawing as of it gives exactly
   * the evidence's uncovered days), else its asOf, else the asOf of the sweep that was running when the case was
   * last detected, else today.
   */
  async evidenceAsOf(row: CaseRow): Promise<string> {
    let ev: Record<string, unknown> = {};
    try {
      ev = JSON.parse(row.evidence) as Record<string, unknown>;
    } catch {
      /* not JSON: no date in it */
    }
    if (isIsoDate(ev.referenceDay)) return ev.referenceDay;
    if (isIsoDate(ev.asOf)) return ev.asOf;
    return (await this.sweeps.findAsOfRunningAt(row.last_detected_at)) ?? this.today();
  }

  /**
   * The case, its history (with the actor's name), its assignee's name, the worker's other cases, and the
   * worker's whole contract and enrolment history with that employer (for CONTRACTOR_HOPPING: with the principal
   * and its contractors, chains joined across them) drawn as the timeline of libs/rules as of the day the
   * evidence was computed (`historyAsOf`), so the uncovered days shown are the evidence's.
   */
  async detail(id: number, scopeEmployerId?: number): Promise<CaseDetail> {
    const row = await this.getRow(id, scopeEmployerId);
    const asOf = await this.evidenceAsOf(row);
    const [events, assignee, others, history] = await Promise.all([
      this.caseEvents.listForCase(id),
      row.assignee_id === null ? undefined : this.cases.findUser(row.assignee_id),
      row.worker_nik ? this.cases.listOthersOfWorker(row.worker_nik, id, scopeEmployerId) : [],
      row.worker_nik
        ? this.history(row.worker_nik, row.employer_id, row.rule === 'CONTRACTOR_HOPPING', asOf)
        : null,
    ]);
    return {
      ...toCaseView(row),
      assigneeName: assignee?.name ?? null,
      events: events.map((e) => ({
        ...e,
        data: e.data ? (JSON.parse(e.data) as unknown) : null,
        createdAt: new Date(e.createdAt).toISOString(),
      })),
      otherCases: others,
      ...(history ?? {
        contracts: [],
        enrolments: [],
        chains: [],
        coverage: [],
        uncoveredPeriods: [],
        timeline: null,
      }),
      historyAsOf: asOf,
    };
  }

  /** One of the employer's own cases, redacted (EmployerCaseView): another employer's case → 404. */
  async employerDetail(id: number, employerId: number): Promise<EmployerCaseDetail> {
    return toEmployerCaseDetail(await this.detail(id, employerId));
  }

  private async history(nik: string, employerId: number, withContractors: boolean, asOf: string) {
    const employerIds = [employerId];
    if (withContractors) {
      employerIds.push(...(await this.workerHistory.findContractorIds(employerId)));
    }
    const read = await this.timelines.read(nik, asOf, {
      employerIds,
      chainAcrossEmployers: withContractors,
    });
    const t = read.timeline;
    const contracts: DetailContract[] = t.contracts.map((c) => ({
      ...(withContractors ? { employerId: c.employerId } : {}),
      ref: c.ref,
      type: c.type,
      startDate: c.startDate,
      endDate: c.endDate,
      monthlyWage: c.monthlyWage,
      position: c.position,
      chainStart: c.chainStart,
      linkKind: c.linkKind,
      gapDays: c.gapDays,
      uncoveredPeriods: c.uncoveredPeriods,
      uncoveredDays: c.uncoveredDays,
    }));
    return {
      contracts,
      enrolments: read.enrolments.map((e) => ({
        ...(withContractors ? { employerId: e.employerId } : {}),
        kpj: e.kpj,
        programs: e.programs,
        effectiveFrom: e.effectiveFrom,
        effectiveTo: e.effectiveTo,
        reportedWage: e.reportedWage,
      })),
      chains: t.chains.map((ch) => ({
        chainStart: ch.chainStart,
        lastEnd: ch.lastEnd,
        contracts: ch.contracts.map((l) => l.ref),
        kinds: ch.contracts.map((l) => l.kind),
      })),
      coverage: t.coverage.filter((c) => c.employerId === employerId).map(({ from, to }) => ({ from, to })),
      uncoveredPeriods: t.uncoveredPeriods.map(({ from, to, days, contractRef }) => ({
        from,
        to,
        days,
        contractRef,
      })),
      timeline: t,
    };
  }
}
