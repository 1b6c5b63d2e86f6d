import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, todayIn } from '@patuh/config';
import { badRequest, notFound } from '@patuh/core';
import { isValidNik } from '@patuh/rules';
import { BpjsCoverageRepository, CasesRepository, WorkerHistoryRepository } from '@patuh/persistence';
import { CaseView, toCaseView } from './case.view';
import {
  HistoryContract,
  HistoryEnrolment,
  HistorySponsored,
  TimelineReader,
  TimelineView,
} from './timeline.reader';

/** A worker's name and birth date as one employer reported them. */
export interface ReportedIdentity {
  employerId: number;
  employerName: string;
  name: string | null;
  birthDate: string | null;
  reportedAt: string;
}

export interface WorkerView {
  nik: string;
  /** The name in the latest report of any employer (each employer's own is in `reportedBy`). */
  name: string | null;
  /** The birth date in the latest report that gave one. */
  birthDate: string | null;
  /**
   * The worker as each employer reported them, the latest first: names are each employer's word (two employers
   * may spell one person differently), and none overwrites another's (#16).
   */
  reportedBy: ReportedIdentity[];
  contracts: HistoryContract[];
  enrolments: HistoryEnrolment[];
  sponsoredCoverage: HistorySponsored[];
  /** BPJS Ketenagakerjaan's own records of the NIK in the loads judged now (CONTRACT §9), under any NPP. */
  bpjsRecords: WorkerBpjsRecord[];
  /** Every case about this worker, at any employer, most severe first. */
  cases: CaseView[];
  /**
   * Across every employer, as of today in BUSINESS_TZ: chains per employer as the PKWT rules judge them, except
   * that the contractors of one principal chain together (as CONTRACTOR_HOPPING judges them).
   */
  timeline: TimelineView;
}

export interface WorkerBpjsRecord {
  npp: string;
  /** The employer registered with that NPP (null: none is). */
  employerId: number | null;
  employerName: string | null;
  loadId: number;
  loadAsOf: string;
  kpj: string;
  programs: string[];
  effectiveFrom: string;
  effectiveTo: string | null;
  reportedWage: number;
  /** 'YYYY-MM', the last month paid; null: nothing paid. */
  paidThrough: string | null;
}

/** One worker across every employer (CONTRACT §3, GET /workers/{nik}). */
@Injectable()
export class WorkersService {
  constructor(
    private readonly cases: CasesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly timelines: TimelineReader,
    private readonly history: WorkerHistoryRepository,
    private readonly bpjs: BpjsCoverageRepository,
  ) {}

  async get(nik: string): Promise<WorkerView> {
    if (!/^\d{16}$/.test(nik) || !isValidNik(nik))
      throw badRequest('The NIK is not valid', [
        { path: 'nik', message: 'must be 16 digits whose digits 7-12 are a birth date DDMMYY' },
      ]);
    const asOf = todayIn(this.config.env.BUSINESS_TZ);
    const [read, caseRows, bpjsRows] = await Promise.all([
      this.timelines.read(nik, asOf, { chainByPrincipal: true }),
      this.cases.listByWorker(nik, 500),
      this.bpjs.findRecordsByNik(nik),
    ]);
    if (!read.worker) throw notFound('Worker');
    const reportedBy = (await this.history.findReportedIdentities(read.worker.id)).map(
      (r): ReportedIdentity => ({
        employerId: Number(r.employerId),
        employerName: r.employerName,
        name: r.name,
        birthDate: r.birthDate,
        reportedAt: new Date(r.reportedAt).toISOString(),
      }),
    );
    return {
      nik: read.worker.nik,
      name: reportedBy.find((r) => r.name !== null)?.name ?? null,
      birthDate: reportedBy.find((r) => r.birthDate !== null)?.birthDate ?? null,
      reportedBy,
      contracts: read.contracts,
      enrolments: read.enrolments,
      sponsoredCoverage: read.sponsored,
      bpjsRecords: bpjsRows.map((r) => ({
        npp: r.npp,
        employerId: r.employerId === null ? null : Number(r.employerId),
        employerName: r.employerName,
        loadId: Number(r.loadId),
        loadAsOf: r.loadAsOf,
        kpj: r.kpj,
        programs: r.programs ? r.programs.split(',') : [],
        effectiveFrom: r.effectiveFrom,
        effectiveTo: r.effectiveTo,
        reportedWage: Number(r.reportedWage),
        paidThrough: r.paidThrough ? r.paidThrough.slice(0, 7) : null,
      })),
      cases: caseRows.map(toCaseView),
      timeline: read.timeline,
    };
  }
}
