import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { badRequest, decodeCursor, encodeCursor, notFound, Page } from '@patuh/core';
import { CASE_STATUSES } from '@patuh/persistence';
import {
  buildPkwtChains,
  ContractFact,
  coverageIntervals,
  defaultParameters,
  EnrolmentFact,
  formatDay,
  mergeParameters,
  parseIsoDate,
  Program,
  RulebookParameters,
} from '@patuh/rules';
import type { ReferenceData } from '@patuh/rules';
import { CASE_FROM, CASE_SELECT, caseJson, CaseRow, CaseView, toCaseView } from './case.view';

export interface CaseFilter {
  status?: string[];
  rule?: string[];
  severity?: string[];
  employerId?: number;
  district?: string;
  assigneeId?: number;
  nik?: string;
  limit?: number;
  cursor?: string;
  /** Also count the cases matching every filter but status, by status (one GROUP BY). */
  counts?: boolean;
}

export interface CasePage extends Page<CaseView> {
  /** With ?counts=true: cases matching the other filters, by status (every status present, zeros included). */
  counts?: Record<string, number> & { total: number };
}

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
  /** Contract days (from the first day past the grace, up to today or its end) without BPJS coverage. */
  uncoveredPeriods: { from: string; to: string; days: number }[];
  uncoveredDays: number;
}

export interface CaseDetail extends CaseView {
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
  historyAsOf: string;
}

interface ContractRow {
  employerId: number;
  ref: string;
  type: 'PKWT' | 'PKWTT';
  startDate: string;
  endDate: string | null;
  monthlyWage: number;
  position: string | null;
}
interface EnrolmentRow {
  employerId: number;
  kpj: string | null;
  programs: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  reportedWage: number | null;
}

/** Reading cases: the inspectors' queue (most severe first, then oldest) with keyset pagination, and one case whole. */
@Injectable()
export class CasesService {
  private readonly params: RulebookParameters;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // The same parameters as the engine's RulesetService (reference defaults, then RULE_PARAMETERS).
    this.params = mergeParameters(
      defaultParameters(config.reference as ReferenceData),
      config.ruleParameterOverrides as Partial<RulebookParameters>,
    );
  }

  private async page(
    f: CaseFilter,
  ): Promise<{ rows: CaseRow[]; nextCursor: string | null; counts?: CasePage['counts'] }> {
    const limit = Math.min(Math.max(f.limit ?? 50, 1), 200);
    // Every filter but status (the counts group by status over these).
    const where: string[] = [];
    const params: unknown[] = [];
    const inList = (col: string, values?: string[]) => {
      if (values?.length) {
        where.push(values.length === 1 ? `${col} = ?` : `${col} IN (?)`);
        params.push(values.length === 1 ? values[0] : values);
      }
    };
    if (f.district) {
      where.push('c.district = ?');
      params.push(f.district);
    }
    inList('c.rule', f.rule);
    inList('c.severity', f.severity);
    if (f.employerId !== undefined) {
      where.push('c.employer_id = ?');
      params.push(f.employerId);
    }
    if (f.assigneeId !== undefined) {
      where.push('c.assignee_id = ?');
      params.push(f.assigneeId);
    }
    if (f.nik) {
      where.push('c.worker_nik = ?');
      params.push(f.nik);
    }
    const countsPromise = f.counts ? this.countByStatus([...where], [...params]) : undefined;
    inList('c.status', f.status);
    const after = decodeCursor(f.cursor, 3);
    if (after) {
      const [rank, at, id] = [Number(after[0]), new Date(Number(after[1])), Number(after[2])];
      if (!Number.isFinite(rank) || Number.isNaN(at.getTime()) || !Number.isFinite(id))
        throw badRequest('The cursor is not valid', [
          { path: 'cursor', message: 'not a cursor returned by this list' },
        ]);
      // The leading `severity_rank >= ?` is sargable, so the index range starts at the cursor.
      where.push(
        'c.severity_rank >= ? AND (c.severity_rank > ? OR (c.severity_rank = ? AND (c.first_detected_at > ? OR (c.first_detected_at = ? AND c.id > ?))))',
      );
      params.push(rank, rank, rank, at, at, id);
    }
    // Cases alone (the names are on the case), read in index order (ix_cases_district_queue / ix_cases_queue) up
    // to the limit: no join, no filesort.
    const rows = (await this.db.query(
      `SELECT ${CASE_SELECT} FROM ${CASE_FROM} ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
        ORDER BY c.severity_rank, c.first_detected_at, c.id LIMIT ?`,
      [...params, limit + 1],
    )) as CaseRow[];
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      rows: page,
      nextCursor:
        rows.length > limit && last
          ? encodeCursor([last.severity_rank, new Date(last.first_detected_at).getTime(), last.id])
          : null,
      ...(countsPromise ? { counts: await countsPromise } : {}),
    };
  }

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

  async list(f: CaseFilter): Promise<CasePage> {
    const { rows, nextCursor, counts } = await this.page(f);
    return { items: rows.map(toCaseView), nextCursor, ...(counts ? { counts } : {}) };
  }

  /** The same page as `list`, serialized directly (caseJson: evidence spliced in as stored, no view objects). */
  async listJson(f: CaseFilter): Promise<string> {
    const { rows, nextCursor, counts } = await this.page(f);
    return `{"items":[${rows.map(caseJson).join(',')}],"nextCursor":${JSON.stringify(nextCursor)}${
      counts ? `,"counts":${JSON.stringify(counts)}` : ''
    }}`;
  }

  private async countByStatus(where: string[], params: unknown[]) {
    const rows = (await this.db.query(
      `SELECT c.status, COUNT(*) AS n FROM cases c ${where.length ? 'WHERE ' + where.join(' AND ') : ''} GROUP BY c.status`,
      params,
    )) as { status: string; n: string }[];
    const counts = { total: 0 } as Record<string, number> & { total: number };
    for (const s of CASE_STATUSES) counts[s] = 0;
    for (const r of rows) {
      counts[r.status] = Number(r.n);
      counts.total += Number(r.n);
    }
    return counts;
  }

  async getRow(id: number, scopeEmployerId?: number): Promise<CaseRow> {
    const rows = (await this.db.query(
      `SELECT ${CASE_SELECT} FROM ${CASE_FROM} WHERE c.id = ?${scopeEmployerId !== undefined ? ' AND c.employer_id = ?' : ''}`,
      scopeEmployerId !== undefined ? [id, scopeEmployerId] : [id],
    )) as CaseRow[];
    if (!rows[0]) throw notFound('Case');
    return rows[0];
  }

  /**
   * The case, its history (with the actor's name), and the worker's whole contract and enrolment history with
   * that employer (for CONTRACTOR_HOPPING: with the principal and its contractors), each contract marked with
   * its PKWT chain and the days it ran uncovered, so the evidence can be read without another query.
   */
  async detail(id: number, scopeEmployerId?: number): Promise<CaseDetail> {
    const row = await this.getRow(id, scopeEmployerId);
    const today = this.today();
    const eventsQuery = this.db.query(
      `SELECT ev.id, ev.type, ev.from_status AS fromStatus, ev.to_status AS toStatus, ev.actor_user_id AS actorUserId,
              u.name AS actorName, ev.note, ev.data, ev.sweep_id AS sweepId, ev.created_at AS createdAt
         FROM case_events ev LEFT JOIN users u ON u.id = ev.actor_user_id WHERE ev.case_id = ? ORDER BY ev.id`,
      [id],
    ) as Promise<
      (Omit<CaseDetail['events'][number], 'data' | 'createdAt'> & { data: string | null; createdAt: Date })[]
    >;
    const [events, history] = await Promise.all([
      eventsQuery,
      row.worker_nik
        ? this.history(row.worker_nik, row.employer_id, row.rule === 'CONTRACTOR_HOPPING', today)
        : { contracts: [], enrolments: [], chains: [], coverage: [], uncoveredPeriods: [] },
    ]);
    return {
      ...toCaseView(row),
      events: events.map((e) => ({
        ...e,
        data: e.data ? (JSON.parse(e.data) as unknown) : null,
        createdAt: new Date(e.createdAt).toISOString(),
      })),
      ...history,
      historyAsOf: today,
    };
  }

  private async history(nik: string, employerId: number, withContractors: boolean, today: string) {
    const employerIds = [employerId];
    if (withContractors) {
      const subs = (await this.db.query('SELECT id FROM employers WHERE principal_employer_id = ?', [
        employerId,
      ])) as { id: number }[];
      employerIds.push(...subs.map((r) => r.id));
    }
    const [contractRows, enrolmentRows] = await Promise.all([
      this.db.query(
        `SELECT c.employer_id AS employerId, c.ref, c.type, c.start_date AS startDate, c.end_date AS endDate,
                c.monthly_wage AS monthlyWage, c.position
           FROM workers w JOIN contracts c ON c.worker_id = w.id AND c.employer_id IN (?)
          WHERE w.nik = ? ORDER BY c.start_date, c.ref`,
        [employerIds, nik],
      ) as Promise<ContractRow[]>,
      this.db.query(
        `SELECT n.employer_id AS employerId, n.kpj, n.programs, n.effective_from AS effectiveFrom,
                n.effective_to AS effectiveTo, n.reported_wage AS reportedWage
           FROM workers w JOIN enrolments n ON n.worker_id = w.id AND n.employer_id IN (?)
          WHERE w.nik = ? ORDER BY n.effective_from`,
        [employerIds, nik],
      ) as Promise<EnrolmentRow[]>,
    ]);
    const enrolments = enrolmentRows.map((e) => ({
      ...(withContractors ? { employerId: e.employerId } : {}),
      kpj: e.kpj,
      programs: e.programs ? e.programs.split(',') : [],
      effectiveFrom: e.effectiveFrom,
      effectiveTo: e.effectiveTo,
      reportedWage: e.reportedWage === null ? null : Number(e.reportedWage),
    }));
    const facts: ContractFact[] = contractRows.map((c) => ({
      ref: c.ref,
      employerId: String(c.employerId),
      nik,
      type: c.type,
      startDate: c.startDate,
      endDate: c.endDate,
      monthlyWage: Number(c.monthlyWage),
      position: c.position,
    }));
    const chainKey = (c: { employerId: string | number; ref: string }) => `${c.employerId}|${c.ref}`;
    const chains = buildPkwtChains(facts, this.params.pkwtChainGapDays);
    const link = new Map<string, { chainStart: string; kind: string; gapDays: number | null }>();
    for (const ch of chains)
      for (const l of ch.links)
        link.set(chainKey(l.contract), { chainStart: ch.chainStart, kind: l.kind, gapDays: l.gapDays });

    // Coverage: an enrolment covers days for contracts with the same employer (CONTRACT §6).
    const todayDay = parseIsoDate(today);
    const grace = this.params.enrolmentGraceDays;
    const uncoveredPeriods: CaseDetail['uncoveredPeriods'] = [];
    const coverageByEmployer = new Map<number, { from: string; to: string | null }[]>();
    for (const id of employerIds) {
      const facts: EnrolmentFact[] = enrolmentRows
        .filter((e) => e.employerId === id)
        .map((e) => ({
          employerId: String(id),
          nik,
          kpj: e.kpj,
          programs: (e.programs ? e.programs.split(',') : []) as Program[],
          effectiveFrom: e.effectiveFrom,
          effectiveTo: e.effectiveTo,
          reportedWage: e.reportedWage,
        }));
      coverageByEmployer.set(id, coverageIntervals(facts));
    }
    const contracts: DetailContract[] = contractRows.map((c) => {
      const from = parseIsoDate(c.startDate) + grace;
      const end = c.endDate ? Math.min(parseIsoDate(c.endDate), todayDay) : todayDay;
      const periods: { from: string; to: string; days: number }[] = [];
      let day = from;
      for (const iv of coverageByEmployer.get(c.employerId) ?? []) {
        if (day > end) break;
        const ivFrom = parseIsoDate(iv.from);
        const ivTo = iv.to === null ? Number.MAX_SAFE_INTEGER : parseIsoDate(iv.to);
        if (ivTo < day) continue;
        if (ivFrom > day) {
          const to = Math.min(ivFrom - 1, end);
          periods.push({ from: formatDay(day), to: formatDay(to), days: to - day + 1 });
        }
        day = Math.max(day, ivTo + 1);
      }
      if (day <= end) periods.push({ from: formatDay(day), to: formatDay(end), days: end - day + 1 });
      for (const p of periods) uncoveredPeriods.push({ ...p, contractRef: c.ref });
      const l = link.get(chainKey(c));
      return {
        ...(withContractors ? { employerId: c.employerId } : {}),
        ref: c.ref,
        type: c.type,
        startDate: c.startDate,
        endDate: c.endDate,
        monthlyWage: Number(c.monthlyWage),
        position: c.position,
        chainStart: l?.chainStart ?? null,
        linkKind: l?.kind ?? null,
        gapDays: l?.gapDays ?? null,
        uncoveredPeriods: periods,
        uncoveredDays: periods.reduce((a, p) => a + p.days, 0),
      };
    });
    return {
      contracts,
      enrolments,
      chains: chains.map((ch) => ({
        chainStart: ch.chainStart,
        lastEnd: ch.lastEnd,
        contracts: ch.links.map((l) => l.contract.ref),
        kinds: ch.links.map((l) => l.kind),
      })),
      coverage: coverageByEmployer.get(employerId) ?? [],
      uncoveredPeriods,
    };
  }
}
