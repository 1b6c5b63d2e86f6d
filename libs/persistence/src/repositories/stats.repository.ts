import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OPEN_STATUSES_SQL } from '../entities/case.entity';

/**
 * Inspection priority (docs/cases.md, "Risk score"): severity weights and rupiah per point, in SQL here and in
 * TypeScript in libs/cases (risk.service.ts, riskScore).
 */
export const RISK_SEVERITY_WEIGHTS = { critical: 10, high: 5, medium: 2, low: 1 } as const;
export const RISK_RUPIAH_PER_POINT = 1_000_000;

const weightSql = `CASE c.severity WHEN 'critical' THEN ${RISK_SEVERITY_WEIGHTS.critical} WHEN 'high' THEN ${RISK_SEVERITY_WEIGHTS.high} WHEN 'medium' THEN ${RISK_SEVERITY_WEIGHTS.medium} ELSE ${RISK_SEVERITY_WEIGHTS.low} END`;
const scoreSql = `ROUND(SUM(${weightSql}) * (1 + LOG2(1 + COUNT(DISTINCT c.worker_nik))) + SUM(c.amount_at_stake) / ${RISK_RUPIAH_PER_POINT}, 2)`;
const OPEN_IN = OPEN_STATUSES_SQL;

export interface RiskRankFilter {
  district?: string;
  scale?: string;
  q?: string;
  employerIds?: number[];
  offset: number;
  /** Rows to read (the caller asks one more than its page to know whether there are more). */
  limit: number;
}

export interface RiskRankRow {
  employerId: number;
  score: string;
  openCases: string;
  workers: string;
  rupiah: string;
  points: string;
}

export interface RiskReasonRow {
  employerId: number;
  rule: string;
  n: string;
  workers: string;
  rupiah: string;
  rank: number;
  points: string;
}

/** Formal workers (under a contract in force) and those enrolled that day. */
export interface FormalWorkersRow {
  workers: string;
  enrolled: string;
}

/** The counts of the annual inspection report, raw. */
export interface AnnualReportRows {
  liable: { employers: string; workers: string } | undefined;
  registered: { n: string } | undefined;
  detected: { rule: string; n: string; employers: string }[];
  withCases: { n: string } | undefined;
  inspected: { employers: string; cases: string } | undefined;
  notices: { n: string; employers: string } | undefined;
  closed: { resolved: string; byInspector: string; conditionCleared: string; dismissed: string } | undefined;
}

/** The inspectors' read-only aggregates: risk ranking and reasons, GET /stats, the annual report. */
@Injectable()
export class StatsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Employers with open cases, highest risk first (ties: lower id first). */
  async rankEmployers(f: RiskRankFilter, m: EntityManager = this.db.manager): Promise<RiskRankRow[]> {
    const where = [`c.status IN (${OPEN_IN})`];
    const params: unknown[] = [];
    if (f.district) {
      where.push('e.district = ?');
      params.push(f.district);
    }
    if (f.scale) {
      where.push('e.scale = ?');
      params.push(f.scale);
    }
    if (f.q) {
      where.push('(e.name LIKE ? OR e.nib = ? OR e.npp = ?)');
      params.push(`%${f.q}%`, f.q, f.q);
    }
    if (f.employerIds) {
      where.push('c.employer_id IN (?)');
      params.push(f.employerIds.length ? f.employerIds : [0]);
    }
    const join = f.district || f.scale || f.q ? 'JOIN employers e ON e.id = c.employer_id' : '';
    return (await m.query(
      `SELECT c.employer_id AS employerId, ${scoreSql} AS score, COUNT(*) AS openCases,
              COUNT(DISTINCT c.worker_nik) AS workers, SUM(c.amount_at_stake) AS rupiah, SUM(${weightSql}) AS points
         FROM cases c ${join}
        WHERE ${where.join(' AND ')}
        GROUP BY c.employer_id
        ORDER BY score DESC, c.employer_id
        LIMIT ?, ?`,
      [...params, f.offset, f.limit],
    )) as RiskRankRow[];
  }

  /** The employers' open cases by rule (the reasons behind their scores). */
  async riskReasons(
    employerIds: readonly number[],
    m: EntityManager = this.db.manager,
  ): Promise<RiskReasonRow[]> {
    if (!employerIds.length) return [];
    return (await m.query(
      `SELECT c.employer_id AS employerId, c.rule, COUNT(*) AS n, COUNT(DISTINCT c.worker_nik) AS workers,
              SUM(c.amount_at_stake) AS rupiah, MIN(c.severity_rank) AS rank, SUM(${weightSql}) AS points
         FROM cases c WHERE c.employer_id IN (?) AND c.status IN (${OPEN_IN})
        GROUP BY c.employer_id, c.rule`,
      [employerIds],
    )) as RiskReasonRow[];
  }

  /** Open cases by rule, severity and district. */
  async countOpenCases(
    m: EntityManager = this.db.manager,
  ): Promise<{ rule: string; severity: string; district: string | null; n: string }[]> {
    return (await m.query(
      `SELECT c.rule, c.severity, c.district, COUNT(*) AS n FROM cases c WHERE c.status IN (${OPEN_IN})
        GROUP BY c.rule, c.severity, c.district`,
    )) as { rule: string; severity: string; district: string | null; n: string }[];
  }

  /** Formal workers on `day` and those enrolled, in all and by the employer's district. */
  async countFormalWorkers(
    day: string,
    m: EntityManager = this.db.manager,
  ): Promise<{
    all: FormalWorkersRow | undefined;
    byDistrict: (FormalWorkersRow & { district: string | null })[];
  }> {
    const today = day;
    const inForce = 'c.start_date <= ? AND (c.end_date IS NULL OR c.end_date >= ?)';
    const coveredToday = `EXISTS (SELECT 1 FROM enrolments n WHERE n.employer_id = c.employer_id AND n.worker_id = c.worker_id
                            AND n.effective_from <= ? AND (n.effective_to IS NULL OR n.effective_to >= ?))`;
    const [formal] = (await m.query(
      `SELECT COUNT(DISTINCT c.worker_id) AS workers,
              COUNT(DISTINCT CASE WHEN ${coveredToday} THEN c.worker_id END) AS enrolled
         FROM contracts c WHERE ${inForce}`,
      [today, today, today, today],
    )) as FormalWorkersRow[];
    const formalByDistrict = (await m.query(
      `SELECT e.district, COUNT(DISTINCT c.worker_id) AS workers,
              COUNT(DISTINCT CASE WHEN ${coveredToday} THEN c.worker_id END) AS enrolled
         FROM contracts c JOIN employers e ON e.id = c.employer_id WHERE ${inForce} GROUP BY e.district`,
      [today, today, today, today],
    )) as (FormalWorkersRow & { district: string | null })[];
    return { all: formal, byDistrict: formalByDistrict };
  }

  /** NIKs under sponsored coverage on `day`, in all and by district. */
  async countSponsored(
    day: string,
    m: EntityManager = this.db.manager,
  ): Promise<{ all: { n: string } | undefined; byDistrict: { district: string | null; n: string }[] }> {
    const today = day;
    const sponsoredWhere = 'effective_from <= ? AND (effective_to IS NULL OR effective_to >= ?)';
    const [sponsored] = (await m.query(
      `SELECT COUNT(DISTINCT nik) AS n FROM sponsored_coverage WHERE ${sponsoredWhere}`,
      [today, today],
    )) as { n: string }[];
    const sponsoredByDistrict = (await m.query(
      `SELECT district, COUNT(DISTINCT nik) AS n FROM sponsored_coverage WHERE ${sponsoredWhere} GROUP BY district`,
      [today, today],
    )) as { district: string | null; n: string }[];
    return { all: sponsored, byDistrict: sponsoredByDistrict };
  }

  /**
   * The annual report's counts: contracts overlapping [yearStart, yearEnd] (dates), employers registered before
   * `to`, and cases and case events in [from, to) (instants).
   */
  async annualReport(
    p: { yearStart: string; yearEnd: string; from: Date; to: Date },
    m: EntityManager = this.db.manager,
  ): Promise<AnnualReportRows> {
    const { yearStart, yearEnd, from, to } = p;
    const overlap = 'c.start_date <= ? AND (c.end_date IS NULL OR c.end_date >= ?)';
    const [liable] = (await m.query(
      `SELECT COUNT(DISTINCT c.employer_id) AS employers, COUNT(DISTINCT c.worker_id) AS workers
         FROM contracts c WHERE ${overlap}`,
      [yearEnd, yearStart],
    )) as { employers: string; workers: string }[];
    const [registered] = (await m.query('SELECT COUNT(*) AS n FROM employers WHERE created_at < ?', [
      to,
    ])) as { n: string }[];
    const detected = (await m.query(
      `SELECT rule, COUNT(*) AS n, COUNT(DISTINCT employer_id) AS employers FROM cases
        WHERE first_detected_at >= ? AND first_detected_at < ? GROUP BY rule`,
      [from, to],
    )) as { rule: string; n: string; employers: string }[];
    const [withCases] = (await m.query(
      `SELECT COUNT(DISTINCT c.employer_id) AS n FROM case_events ev JOIN cases c ON c.id = ev.case_id
        WHERE ev.type IN ('detected', 'reopened') AND ev.created_at >= ? AND ev.created_at < ?`,
      [from, to],
    )) as { n: string }[];
    const [inspected] = (await m.query(
      `SELECT COUNT(DISTINCT c.employer_id) AS employers, COUNT(DISTINCT c.id) AS cases
         FROM case_events ev JOIN cases c ON c.id = ev.case_id
        WHERE ev.type = 'transition' AND ev.actor_user_id IS NOT NULL AND ev.created_at >= ? AND ev.created_at < ?`,
      [from, to],
    )) as { employers: string; cases: string }[];
    const [notices] = (await m.query(
      `SELECT COUNT(*) AS n, COUNT(DISTINCT c.employer_id) AS employers
         FROM case_events ev JOIN cases c ON c.id = ev.case_id
        WHERE ev.type = 'transition' AND ev.to_status = 'notice_sent' AND ev.created_at >= ? AND ev.created_at < ?`,
      [from, to],
    )) as { n: string; employers: string }[];
    const [closed] = (await m.query(
      `SELECT COUNT(DISTINCT CASE WHEN ev.to_status = 'resolved' THEN ev.case_id END) AS resolved,
              COUNT(DISTINCT CASE WHEN ev.to_status = 'resolved' AND ev.actor_user_id IS NOT NULL THEN ev.case_id END) AS byInspector,
              COUNT(DISTINCT CASE WHEN ev.type = 'resolved' AND ev.actor_user_id IS NULL THEN ev.case_id END) AS conditionCleared,
              COUNT(DISTINCT CASE WHEN ev.to_status = 'dismissed' THEN ev.case_id END) AS dismissed
         FROM case_events ev
        WHERE ev.type IN ('resolved', 'transition') AND ev.to_status IN ('resolved', 'dismissed')
          AND ev.created_at >= ? AND ev.created_at < ?`,
      [from, to],
    )) as { resolved: string; byInspector: string; conditionCleared: string; dismissed: string }[];
    return { liable, registered, detected, withCases, inspected, notices, closed };
  }
}
