import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface WorkerIdentityRow {
  id: number;
  nik: string;
}

/** A worker's name and birth date as one employer reported them (employer_workers). */
export interface ReportedIdentityRow {
  employerId: number;
  employerName: string;
  name: string | null;
  birthDate: string | null;
  reportedAt: Date;
}

/** A worker's contract with its employer's name and principal (the timeline). */
export interface HistoryContractRow {
  employerId: number;
  employerName: string;
  principalId: number | null;
  ref: string;
  type: 'PKWT' | 'PKWTT';
  startDate: string;
  endDate: string | null;
  monthlyWage: number;
  position: string | null;
}

export interface HistoryEnrolmentRow {
  employerId: number;
  employerName: string;
  kpj: string | null;
  programs: string | null;
  effectiveFrom: string;
  effectiveTo: string | null;
  reportedWage: number | null;
}

export interface HistorySponsoredRow {
  programs: string | null;
  effectiveFrom: string;
  effectiveTo: string | null;
  district: string | null;
}

/** One worker's whole history (workers, contracts, enrolments, sponsored coverage) across employers, for reading. */
@Injectable()
export class WorkerHistoryRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findWorker(nik: string, m: EntityManager = this.db.manager): Promise<WorkerIdentityRow | undefined> {
    const workers = (await m.query('SELECT id, nik FROM workers WHERE nik = ?', [
      nik,
    ])) as WorkerIdentityRow[];
    return workers[0];
  }

  /** The worker's name and birth date as each employer reported them, the latest report first. */
  async findReportedIdentities(
    workerId: number,
    m: EntityManager = this.db.manager,
  ): Promise<ReportedIdentityRow[]> {
    return (await m.query(
      `SELECT ew.employer_id AS employerId, e.name AS employerName, ew.name, ew.birth_date AS birthDate,
              ew.updated_at AS reportedAt
         FROM employer_workers ew JOIN employers e ON e.id = ew.employer_id
        WHERE ew.worker_id = ? ORDER BY ew.updated_at DESC, ew.employer_id`,
      [workerId],
    )) as ReportedIdentityRow[];
  }

  /** The worker's contracts (only with these employers when given), by start, employer, ref. */
  async findContracts(
    workerId: number,
    employerIds?: readonly number[],
    m: EntityManager = this.db.manager,
  ): Promise<HistoryContractRow[]> {
    const scoped = employerIds !== undefined;
    return (await m.query(
      `SELECT x.employer_id AS employerId, e.name AS employerName, e.principal_employer_id AS principalId,
                    x.ref, x.type, x.start_date AS startDate, x.end_date AS endDate, x.monthly_wage AS monthlyWage,
                    x.position
               FROM contracts x JOIN employers e ON e.id = x.employer_id
              WHERE x.worker_id = ?${scoped ? ' AND x.employer_id IN (?)' : ''} ORDER BY x.start_date, x.employer_id, x.ref`,
      scoped ? [workerId, employerIds.length ? employerIds : [0]] : [workerId],
    )) as HistoryContractRow[];
  }

  /** The worker's enrolments (only with these employers when given), by start, employer. */
  async findEnrolments(
    workerId: number,
    employerIds?: readonly number[],
    m: EntityManager = this.db.manager,
  ): Promise<HistoryEnrolmentRow[]> {
    const scoped = employerIds !== undefined;
    return (await m.query(
      `SELECT x.employer_id AS employerId, e.name AS employerName, x.kpj, x.programs,
                    x.effective_from AS effectiveFrom, x.effective_to AS effectiveTo, x.reported_wage AS reportedWage
               FROM enrolments x JOIN employers e ON e.id = x.employer_id
              WHERE x.worker_id = ?${scoped ? ' AND x.employer_id IN (?)' : ''} ORDER BY x.effective_from, x.employer_id`,
      scoped ? [workerId, employerIds.length ? employerIds : [0]] : [workerId],
    )) as HistoryEnrolmentRow[];
  }

  async findSponsored(nik: string, m: EntityManager = this.db.manager): Promise<HistorySponsoredRow[]> {
    return (await m.query(
      `SELECT programs, effective_from AS effectiveFrom, effective_to AS effectiveTo, district
           FROM sponsored_coverage WHERE nik = ? ORDER BY effective_from`,
      [nik],
    )) as HistorySponsoredRow[];
  }

  /** The ids of the employers contracting for this principal. */
  async findContractorIds(principalId: number, m: EntityManager = this.db.manager): Promise<number[]> {
    const subs = (await m.query('SELECT id FROM employers WHERE principal_employer_id = ?', [
      principalId,
    ])) as {
      id: number;
    }[];
    return subs.map((r) => Number(r.id));
  }
}
