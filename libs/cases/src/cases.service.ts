import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { badRequest, decodeCursor, encodeCursor, notFound, Page } from '@patuh/core';
import { CASE_STATUSES } from '@patuh/persistence';
import { isIsoDate } from '@patuh/rules';
import { CASE_FROM, CASE_SELECT, caseJson, CaseRow, CaseView, toCaseView } from './case.view';
import { TimelineReader, type TimelineView } from './timeline.reader';

export interface CaseFilter {
  status?: string[];
  rule?: string[];
  severity?: string[];
  employerId?: number;
  /** One or more kecamatan (a user with several districts starts filtered to them). */
  district?: string[];
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

/** Reading cases: the inspectors' queue (most severe first, then oldest) with keyset pagination, and one case whole. */
@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly timelines: TimelineReader,
  ) {}

  private async page(
    f: CaseFilter,
  ): Promise<{ rows: CaseRow[]; nextCursor: string | null; counts?: CasePage['counts'] }> {
    const limit = Math.min(Math.max(f.limit ?? 50, 1), 200);
    // Every filter but status (the counts group by status over these).
    const { where, params } = this.filters(f);
    const inList = (col: string, values?: string[]) => {
      if (values?.length) {
        where.push(values.length === 1 ? `${col} = ?` : `${col} IN (?)`);
        params.push(values.length === 1 ? values[0] : values);
      }
    };
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

  /** The WHERE terms of every list filter but status and the cursor. */
  private filters(f: CaseFilter): { where: string[]; params: unknown[] } {
    const where: string[] = [];
    const params: unknown[] = [];
    const inList = (col: string, values?: string[]) => {
      if (values?.length) {
        where.push(values.length === 1 ? `${col} = ?` : `${col} IN (?)`);
        params.push(values.length === 1 ? values[0] : values);
      }
    };
    inList('c.district', f.district);
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
    return { where, params };
  }

  /** GET /cases/counts: the cases matching every filter but status, by status (one GROUP BY). */
  async counts(f: CaseFilter): Promise<Record<string, number> & { total: number }> {
    const { where, params } = this.filters(f);
    return this.countByStatus(where, params);
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
    const sweeps = (await this.db.query(
      `SELECT as_of AS asOf FROM sweeps
        WHERE started_at IS NOT NULL AND started_at <= ? AND (finished_at IS NULL OR finished_at >= ?)
        ORDER BY started_at DESC, id DESC LIMIT 1`,
      [row.last_detected_at, row.last_detected_at],
    )) as { asOf: string }[];
    return sweeps[0]?.asOf ?? this.today();
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
    const eventsQuery = this.db.query(
      `SELECT ev.id, ev.type, ev.from_status AS fromStatus, ev.to_status AS toStatus, ev.actor_user_id AS actorUserId,
              u.name AS actorName, ev.note, ev.data, ev.sweep_id AS sweepId, ev.created_at AS createdAt
         FROM case_events ev LEFT JOIN users u ON u.id = ev.actor_user_id WHERE ev.case_id = ? ORDER BY ev.id`,
      [id],
    ) as Promise<
      (Omit<CaseDetail['events'][number], 'data' | 'createdAt'> & { data: string | null; createdAt: Date })[]
    >;
    const assigneeQuery =
      row.assignee_id === null
        ? Promise.resolve([])
        : (this.db.query('SELECT name FROM users WHERE id = ?', [row.assignee_id]) as Promise<
            { name: string }[]
          >);
    const othersQuery = row.worker_nik
      ? (this.db.query(
          `SELECT c.id, c.rule, c.status, c.severity, c.employer_id AS employerId, c.employer_name AS employerName
             FROM cases c WHERE c.worker_nik = ? AND c.id <> ?${scopeEmployerId !== undefined ? ' AND c.employer_id = ?' : ''}
            ORDER BY c.severity_rank, c.first_detected_at, c.id LIMIT 200`,
          scopeEmployerId !== undefined ? [row.worker_nik, id, scopeEmployerId] : [row.worker_nik, id],
        ) as Promise<OtherCase[]>)
      : Promise.resolve([]);
    const [events, assignee, others, history] = await Promise.all([
      eventsQuery,
      assigneeQuery,
      othersQuery,
      row.worker_nik
        ? this.history(row.worker_nik, row.employer_id, row.rule === 'CONTRACTOR_HOPPING', asOf)
        : null,
    ]);
    return {
      ...toCaseView(row),
      assigneeName: assignee[0]?.name ?? null,
      events: events.map((e) => ({
        ...e,
        data: e.data ? (JSON.parse(e.data) as unknown) : null,
        createdAt: new Date(e.createdAt).toISOString(),
      })),
      otherCases: others.map((o) => ({ ...o, id: Number(o.id), employerId: Number(o.employerId) })),
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

  private async history(nik: string, employerId: number, withContractors: boolean, asOf: string) {
    const employerIds = [employerId];
    if (withContractors) {
      const subs = (await this.db.query('SELECT id FROM employers WHERE principal_employer_id = ?', [
        employerId,
      ])) as { id: number }[];
      employerIds.push(...subs.map((r) => Number(r.id)));
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
