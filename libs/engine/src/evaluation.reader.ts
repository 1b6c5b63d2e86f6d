import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  BpjsCoverageRepository,
  type ContractorContractRow,
  type EmployerRow,
  type EmployerWorkerTuple,
  type EnrolmentTuple,
  EvaluationRepository,
  type WorkerRange,
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

/** One employer of a page, as read: its rows, serialised for the memo and built into the rules' input on demand. */
export interface EmployerRead {
  id: number;
  /**
   * Every row the employer's input is built from (its employer row, contracts, workers as it reported them,
   * enrolments, sponsored coverage and BPJS records of those workers, its contractors' contracts) and the business
   * zone, as one JSON text in read order: the input is a pure function of it, so equal content means equal input.
   * The content memo hashes it (evaluation.memo.ts) without building the input.
   */
  content(): string;
  /**
   * The input as the rules take it, built from the rows at each call (not kept: the caller drops it once judged,
   * so a chunk holds one employer's objects at a time besides its rows); its workers' names go into workerNames.
   */
  input(): EmployerEvaluationInput;
}

export interface BatchInput {
  employers: Map<number, EmployerRow>;
  /** The employers read, in id order. */
  reads: EmployerRead[];
  /**
   * Names of the workers of the inputs built so far, as each employer reported them (by caseNameKey), written onto
   * their cases (only employers whose input was built write cases).
   */
  workerNames: Map<string, string | null>;
  /** The employers whose NPP a BPJS records load covers (CONTRACT §9). */
  bpjsCovered: Set<number>;
}

/**
 * One slice of one large employer (slice.plan.ts): only the workers in `workers` (by id), and its contractors'
 * contracts only when `contractors` (the slice that runs the principal rule).
 */
export interface ReadSlice {
  workers: WorkerRange;
  contractors: boolean;
}

const programs = (s: string | null): Program[] => (s ? (s.split(',') as Program[]) : []);

const paidOrNull = (v: number | string | null | undefined): number | null =>
  v === null || v === undefined ? null : Number(v);

const toContractFact = (c: ContractorContractRow): ContractFact => ({
  ref: c.ref,
  employerId: String(c.employer_id),
  nik: c.nik,
  type: c.type,
  startDate: c.start_date,
  endDate: c.end_date,
  monthlyWage: Number(c.monthly_wage),
  compensationPaid: paidOrNull(c.compensation_paid),
  compensationPaidOn: c.compensation_paid_on ?? null,
});

const toEnrolmentFact = (e: EnrolmentTuple, nik: string): EnrolmentFact => ({
  employerId: String(e[0]),
  nik,
  kpj: e[2],
  programs: programs(e[3]),
  effectiveFrom: e[4],
  effectiveTo: e[5],
  reportedWage: e[6] === null ? null : Number(e[6]),
});

/** (employer, worker) order of two rows: the order of the contracts', employer_workers' and enrolments' keys. */
const cmpKey = (e1: number, w1: number, e2: number, w2: number): number => e1 - e2 || w1 - w2;

/** One worker's contracts at one employer (a run of the ordered contract rows) and who the employer says they are. */
interface WorkerRun {
  employerId: number;
  workerId: number;
  from: number;
  to: number;
  /** Who the employer says the worker is, with the worker's NIK (null: no worker row, the run is skipped). */
  who: Who | null;
}

/** An employer_workers tuple with its NIK. */
type Who = [
  employerId: number,
  workerId: number,
  nik: string,
  name: string | null,
  birthDate: string | null,
  onSponsoredList: number,
];

/**
 * Reads a page of employers' data for evaluation in at most seven ordered, set-based queries (employers, contracts
 * in their primary-key order as arrays, the employers' workers once each, enrolments, sponsored coverage for the
 * workers on that list, contractors' contracts for the principals among them, BPJS's records of the loads judged
 * for their NPPs), then merges the ordered rows per employer and worker in one pass, no join per contract row and
 * no lookup by string key. Memory is bounded by the page (a chunk of a sweep batch), never by the data set.
 */
@Injectable()
export class EvaluationReader {
  constructor(
    private readonly repo: EvaluationRepository,
    private readonly bpjsRepo: BpjsCoverageRepository,
  ) {}

  async read(
    m: EntityManager,
    employerIds: number[],
    businessTz: string,
    /** One slice of one employer (`employerIds` holds that employer alone). */
    slice?: ReadSlice,
  ): Promise<BatchInput> {
    const employers = new Map<number, EmployerRow>();
    if (!employerIds.length) return { employers, reads: [], workerNames: new Map(), bpjsCovered: new Set() };
    if (slice && employerIds.length !== 1) throw new RangeError('a slice is of one employer');
    const range = slice?.workers;

    const employerRows = await this.repo.findEmployers(employerIds, m);
    // Principals (employers other employers contract for) are few: their contractors' contracts are read for them
    // alone, and not at all for a page without one.
    const principals =
      slice && !slice.contractors
        ? []
        : employerRows.filter((r) => Number(r.has_contractors) === 1).map((r) => r.id);
    const contracts = await this.repo.findContracts(employerIds, m, range);
    const reported = await this.repo.findEmployerWorkers(employerIds, m, range);
    const enrolments = await this.repo.findEnrolments(employerIds, m, range);
    // Contracts and employer_workers come in the same (employer, worker) order: merged, each worker's identity
    // once, not joined on every contract row. A contract whose worker has no employer_workers row (none is written
    // without one, but the schema allows it) gets the worker's NIK by id, without a name; a row without the NIK
    // copy (the triggers fill it once the worker's row exists) gets it by id too, with its name.
    const runs: WorkerRun[] = [];
    const missing: number[] = [];
    const unfilled = new Map<number, EmployerWorkerTuple>(); // run index → its row without the NIK copy
    for (let i = 0, j = 0; i < contracts.length;) {
      const employerId = contracts[i]![0];
      const workerId = contracts[i]![1];
      let to = i + 1;
      while (to < contracts.length && contracts[to]![0] === employerId && contracts[to]![1] === workerId)
        to++;
      while (j < reported.length && cmpKey(reported[j]![0], reported[j]![1], employerId, workerId) < 0) j++;
      const r = reported[j];
      const row = r && r[0] === employerId && r[1] === workerId ? r : null;
      const who = row && row[2] !== null ? (row as Who) : null;
      if (!who) {
        missing.push(workerId);
        if (row) unfilled.set(runs.length, row);
      }
      runs.push({ employerId, workerId, from: i, to, who });
      i = to;
    }
    if (missing.length) {
      const byId = new Map(
        (await this.repo.findWorkersById([...new Set(missing)], m)).map((w) => [Number(w[0]), w]),
      );
      runs.forEach((run, k) => {
        const w = run.who ? undefined : byId.get(run.workerId);
        const row = unfilled.get(k);
        if (w) run.who = [run.employerId, run.workerId, w[1], row?.[3] ?? null, row?.[4] ?? null, w[2]];
      });
    }
    // The sponsored list, for the NIKs just read that are on it (workers.on_sponsored_list, kept by triggers): an
    // index lookup for each of those few, not for every worker of the batch.
    const niks = [...new Set(runs.filter((r) => r.who && Number(r.who[5]) === 1).map((r) => r.who![2]))];
    const sponsored = await this.repo.findSponsored(niks, m);
    const contractorRows = await this.repo.findContractorContracts(principals, m);
    // BPJS's own records for the chunk's NPPs (CONTRACT §9), in one ordered statement: the load judged for each
    // NPP and its records, grouped by NPP then NIK.
    // Only the NPPs a load covers (findEmployers says which; an NPP with other white space at its ends than the
    // server's TRIM removes is asked about anyway): a page of employers without BPJS records costs no statement.
    const npps = [
      ...new Set(
        employerRows
          .filter(
            (r) =>
              Number(r.bpjs_load) === 1 || (r.npp !== null && r.npp.trim() !== r.npp.replace(/^ +| +$/g, '')),
          )
          .map((r) => r.npp?.trim())
          .filter((n): n is string => !!n),
      ),
    ];
    // A slice asks for its own workers' records only (a whole employer's are those of every NIK under its NPP).
    const sliceNiks = slice ? [...new Set(runs.filter((r) => r.who).map((r) => r.who![2]))] : undefined;
    const bpjsRows = await this.bpjsRepo.findCoveredRecords(npps, m, sliceNiks);
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

    // Each employer's rows are a contiguous range of each ordered read: found once, used by content() and input().
    const runRange = ranges(runs, (r) => r.employerId);
    const enrolmentRange = ranges(enrolments, (e) => e[0]);
    const contractorRange = ranges(contractorRows, (c) => c.principal_id);
    const workerNames = new Map<string, string | null>();
    const bpjsCovered = new Set<number>();
    const reads: EmployerRead[] = [];

    for (const r of employerRows) {
      employers.set(r.id, r);
      const npp = r.npp?.trim() || null;
      const load = npp === null ? undefined : bpjsLoads.get(npp);
      if (load) bpjsCovered.add(r.id);
      const [rf, rt] = runRange.get(r.id) ?? [0, 0];
      const [ef, et] = enrolmentRange.get(r.id) ?? [0, 0];
      const [xf, xt] = contractorRange.get(r.id) ?? [0, 0];
      const bpjsOf = (nik: string) => (load ? (bpjsByKey.get(`${npp}:${nik}`) ?? []) : undefined);
      reads.push({
        id: r.id,
        content: () => {
          const who: unknown[] = [];
          for (let i = rf; i < rt; i++) {
            const w = runs[i]!.who;
            who.push(w, w ? (sponsoredByNik.get(w[2]) ?? null) : null, w ? (bpjsOf(w[2]) ?? null) : null);
          }
          return JSON.stringify([
            businessTz,
            r,
            load ?? null,
            rf < rt ? contracts.slice(runs[rf]!.from, runs[rt - 1]!.to) : [],
            who,
            enrolments.slice(ef, et),
            contractorRows.slice(xf, xt),
          ]);
        },
        input: () => {
          const workers: WorkerHistory[] = [];
          let k = ef; // the employer's next enrolment row (the same (employer, worker) order as its runs)
          for (let i = rf; i < rt; i++) {
            const { workerId, who, from, to } = runs[i]!;
            if (!who) continue; // the worker row is gone (cannot be: contracts reference it)
            const nik = who[2];
            while (k < et && enrolments[k]![1] < workerId) k++;
            const enrols: EnrolmentFact[] = [];
            for (; k < et && enrolments[k]![1] === workerId; k++)
              enrols.push(toEnrolmentFact(enrolments[k]!, nik));
            const history: WorkerHistory & { contracts: ContractFact[]; bpjsRecords?: BpjsRecordFact[] } = {
              nik,
              name: who[3],
              birthDate: who[4],
              contracts: [],
              enrolments: enrols,
              sponsored: sponsoredByNik.get(nik) ?? [],
            };
            const bpjs = bpjsOf(nik);
            if (bpjs) history.bpjsRecords = bpjs;
            const employer = String(r.id);
            for (let j = from; j < to; j++) {
              const c = contracts[j]!;
              history.contracts.push({
                ref: c[2],
                employerId: employer,
                nik,
                type: c[3],
                startDate: c[4],
                endDate: c[5],
                monthlyWage: Number(c[6]),
                compensationPaid: paidOrNull(c[7]),
                compensationPaidOn: c[8] ?? null,
              });
            }
            workers.push(history);
            workerNames.set(caseNameKey(r.id, nik), who[3]);
          }
          const contractorContracts: ContractFact[] = [];
          for (let j = xf; j < xt; j++) {
            const c = contractorRows[j]!;
            contractorContracts.push(toContractFact(c));
            // A principal's case about a contractor's worker: the principal's own report of the worker if it has
            // one, else a contractor's.
            const key = caseNameKey(r.id, c.nik);
            if (!workerNames.get(key)) workerNames.set(key, c.name);
          }
          return {
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
            workers,
            contractorContracts,
          };
        },
      });
    }
    return { employers, reads, workerNames, bpjsCovered };
  }
}

/** The [first, end) index range of each key's rows in rows ordered by that key. */
function ranges<T>(rows: readonly T[], key: (row: T) => number): Map<number, [number, number]> {
  const out = new Map<number, [number, number]>();
  for (let i = 0; i < rows.length;) {
    const k = key(rows[i]!);
    let j = i + 1;
    while (j < rows.length && key(rows[j]!) === k) j++;
    out.set(k, [i, j]);
    i = j;
  }
  return out;
}
