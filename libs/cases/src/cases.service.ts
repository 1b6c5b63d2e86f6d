import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor, notFound, Page } from '@patuh/core';
import { CASE_FROM, CASE_SELECT, CaseRow, CaseView, toCaseView } from './case.view';

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
}

/** Reading cases: the inspectors' queue (most severe first, then oldest) with keyset pagination, and one case whole. */
@Injectable()
export class CasesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(f: CaseFilter): Promise<Page<CaseView>> {
    const limit = Math.min(Math.max(f.limit ?? 50, 1), 200);
    const where: string[] = [];
    const params: unknown[] = [];
    const inList = (col: string, values?: string[]) => {
      if (values?.length) {
        where.push(`${col} IN (?)`);
        params.push(values);
      }
    };
    inList('c.status', f.status);
    inList('c.rule', f.rule);
    inList('c.severity', f.severity);
    if (f.employerId !== undefined) {
      where.push('c.employer_id = ?');
      params.push(f.employerId);
    }
    if (f.district) {
      where.push('c.district = ?');
      params.push(f.district);
    }
    if (f.assigneeId !== undefined) {
      where.push('c.assignee_id = ?');
      params.push(f.assigneeId);
    }
    if (f.nik) {
      where.push('c.worker_nik = ?');
      params.push(f.nik);
    }
    const after = decodeCursor(f.cursor, 3);
    if (after) {
      const [rank, at, id] = [Number(after[0]), new Date(Number(after[1])), Number(after[2])];
      where.push(
        '(c.severity_rank > ? OR (c.severity_rank = ? AND (c.first_detected_at > ? OR (c.first_detected_at = ? AND c.id > ?))))',
      );
      params.push(rank, rank, at, at, id);
    }
    const rows = (await this.db.query(
      `SELECT ${CASE_SELECT} FROM ${CASE_FROM} ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
        ORDER BY c.severity_rank, c.first_detected_at, c.id LIMIT ?`,
      [...params, limit + 1],
    )) as CaseRow[];
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toCaseView),
      nextCursor:
        rows.length > limit && last
          ? encodeCursor([last.severity_rank, new Date(last.first_detected_at).getTime(), last.id])
          : null,
    };
  }

  async getRow(id: number, scopeEmployerId?: number): Promise<CaseRow> {
    const rows = (await this.db.query(
      `SELECT ${CASE_SELECT} FROM ${CASE_FROM} WHERE c.id = ?${scopeEmployerId !== undefined ? ' AND c.employer_id = ?' : ''}`,
      scopeEmployerId !== undefined ? [id, scopeEmployerId] : [id],
    )) as CaseRow[];
    if (!rows[0]) throw notFound('Case');
    return rows[0];
  }

  /** The case, its history, and the worker's contracts and enrolments with that employer. */
  async detail(id: number, scopeEmployerId?: number) {
    const row = await this.getRow(id, scopeEmployerId);
    const events = (await this.db.query(
      `SELECT id, type, from_status AS fromStatus, to_status AS toStatus, actor_user_id AS actorUserId, note, data, sweep_id AS sweepId, created_at AS createdAt
         FROM case_events WHERE case_id = ? ORDER BY id`,
      [id],
    )) as { data: string | null; createdAt: Date }[];
    let contracts: unknown[] = [];
    let enrolments: unknown[] = [];
    if (row.worker_nik) {
      contracts = (await this.db.query(
        `SELECT c.ref, c.type, c.start_date AS startDate, c.end_date AS endDate, c.monthly_wage AS monthlyWage, c.position
           FROM contracts c JOIN workers w ON w.id = c.worker_id WHERE w.nik = ? AND c.employer_id = ? ORDER BY c.start_date, c.ref`,
        [row.worker_nik, row.employer_id],
      )) as unknown[];
      enrolments = (
        (await this.db.query(
          `SELECT n.kpj, n.programs, n.effective_from AS effectiveFrom, n.effective_to AS effectiveTo, n.reported_wage AS reportedWage
             FROM enrolments n JOIN workers w ON w.id = n.worker_id WHERE w.nik = ? AND n.employer_id = ? ORDER BY n.effective_from`,
          [row.worker_nik, row.employer_id],
        )) as { programs: string }[]
      ).map((e) => ({ ...e, programs: e.programs ? e.programs.split(',') : [] }));
    }
    return {
      ...toCaseView(row),
      events: events.map((e) => ({
        ...e,
        data: e.data ? (JSON.parse(e.data) as unknown) : null,
        createdAt: new Date(e.createdAt).toISOString(),
      })),
      contracts,
      enrolments,
    };
  }
}
