import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { BpjsCoverageRepository, WorkerHistoryRepository } from '@patuh/persistence';
import {
  buildTimeline,
  type BpjsRecordFact,
  type ContractFact,
  type EnrolmentFact,
  type Program,
  type RulebookParameters,
  type SponsoredFact,
  type TimelineBpjsView,
  type WorkerTimeline,
} from '@patuh/rules';

export interface HistoryContract {
  employerId: number;
  employerName: string;
  ref: string;
  type: 'PKWT' | 'PKWTT';
  startDate: string;
  endDate: string | null;
  monthlyWage: number;
  position: string | null;
}

export interface HistoryEnrolment {
  employerId: number;
  employerName: string;
  kpj: string | null;
  programs: string[];
  effectiveFrom: string;
  effectiveTo: string | null;
  reportedWage: number | null;
}

export interface HistorySponsored {
  programs: string[];
  effectiveFrom: string;
  effectiveTo: string | null;
  district: string | null;
}

type Ids<T> = {
  [K in keyof T]: K extends 'employerId' ? number : K extends 'employerIds' ? number[] : T[K];
};
/** The rules' timeline with employer ids as numbers (as everywhere in the API) and names beside them. */
export interface TimelineView {
  asOf: string;
  enrolmentGraceDays: number;
  pkwtChainGapDays: number;
  employers: (Ids<WorkerTimeline['employers'][number]> & { employerName: string })[];
  contracts: (Ids<WorkerTimeline['contracts'][number]> & { employerName: string })[];
  chains: (Omit<Ids<WorkerTimeline['chains'][number]>, 'contracts'> & {
    contracts: Ids<WorkerTimeline['chains'][number]['contracts'][number]>[];
  })[];
  uncoveredPeriods: Ids<WorkerTimeline['uncoveredPeriods'][number]>[];
  totalUncoveredDays: number;
  coverage: Ids<WorkerTimeline['coverage'][number]>[];
  /** BPJS's own records of the worker (CONTRACT §9), per employer whose NPP a load covers: the timeline's own lane. */
  bpjsCoverage: Ids<WorkerTimeline['bpjsCoverage'][number]>[];
  sponsored: WorkerTimeline['sponsored'];
}

export interface WorkerHistoryRead {
  worker: { id: number; nik: string } | null;
  contracts: HistoryContract[];
  enrolments: HistoryEnrolment[];
  sponsored: HistorySponsored[];
  timeline: TimelineView;
}

const list = (s: string | null): string[] => (s ? s.split(',').filter((x) => x.length > 0) : []);

/**
 * Reads one worker's contracts, enrolments and sponsored rows (with one employer, several, or all) in four
 * indexed queries and draws the timeline with libs/rules' buildTimeline: the same uncovered days and chains as
 * the rules' evidence, with the rulebook parameters the engine uses.
 */
@Injectable()
export class TimelineReader {
  readonly params: RulebookParameters;

  constructor(
    private readonly history: WorkerHistoryRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly bpjs: BpjsCoverageRepository,
  ) {
    // The same parameters as the engine's RulesetService (reference defaults, then RULE_PARAMETERS).
    this.params = config.ruleParameters;
  }

  async read(
    nik: string,
    asOf: string,
    opts: {
      employerIds?: number[];
      chainAcrossEmployers?: boolean;
      /** Join the chains of contractors of one principal (the worker page's contractor-hopping picture). */
      chainByPrincipal?: boolean;
    } = {},
  ): Promise<WorkerHistoryRead> {
    const worker = (await this.history.findWorker(nik)) ?? null;
    const [contractRows, enrolmentRows, sponsoredRows] = await Promise.all([
      worker ? this.history.findContracts(worker.id, opts.employerIds) : [],
      worker ? this.history.findEnrolments(worker.id, opts.employerIds) : [],
      this.history.findSponsored(nik),
    ]);
    const contracts: HistoryContract[] = contractRows.map((c) => ({
      employerId: Number(c.employerId),
      employerName: c.employerName,
      ref: c.ref,
      type: c.type,
      startDate: c.startDate,
      endDate: c.endDate,
      monthlyWage: Number(c.monthlyWage),
      position: c.position,
    }));
    const enrolments: HistoryEnrolment[] = enrolmentRows.map((e) => ({
      employerId: Number(e.employerId),
      employerName: e.employerName,
      kpj: e.kpj,
      programs: list(e.programs),
      effectiveFrom: e.effectiveFrom,
      effectiveTo: e.effectiveTo,
      reportedWage: e.reportedWage === null ? null : Number(e.reportedWage),
    }));
    const sponsored: HistorySponsored[] = sponsoredRows.map((s) => ({
      programs: list(s.programs),
      effectiveFrom: s.effectiveFrom,
      effectiveTo: s.effectiveTo,
      district: s.district,
    }));
    const chainGroups: Record<string, string> = {};
    if (opts.chainByPrincipal)
      for (const c of contractRows)
        if (c.principalId !== null) chainGroups[String(c.employerId)] = `principal:${Number(c.principalId)}`;
    const names = new Map<number, string>();
    for (const c of contracts) names.set(c.employerId, c.employerName);
    for (const e of enrolments) names.set(e.employerId, e.employerName);
    // The BPJS load judged for each of those employers, with the worker's records in it (one indexed statement).
    const employerIdsSeen = [...names.keys()];
    const bpjsRows = await this.bpjs.findWorkerRecords(nik, employerIdsSeen);
    const views = new Map<number, TimelineBpjsView & { records: BpjsRecordFact[] }>();
    for (const r of bpjsRows) {
      const id = Number(r.employerId);
      let v = views.get(id);
      if (!v) {
        v = { employerId: String(id), loadId: String(r.loadId), asOf: r.loadAsOf, records: [] };
        views.set(id, v);
      }
      if (r.nik === null || r.effectiveFrom === null) continue;
      v.records.push({
        nik: r.nik,
        kpj: r.kpj,
        programs: list(r.programs) as Program[],
        effectiveFrom: r.effectiveFrom,
        effectiveTo: r.effectiveTo,
        reportedWage: r.reportedWage === null ? null : Number(r.reportedWage),
        paidThrough: r.paidThrough,
      });
    }
    const t = buildTimeline({
      contracts: contracts.map((c): ContractFact => ({
        ref: c.ref,
        employerId: String(c.employerId),
        nik,
        type: c.type,
        startDate: c.startDate,
        endDate: c.endDate,
        monthlyWage: c.monthlyWage,
        position: c.position,
      })),
      enrolments: enrolments.map((e): EnrolmentFact => ({
        employerId: String(e.employerId),
        nik,
        kpj: e.kpj,
        programs: e.programs as Program[],
        effectiveFrom: e.effectiveFrom,
        effectiveTo: e.effectiveTo,
        reportedWage: e.reportedWage,
      })),
      sponsored: sponsored.map((s): SponsoredFact => ({
        nik,
        programs: s.programs as Program[],
        effectiveFrom: s.effectiveFrom,
        effectiveTo: s.effectiveTo,
      })),
      params: this.params,
      asOf,
      chainAcrossEmployers: opts.chainAcrossEmployers,
      chainGroups,
      bpjs: [...views.values()],
    });
    return {
      worker: worker ? { ...worker, id: Number(worker.id) } : null,
      contracts,
      enrolments,
      sponsored,
      timeline: toView(t, names),
    };
  }
}

function toView(t: WorkerTimeline, names: Map<number, string>): TimelineView {
  const name = (id: number) => names.get(id) ?? '';
  return {
    asOf: t.asOf,
    enrolmentGraceDays: t.enrolmentGraceDays,
    pkwtChainGapDays: t.pkwtChainGapDays,
    employers: t.employers.map((e) => ({
      ...e,
      employerId: Number(e.employerId),
      employerName: name(Number(e.employerId)),
    })),
    contracts: t.contracts.map((c) => ({
      ...c,
      employerId: Number(c.employerId),
      employerName: name(Number(c.employerId)),
    })),
    chains: t.chains.map((ch) => ({
      ...ch,
      employerIds: ch.employerIds.map(Number),
      contracts: ch.contracts.map((l) => ({ ...l, employerId: Number(l.employerId) })),
    })),
    uncoveredPeriods: t.uncoveredPeriods.map((p) => ({ ...p, employerId: Number(p.employerId) })),
    totalUncoveredDays: t.totalUncoveredDays,
    coverage: t.coverage.map((c) => ({ ...c, employerId: Number(c.employerId) })),
    bpjsCoverage: t.bpjsCoverage.map((c) => ({ ...c, employerId: Number(c.employerId) })),
    sponsored: t.sponsored,
  };
}
