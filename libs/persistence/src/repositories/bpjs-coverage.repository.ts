import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * One row of BPJS's records under an NPP, in the load judged for that NPP (bpjs_npp_coverage), as the engine reads
 * them; `nik` null: the load covers the NPP with no record (BPJS holds none of its workers).
 */
export interface BpjsCoveredRecordRow {
  npp: string;
  load_id: number;
  load_as_of: string;
  nik: string | null;
  kpj: string | null;
  programs: string | null;
  effective_from: string | null;
  effective_to: string | null;
  reported_wage: number | null;
  paid_through: string | null;
}

/** One worker's records in the load judged for an employer's NPP; `nik` null: the load holds none of them. */
export interface BpjsWorkerRecordRow {
  employerId: number;
  loadId: number;
  loadAsOf: string;
  nik: string | null;
  kpj: string | null;
  programs: string | null;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  reportedWage: number | null;
  paidThrough: string | null;
}

/** One of a NIK's records in a load judged now, with the employer holding the NPP (null: none registered). */
export interface BpjsNikRecordRow {
  npp: string;
  employerId: number | null;
  employerName: string | null;
  loadId: number;
  loadAsOf: string;
  kpj: string;
  programs: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  reportedWage: number;
  paidThrough: string | null;
}

/** The load judged for an NPP (the employer page's "last verified"). */
export interface BpjsCoverageRow {
  npp: string;
  load_id: number;
  as_of: string;
}

/**
 * BPJS coverage as the engine and the console read it (CONTRACT §9): which load is judged for each NPP and that
 * load's records. Loads themselves (intake, listing, deletion) are the bpjs-loads repository's.
 */
@Injectable()
export class BpjsCoverageRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The records of the loads judged for these NPPs, by NPP: one statement for a chunk of employers (coverage by
   * its primary key → records by their primary key range (load_id, npp), so each NPP's records come in
   * (nik, effective_from) order). Ordered by the NPP alone, which the coverage key gives without a sort: an
   * ORDER BY on the records' columns made the server sort every chunk in a temporary table (EXPLAIN: "Using
   * temporary; Using filesort"); the reader groups by NPP and NIK and the rules sort a worker's records anyway.
   */
  async findCoveredRecords(
    npps: readonly string[],
    m: EntityManager = this.db.manager,
    /** Only these workers' records (a slice of a large employer; each NPP's load row comes all the same). */
    niks?: readonly string[],
  ): Promise<BpjsCoveredRecordRow[]> {
    if (!npps.length) return [];
    const only = niks === undefined ? '' : niks.length ? ' AND r.nik IN (?)' : ' AND FALSE';
    return (await m.query(
      `SELECT c.npp, c.load_id, c.as_of AS load_as_of, r.nik, r.kpj, r.programs, r.effective_from, r.effective_to,
              r.reported_wage, r.paid_through
         FROM bpjs_npp_coverage c
         LEFT JOIN bpjs_records r ON r.load_id = c.load_id AND r.npp = c.npp${only}
        WHERE c.npp IN (?)
        ORDER BY c.npp`,
      niks?.length ? [niks, npps] : [npps],
    )) as BpjsCoveredRecordRow[];
  }

  /**
   * For each of these employers whose NPP a load covers: the worker's records (by NIK) in the load judged for it,
   * or one row with `nik` null when the load holds none (the case page's and worker page's BPJS lane).
   */
  async findWorkerRecords(
    nik: string,
    employerIds: readonly number[],
    m: EntityManager = this.db.manager,
  ): Promise<BpjsWorkerRecordRow[]> {
    if (!employerIds.length) return [];
    return (await m.query(
      `SELECT e.id AS employerId, c.load_id AS loadId, c.as_of AS loadAsOf, r.nik, r.kpj, r.programs,
              r.effective_from AS effectiveFrom, r.effective_to AS effectiveTo, r.reported_wage AS reportedWage,
              r.paid_through AS paidThrough
         FROM employers e
         JOIN bpjs_npp_coverage c ON c.npp = e.npp
         LEFT JOIN bpjs_records r ON r.load_id = c.load_id AND r.npp = c.npp AND r.nik = ?
        WHERE e.id IN (?)
        ORDER BY e.id, r.effective_from`,
      [nik, employerIds],
    )) as BpjsWorkerRecordRow[];
  }

  /**
   * BPJS's records of one NIK in the loads judged now, under any NPP, with the employer(s) holding that NPP
   * (GET /workers/{nik}: inspectors and above only); by the NIK index.
   */
  async findRecordsByNik(nik: string, m: EntityManager = this.db.manager): Promise<BpjsNikRecordRow[]> {
    return (await m.query(
      `SELECT r.npp, e.id AS employerId, e.name AS employerName, r.load_id AS loadId, c.as_of AS loadAsOf, r.kpj,
              r.programs, r.effective_from AS effectiveFrom, r.effective_to AS effectiveTo,
              r.reported_wage AS reportedWage, r.paid_through AS paidThrough
         FROM bpjs_records r
         JOIN bpjs_npp_coverage c ON c.load_id = r.load_id AND c.npp = r.npp
         LEFT JOIN employers e ON e.npp = r.npp
        WHERE r.nik = ?
        ORDER BY r.effective_from, r.npp, e.id`,
      [nik],
    )) as BpjsNikRecordRow[];
  }

  /** The load judged for an employer's NPP (when its records were last verified), or null: none covers it. */
  async coverageOfEmployer(
    employerId: number,
    m: EntityManager = this.db.manager,
  ): Promise<BpjsCoverageRow | null> {
    const rows = (await m.query(
      `SELECT c.npp, c.load_id, c.as_of FROM employers e JOIN bpjs_npp_coverage c ON c.npp = e.npp WHERE e.id = ?`,
      [employerId],
    )) as BpjsCoverageRow[];
    return rows[0] ?? null;
  }

  /** The load judged for one NPP, or null (no load covers it). */
  async coverageOf(npp: string | null, m: EntityManager = this.db.manager): Promise<BpjsCoverageRow | null> {
    if (!npp) return null;
    const rows = (await m.query(`SELECT npp, load_id, as_of FROM bpjs_npp_coverage WHERE npp = ?`, [
      npp,
    ])) as BpjsCoverageRow[];
    return rows[0] ?? null;
  }

  /**
   * Formal workers with a contract in force on `day` whose coverage BPJS's records verify: a record covering `day`
   * for their NIK in the load judged for that employer's NPP (CONTRACT §9, GET /stats), in all and by district.
   * Counted as countFormalWorkers counts workers (distinct workers; by the employer's district).
   */
  async countVerifiedWorkers(
    day: string,
    m: EntityManager = this.db.manager,
  ): Promise<{ all: number; byDistrict: { district: string | null; verified: number }[] }> {
    const from = `FROM contracts c JOIN employers e ON e.id = c.employer_id
         JOIN workers w ON w.id = c.worker_id
         JOIN bpjs_npp_coverage v ON v.npp = e.npp
         JOIN bpjs_records r ON r.load_id = v.load_id AND r.npp = v.npp AND r.nik = w.nik
        WHERE c.start_date <= ? AND (c.end_date IS NULL OR c.end_date >= ?)
          AND r.effective_from <= ? AND (r.effective_to IS NULL OR r.effective_to >= ?)`;
    const args = [day, day, day, day];
    const [all] = (await m.query(`SELECT COUNT(DISTINCT c.worker_id) AS n ${from}`, args)) as {
      n: number | string;
    }[];
    const byDistrict = (await m.query(
      `SELECT e.district, COUNT(DISTINCT c.worker_id) AS n ${from} GROUP BY e.district`,
      args,
    )) as { district: string | null; n: number | string }[];
    return {
      all: Number(all?.n ?? 0),
      byDistrict: byDistrict.map((r) => ({ district: r.district, verified: Number(r.n) })),
    };
  }
}
