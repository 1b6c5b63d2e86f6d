import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** A worker as one employer reported them: [employerId, workerId, name, birthDate, selfReportId]. */
export type EmployerWorkerUpsertRow = [number, number, string, string | null, number | null];
/** A sponsored-coverage row: [id (null: new), nik, programs, effectiveFrom, effectiveTo, district]. */
export type SponsoredUpsertRow = [number | null, ...unknown[]];
/**
 * A contract row: [employerId, workerId, startDate, id (null: new), ref, type, endDate, monthlyWage, position,
 * compensationPaid, compensationPaidOn, source, selfReportId].
 */
export type ContractUpsertRow = unknown[];
/** An enrolment row: [employerId, workerId, effectiveFrom, kpj, programs, effectiveTo, reportedWage, source, selfReportId]. */
export type EnrolmentUpsertRow = unknown[];

/**
 * The rows a self-report writes: workers (the NIK in `workers`, the employer's name for them in `employer_workers`),
 * contracts, enrolments and sponsored coverage, upserted in batches
 * (multi-row INSERT … ON DUPLICATE KEY UPDATE) inside the processing transaction. Rows that exist already are sent
 * with their id, so InnoDB meets the duplicate on the primary key and updates in place (see the id lookups).
 */
@Injectable()
export class ReportedRowsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private async idMap(m: EntityManager, sql: string, params: unknown[]): Promise<Map<string, number>> {
    const rows = (await m.query(sql, params)) as { id: number; k: string }[];
    return new Map(rows.map((r) => [String(r.k), r.id]));
  }

  /** Worker ids by NIK (any employer's workers: only for the workers part, which claims the NIK). */
  async workerIdsByNik(niks: readonly string[], m: EntityManager = this.db.manager) {
    return this.idMap(m, 'SELECT id, nik AS k FROM workers WHERE nik IN (?)', [niks]);
  }

  /**
   * Worker ids by NIK of the workers this employer has reported (earlier, or in this transaction): the only
   * workers its contracts and enrolments may name. Another employer's worker is absent exactly as an unknown NIK.
   */
  async reportedWorkerIdsByNik(
    employerId: number,
    niks: readonly string[],
    m: EntityManager = this.db.manager,
  ) {
    return this.idMap(
      m,
      `SELECT w.id, w.nik AS k FROM workers w
         JOIN employer_workers ew ON ew.employer_id = ? AND ew.worker_id = w.id
        WHERE w.nik IN (?)`,
      [employerId, niks],
    );
  }

  /** Sponsored-coverage ids by `${nik} ${effective_from}`. */
  async sponsoredIdsByNik(niks: readonly string[], m: EntityManager = this.db.manager) {
    return this.idMap(
      m,
      `SELECT id, CONCAT(nik, ' ', effective_from) AS k FROM sponsored_coverage WHERE nik IN (?)`,
      [niks],
    );
  }

  /** Contract ids of one employer by ref. */
  async contractIdsByRef(employerId: number, refs: readonly string[], m: EntityManager = this.db.manager) {
    return this.idMap(m, 'SELECT id, ref AS k FROM contracts WHERE employer_id = ? AND ref IN (?)', [
      employerId,
      refs,
    ]);
  }

  /**
   * Makes sure a worker row exists for each NIK (the NIK alone: nothing any employer says about the person goes
   * here). A NIK inserted meanwhile by another transaction is a duplicate that changes nothing.
   */
  async ensureWorkers(niks: readonly string[], m: EntityManager): Promise<void> {
    if (!niks.length) return;
    await m.query('INSERT INTO workers (nik) VALUES ? ON DUPLICATE KEY UPDATE nik = nik', [
      niks.map((n) => [n]),
    ]);
  }

  /**
   * The name and birth date one employer reports for its workers (a birth date left out keeps the one it sent
   * before). Only that employer's row changes: another employer's report of the same NIK is its own row.
   */
  async upsertEmployerWorkers(rows: EmployerWorkerUpsertRow[], m: EntityManager): Promise<void> {
    await m.query(
      `INSERT INTO employer_workers (employer_id, worker_id, name, birth_date, self_report_id) VALUES ?
         ON DUPLICATE KEY UPDATE name = VALUES(name), birth_date = COALESCE(VALUES(birth_date), birth_date),
                                 self_report_id = VALUES(self_report_id)`,
      [rows],
    );
  }

  async upsertSponsored(rows: SponsoredUpsertRow[], m: EntityManager): Promise<void> {
    await m.query(
      `INSERT INTO sponsored_coverage (id, nik, programs, effective_from, effective_to, district) VALUES ?
         ON DUPLICATE KEY UPDATE programs = VALUES(programs), effective_to = VALUES(effective_to),
                                 district = VALUES(district)`,
      [rows],
    );
  }

  async upsertContracts(rows: ContractUpsertRow[], m: EntityManager): Promise<void> {
    await m.query(
      `INSERT INTO contracts (employer_id, worker_id, start_date, id, ref, type, end_date, monthly_wage, position,
                                compensation_paid, compensation_paid_on, source, self_report_id) VALUES ?
         ON DUPLICATE KEY UPDATE worker_id = VALUES(worker_id), start_date = VALUES(start_date), type = VALUES(type),
           end_date = VALUES(end_date), monthly_wage = VALUES(monthly_wage), position = VALUES(position),
           compensation_paid = VALUES(compensation_paid), compensation_paid_on = VALUES(compensation_paid_on),
           source = VALUES(source), self_report_id = VALUES(self_report_id)`,
      [rows],
    );
  }

  async upsertEnrolments(rows: EnrolmentUpsertRow[], m: EntityManager): Promise<void> {
    await m.query(
      `INSERT INTO enrolments (employer_id, worker_id, effective_from, kpj, programs, effective_to, reported_wage,
                                 source, self_report_id) VALUES ?
         ON DUPLICATE KEY UPDATE kpj = VALUES(kpj), programs = VALUES(programs), effective_to = VALUES(effective_to),
           reported_wage = VALUES(reported_wage), source = VALUES(source), self_report_id = VALUES(self_report_id)`,
      [rows],
    );
  }
}
