import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { todayIn } from '@patuh/config';
import type {
  ContractFact,
  EmployerEvaluationInput,
  EnrolmentFact,
  Program,
  Scale,
  SponsoredFact,
  WorkerHistory,
} from '@patuh/rules';

export interface EmployerRow {
  id: number;
  name: string;
  scale: Scale;
  npp: string | null;
  kbli: string | null;
  jkk_risk_group: number | null;
  principal_employer_id: number | null;
  district: string | null;
}

export interface BatchInput {
  employers: Map<number, EmployerRow>;
  inputs: EmployerEvaluationInput[];
  /** Names of the workers read (by NIK), written onto their cases. */
  workerNames: Map<string, string | null>;
}

const programs = (s: string | null): Program[] => (s ? (s.split(',') as Program[]) : []);

interface ContractRow {
  employer_id: number;
  nik: string;
  ref: string;
  type: 'PKWT' | 'PKWTT';
  start_date: string;
  end_date: string | null;
  monthly_wage: number;
  compensation_paid?: number | string | null;
  compensation_paid_on?: string | null;
}

const toContractFact = (c: ContractRow): ContractFact => ({
  ref: c.ref,
  employerId: String(c.employer_id),
  nik: c.nik,
  type: c.type,
  startDate: c.start_date,
  endDate: c.end_date,
  monthlyWage: Number(c.monthly_wage),
  compensationPaid:
    c.compensation_paid === null || c.compensation_paid === undefined ? null : Number(c.compensation_paid),
  compensationPaidOn: c.compensation_paid_on ?? null,
});

/**
 * Reads a page of employers' data for evaluation in at most five ordered, set-based queries (employers, contracts
 * with their workers, enrolments, sponsored coverage for the workers on that list, contractors' contracts for the
 * principals among them), then groups rows per employer and worker in one pass. Memory is bounded by the page (a
 * chunk of a sweep batch), never by the data set.
 */
@Injectable()
export class EvaluationReader {
  async read(m: EntityManager, employerIds: number[], businessTz: string): Promise<BatchInput> {
    const employers = new Map<number, EmployerRow>();
    if (!employerIds.length) return { employers, inputs: [], workerNames: new Map() };

    const employerRows = (await m.query(
      `SELECT e.id, e.name, e.scale, e.npp, e.kbli, e.jkk_risk_group, e.principal_employer_id, e.district,
              (SELECT MAX(s.processed_at) FROM self_reports s
                WHERE s.employer_id = e.id AND s.kind = 'employer' AND s.status = 'processed') AS last_report,
              EXISTS (SELECT 1 FROM employers x WHERE x.principal_employer_id = e.id) AS has_contractors
         FROM employers e WHERE e.id IN (?) ORDER BY e.id`,
      [employerIds],
    )) as (EmployerRow & { last_report: Date | null; has_contractors: number | string })[];
    // Principals (employers other employers contract for) are few: their contractors' contracts are read for them
    // alone, and not at all for a page without one.
    const principals = employerRows.filter((r) => Number(r.has_contractors) === 1).map((r) => r.id);

    const contracts = (await m.query(
      `SELECT c.employer_id, c.worker_id, w.nik, w.name, w.birth_date, w.on_sponsored_list, c.ref, c.type, c.start_date, c.end_date, c.monthly_wage,
              c.compensation_paid, c.compensation_paid_on
         FROM contracts c JOIN workers w ON w.id = c.worker_id
        WHERE c.employer_id IN (?) ORDER BY c.employer_id, c.worker_id, c.start_date, c.id`,
      [employerIds],
    )) as {
      employer_id: number;
      worker_id: number;
      nik: string;
      name: string | null;
      birth_date: string | null;
      on_sponsored_list: number;
      ref: string;
      type: 'PKWT' | 'PKWTT';
      start_date: string;
      end_date: string | null;
      monthly_wage: number;
      compensation_paid: number | string | null;
      compensation_paid_on: string | null;
    }[];

    const enrolments = (await m.query(
      `SELECT employer_id, worker_id, kpj, programs, effective_from, effective_to, reported_wage
         FROM enrolments WHERE employer_id IN (?) ORDER BY employer_id, worker_id, effective_from`,
      [employerIds],
    )) as {
      employer_id: number;
      worker_id: number;
      kpj: string | null;
      programs: string;
      effective_from: string;
      effective_to: string | null;
      reported_wage: number | null;
    }[];

    // The sponsored list, for the NIKs just read that are on it (workers.on_sponsored_list, kept by triggers): an
    // index lookup for each of those few, not for every worker of the batch.
    const niks = [...new Set(contracts.filter((c) => Number(c.on_sponsored_list) === 1).map((c) => c.nik))];
    const sponsored: {
      nik: string;
      programs: string;
      effective_from: string;
      effective_to: string | null;
    }[] = [];
    for (let i = 0; i < niks.length; i += 5000) {
      sponsored.push(
        ...((await m.query(
          `SELECT nik, programs, effective_from, effective_to FROM sponsored_coverage WHERE nik IN (?) ORDER BY nik, effective_from`,
          [niks.slice(i, i + 5000)],
        )) as typeof sponsored),
      );
    }

    const contractorRows = (
      principals.length
        ? await m.query(
            `SELECT e.principal_employer_id AS principal_id, c.employer_id, w.nik, w.name, c.ref, c.type, c.start_date, c.end_date, c.monthly_wage,
              c.compensation_paid, c.compensation_paid_on
         FROM employers e JOIN contracts c ON c.employer_id = e.id JOIN workers w ON w.id = c.worker_id
        WHERE e.principal_employer_id IN (?) AND c.type = 'PKWT'
        ORDER BY e.principal_employer_id, c.worker_id, c.start_date`,
            [principals],
          )
        : []
    ) as {
      principal_id: number;
      employer_id: number;
      nik: string;
      name: string | null;
      ref: string;
      type: 'PKWT' | 'PKWTT';
      start_date: string;
      end_date: string | null;
      monthly_wage: number;
    }[];

    const sponsoredByNik = new Map<string, SponsoredFact[]>();
    for (const s of sponsored) {
      const list = sponsoredByNik.get(s.nik) ?? [];
      list.push({
        nik: s.nik,
        programs: programs(s.programs),
        effectiveFrom: s.effective_from,
        effectiveTo: s.effective_to,
      });
      sponsoredByNik.set(s.nik, list);
    }

    // Enrolments keyed by employer and worker (both ordered, so each list comes out sorted).
    const enrolmentsByKey = new Map<string, EnrolmentFact[]>();
    for (const e of enrolments) {
      const key = `${e.employer_id}:${e.worker_id}`;
      const list = enrolmentsByKey.get(key) ?? [];
      list.push({
        employerId: String(e.employer_id),
        nik: '',
        kpj: e.kpj,
        programs: programs(e.programs),
        effectiveFrom: e.effective_from,
        effectiveTo: e.effective_to,
        reportedWage: e.reported_wage === null ? null : Number(e.reported_wage),
      });
      enrolmentsByKey.set(key, list);
    }

    const inputs = new Map<
      number,
      EmployerEvaluationInput & { workers: WorkerHistory[]; contractorContracts: ContractFact[] }
    >();
    for (const r of employerRows) {
      employers.set(r.id, r);
      inputs.set(r.id, {
        employer: {
          id: String(r.id),
          name: r.name,
          scale: r.scale,
          npp: r.npp,
          kbli: r.kbli,
          jkkRiskGroup: r.jkk_risk_group,
          principalEmployerId: r.principal_employer_id === null ? null : String(r.principal_employer_id),
          lastSelfReportProcessedOn: r.last_report ? todayIn(businessTz, new Date(r.last_report)) : null,
        },
        workers: [],
        contractorContracts: [],
      });
    }

    const workerNames = new Map<string, string | null>();
    let current: { key: string; history: WorkerHistory & { contracts: ContractFact[] } } | null = null;
    for (const c of contracts) {
      const key = `${c.employer_id}:${c.worker_id}`;
      if (!current || current.key !== key) {
        const enrols: EnrolmentFact[] = enrolmentsByKey.get(key) ?? [];
        for (const e of enrols) (e as { nik: string }).nik = c.nik;
        current = {
          key,
          history: {
            nik: c.nik,
            name: c.name,
            birthDate: c.birth_date,
            contracts: [],
            enrolments: enrols,
            sponsored: sponsoredByNik.get(c.nik) ?? [],
          },
        };
        inputs.get(c.employer_id)?.workers.push(current.history);
        workerNames.set(c.nik, c.name);
      }
      current.history.contracts.push(toContractFact(c));
    }

    for (const c of contractorRows) {
      inputs.get(c.principal_id)?.contractorContracts.push(toContractFact(c));
      workerNames.set(c.nik, c.name);
    }
    return { employers, inputs: [...inputs.values()], workerNames };
  }
}
