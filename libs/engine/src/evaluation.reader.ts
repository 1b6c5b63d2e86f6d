import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  BpjsCoverageRepository,
  type ContractorContractRow,
  type EmployerRow,
  type EvaluatedContractRow,
  EvaluationRepository,
} from '@patuh/persistence';
import { todayIn } from '@patuh/config';
import { caseNameKey } from './case.writer';
import type {
  BpjsLoadFacts,
  BpjsRecordFact,
  ContractFact,
  EmployerEvaluationInput,
  EnrolmentFact,
  Program,
  SponsoredFact,
  WorkerHistory,
} from '@patuh/rules';

export type { EmployerRow } from '@patuh/persistence';

export interface BatchInput {
  employers: Map<number, EmployerRow>;
  inputs: EmployerEvaluationInput[];
  /** Names of the workers read, as each employer reported them (by caseNameKey), written onto their cases. */
  workerNames: Map<string, string | null>;
  /** The employers whose NPP a BPJS records load covers (CONTRACT §9). */
  bpjsCovered: Set<number>;
}

const programs = (s: string | null): Program[] => (s ? (s.split(',') as Program[]) : []);

const toContractFact = (c: ContractorContractRow | EvaluatedContractRow): ContractFact => ({
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
 * Reads a page of employers' data for evaluation in at most six ordered, set-based queries (employers, contracts
 * with their workers, enrolments, sponsored coverage for the workers on that list, contractors' contracts for the
 * principals among them, BPJS's records of the loads judged for their NPPs), then groups rows per employer and worker in one pass. Memory is bounded by the page (a
 * chunk of a sweep batch), never by the data set.
 */
@Injectable()
export class EvaluationReader {
  constructor(
    private readonly repo: EvaluationRepository,
    private readonly bpjsRepo: BpjsCoverageRepository,
  ) {}

  async read(m: EntityManager, employerIds: number[], businessTz: string): Promise<BatchInput> {
    const employers = new Map<number, EmployerRow>();
    if (!employerIds.length) return { employers, inputs: [], workerNames: new Map(), bpjsCovered: new Set() };

    const employerRows = await this.repo.findEmployers(employerIds, m);
    // Principals (employers other employers contract for) are few: their contractors' contracts are read for them
    // alone, and not at all for a page without one.
    const principals = employerRows.filter((r) => Number(r.has_contractors) === 1).map((r) => r.id);
    const contracts = await this.repo.findContracts(employerIds, m);
    const enrolments = await this.repo.findEnrolments(employerIds, m);
    // The sponsored list, for the NIKs just read that are on it (workers.on_sponsored_list, kept by triggers): an
    // index lookup for each of those few, not for every worker of the batch.
    const niks = [...new Set(contracts.filter((c) => Number(c.on_sponsored_list) === 1).map((c) => c.nik))];
    const sponsored = await this.repo.findSponsored(niks, m);
    const contractorRows = await this.repo.findContractorContracts(principals, m);
    // BPJS's own records for the chunk's NPPs (CONTRACT §9), in one ordered statement: the load judged for each
    // NPP and its records, grouped by NPP then NIK.
    const npps = [...new Set(employerRows.map((r) => r.npp?.trim()).filter((n): n is string => !!n))];
    const bpjsRows = await this.bpjsRepo.findCoveredRecords(npps, m);
    const bpjsLoads = new Map<string, BpjsLoadFacts>();
    const bpjsByKey = new Map<string, BpjsRecordFact[]>();
    for (const r of bpjsRows) {
      if (!bpjsLoads.has(r.npp)) bpjsLoads.set(r.npp, { loadId: String(r.load_id), asOf: r.load_as_of });
      if (r.nik === null || r.effective_from === null) continue;
      const key = `${r.npp}:${r.nik}`;
      const rec: BpjsRecordFact = {
        nik: r.nik,
        kpj: r.kpj,
        programs: programs(r.programs),
        effectiveFrom: r.effective_from,
        effectiveTo: r.effective_to,
        reportedWage: r.reported_wage === null ? null : Number(r.reported_wage),
        paidThrough: r.paid_through,
      };
      const list = bpjsByKey.get(key);
      if (list) list.push(rec);
      else bpjsByKey.set(key, [rec]);
    }
    const bpjsCovered = new Set<number>();
    const nppOf = new Map<number, string>();

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
      const npp = r.npp?.trim() || null;
      const load = npp === null ? undefined : bpjsLoads.get(npp);
      if (load && npp !== null) {
        bpjsCovered.add(r.id);
        nppOf.set(r.id, npp);
      }
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
          bpjs: load ?? null,
        },
        workers: [],
        contractorContracts: [],
      });
    }

    const workerNames = new Map<string, string | null>();
    let current: {
      key: string;
      history: WorkerHistory & { contracts: ContractFact[]; bpjsRecords?: BpjsRecordFact[] };
    } | null = null;
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
        const npp = nppOf.get(c.employer_id);
        if (npp !== undefined) current.history.bpjsRecords = bpjsByKey.get(`${npp}:${c.nik}`) ?? [];
        inputs.get(c.employer_id)?.workers.push(current.history);
        workerNames.set(caseNameKey(c.employer_id, c.nik), c.name);
      }
      current.history.contracts.push(toContractFact(c));
    }

    for (const c of contractorRows) {
      inputs.get(c.principal_id)?.contractorContracts.push(toContractFact(c));
      // A principal's case about a contractor's worker: the principal's own report of the worker if it has one,
      // else a contractor's.
      const k = caseNameKey(c.principal_id, c.nik);
      if (!workerNames.get(k)) workerNames.set(k, c.name);
    }
    return { employers, inputs: [...inputs.values()], workerNames, bpjsCovered };
  }
}
