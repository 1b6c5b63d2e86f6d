import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EmployerWorkerUpsertRow, ReportedRowsRepository, SelfReportEntity } from '@patuh/persistence';
import { ContractRow, EnrolmentRow, EntityName, SponsoredRow, WorkerRow } from './rows';

/** A checked row and its index in the part. */
export type Valid = { i: number; row: unknown[] };

/** Upserts checked rows of a self-report in batches, in the processing transaction. */
@Injectable()
export class ReportUpserts {
  constructor(private readonly rows: ReportedRowsRepository) {}

  /** Upserts a batch; returns the indexes rejected because this employer has not reported their worker. */
  async upsert(
    m: EntityManager,
    report: SelfReportEntity,
    entity: EntityName,
    batch: Valid[],
  ): Promise<number[]> {
    const rejected: number[] = [];
    // Rows that exist already are sent with their id, so InnoDB meets the duplicate on the primary key and
    // updates in place; without it, it would insert into the clustered index, hit the unique secondary index,
    // and undo the insert before updating (several times slower for a resubmission).
    if (entity === 'workers') {
      // The NIK goes in workers (once, for everyone); the name and birth date are this employer's word and go
      // in its own employer_workers row, so another employer's report never renames its worker.
      const niks = [...new Set(batch.map((v) => (v.row as WorkerRow)[0]))];
      let ids = await this.rows.workerIdsByNik(niks, m);
      const unknown = niks.filter((n) => !ids.has(n));
      if (unknown.length) {
        await this.rows.ensureWorkers(unknown, m);
        ids = await this.rows.workerIdsByNik(niks, m);
      }
      // A later row for the same NIK in the batch wins, as the upsert applies rows in order (a birth date left
      // out keeps the one given before).
      const byWorker = new Map<number, EmployerWorkerUpsertRow>();
      for (const v of batch) {
        const [nik, name, birthDate] = v.row as WorkerRow;
        const workerId = ids.get(nik)!;
        const before = byWorker.get(workerId);
        byWorker.set(workerId, [
          report.employerId,
          workerId,
          name,
          birthDate ?? before?.[3] ?? null,
          report.id,
        ]);
      }
      await this.rows.upsertEmployerWorkers([...byWorker.values()], m);
      return rejected;
    }
    if (entity === 'rows') {
      const niks = [...new Set(batch.map((v) => (v.row as SponsoredRow)[0]))];
      const ids = await this.rows.sponsoredIdsByNik(niks, m);
      await this.rows.upsertSponsored(
        batch.map((v) => {
          const r = v.row as SponsoredRow;
          return [ids.get(`${r[0]} ${r[2]}`) ?? null, ...r];
        }),
        m,
      );
      return rejected;
    }
    // Contracts and enrolments name a worker this employer has reported: in an earlier report of its own, or
    // accepted in this submission (workers are upserted first, in this transaction). A NIK only another employer
    // reported is rejected exactly as one nobody reported: the answer says nothing of other employers' workers.
    const nikOf = (v: Valid) =>
      entity === 'contracts' ? (v.row as ContractRow)[1] : (v.row as EnrolmentRow)[0];
    const niks = [...new Set(batch.map(nikOf))];
    const ids = await this.rows.reportedWorkerIdsByNik(report.employerId, niks, m);
    const contractIds =
      entity === 'contracts'
        ? await this.rows.contractIdsByRef(
            report.employerId,
            [...new Set(batch.map((v) => (v.row as ContractRow)[0]))],
            m,
          )
        : null;
    const values: unknown[][] = [];
    for (const v of batch) {
      const workerId = ids.get(nikOf(v));
      if (workerId === undefined) {
        rejected.push(v.i);
        continue;
      }
      if (entity === 'contracts') {
        const [ref, , type, start, end, wage, position, compensationPaid, compensationPaidOn] =
          v.row as ContractRow;
        values.push([
          report.employerId,
          workerId,
          start,
          contractIds!.get(ref) ?? null,
          ref,
          type,
          end,
          wage,
          position,
          compensationPaid,
          compensationPaidOn,
          'self_report',
          report.id,
        ]);
      } else {
        const [, kpj, programs, from, to, wage] = v.row as EnrolmentRow;
        values.push([report.employerId, workerId, from, kpj, programs, to, wage, 'self_report', report.id]);
      }
    }
    if (!values.length) return rejected;
    if (entity === 'contracts') await this.rows.upsertContracts(values, m);
    else await this.rows.upsertEnrolments(values, m);
    return rejected;
  }
}
