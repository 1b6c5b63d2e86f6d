import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  BpjsCoverageRepository,
  type BpjsCoveredRecordRow,
  type ContractorContractRow,
  type EmployerRow,
  type EmployerWorkerTuple,
  type EvaluatedEmployerRow,
  type EnrolmentTuple,
  EvaluationRepository,
  type SponsoredRow,
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

/**
 * What the content memo hashes of an employer besides the rows the server hashes (EvaluationRepository
 * .findRowsDigests: contracts, employer_workers, enrolments, cases): the business zone, its employer row, the BPJS
 * load judged for its NPP with that NPP's records, the sponsored coverage of the NIKs of its workers on the list,
 * its contractors' contracts, as one JSON text built by sideContent in both reads (EmployerRead.side and
 * EvaluationReader.readDigests), so the same rows give the same text.
 */
export interface EmployerSide {
  side: string;
  /** False when a worker had to be looked up by id (no NIK copy): the rows' digest does not cover it, no memo. */
  complete: boolean;
}

/** One employer of a page, as read: its rows, serialised for the memo and built into the rules' input on demand. */
export interface EmployerRead {
  id: number;
  /** Its side content (EmployerSide), for the memo's digest with the server's digest of its rows. */
  side(): EmployerSide;
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
  /** The NIK came from the workers row by id, not from the employer_workers copy (or there is no worker). */
  byId: boolean;
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
      runs.push({ employerId, workerId, from: i, to, who, byId: !who });
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
    // The sponsored list, for the NIKs just read that are on it (the flag's copies, kept by triggers): an index
    // lookup for each of those few, not for every worker of the batch. Those of the runs, and of every reported
    // worker on it (what the memo's side content covers, as findRowsDigests lists them: one set in both reads).
    const onList = new Map<number, string[]>(); // employer → NIKs of its employer_workers rows on the list
    for (const w of reported)
      if (w[2] !== null && Number(w[5]) === 1) {
        const list = onList.get(w[0]);
        if (list) list.push(w[2]);
        else onList.set(w[0], [w[2]]);
      }
    const niks = [
      ...new Set([
        ...runs.filter((r) => r.who && Number(r.who[5]) === 1).map((r) => r.who![2]),
        ...[...onList.values()].flat(),
      ]),
    ];
    const sponsored = await this.repo.findSponsored(niks, m);
    const contractorRows = await this.repo.findContractorContracts(principals, m);
    // BPJS's own records for the chunk's NPPs (CONTRACT §9), in one ordered statement: the load judged for each
    // NPP and its records, grouped by NPP then NIK.
    // Only the NPPs a load covers (findEmployers says which; an NPP with other white space at its ends than the
    // server's TRIM removes is asked about anyway): a page of employers without BPJS records costs no statement.
    const npps = coveredNpps(employerRows);
    // A slice asks for its own workers' records only (a whole employer's are those of every NIK under its NPP).
    const sliceNiks = slice ? [...new Set(runs.filter((r) => r.who).map((r) => r.who![2]))] : undefined;
    const bpjsRows = await this.bpjsRepo.findCoveredRecords(npps, m, sliceNiks);
    const bpjsLoads = loadsOf(bpjsRows);
    const bpjsByKey = new Map<string, BpjsRecordFact[]>();
    const bpjsRowsByNpp = groupBpjsRows(bpjsRows);
    for (const r of bpjsRows) {
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
    const sponsoredRowsByNik = groupBy(sponsored, (x) => x.nik);
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
        side: () => {
          let complete = true;
          for (let i = rf; i < rt && complete; i++) if (runs[i]!.byId) complete = false;
          return {
            side: sideContent(
              businessTz,
              r,
              load,
              onList.get(r.id) ?? [],
              sponsoredRowsByNik,
              npp === null ? undefined : bpjsRowsByNpp.get(npp),
              contractorRows.slice(xf, xt),
            ),
            complete,
          };
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

  /**
   * The content memo's view of these employers (evaluation.memo.ts) without reading their contracts, workers,
   * enrolments or cases: the server's digest of those rows (EvaluationRepository.findRowsDigests) and the side
   * content from the same statements read() makes for it (employers, sponsored coverage, contractors' contracts,
   * BPJS records). `rows` is null when no memo may answer: the server could not hash the rows whole, or a worker
   * has no NIK copy. Must run on the evaluation's connection (markEvaluating set the GROUP_CONCAT limit).
   */
  async readDigests(
    m: EntityManager,
    employerIds: number[],
    businessTz: string,
  ): Promise<Map<number, { rows: string | null; side: string }>> {
    const out = new Map<number, { rows: string | null; side: string }>();
    if (!employerIds.length) return out;
    const employerRows = await this.repo.findEmployers(employerIds, m);
    const digests = await this.repo.findRowsDigests(employerIds, m);
    const principals = employerRows.filter((r) => Number(r.has_contractors) === 1).map((r) => r.id);
    const niks = [...new Set([...digests.values()].flatMap((d) => d.sponsoredNiks))];
    const sponsoredRowsByNik = groupBy(await this.repo.findSponsored(niks, m), (x) => x.nik);
    const contractorRows = await this.repo.findContractorContracts(principals, m);
    const contractorRange = ranges(contractorRows, (c) => c.principal_id);
    const bpjsRows = await this.bpjsRepo.findCoveredRecords(coveredNpps(employerRows), m);
    const bpjsLoads = loadsOf(bpjsRows);
    const bpjsRowsByNpp = groupBpjsRows(bpjsRows);
    for (const r of employerRows) {
      const d = digests.get(r.id);
      const npp = r.npp?.trim() || null;
      const [xf, xt] = contractorRange.get(r.id) ?? [0, 0];
      out.set(r.id, {
        rows: d && !d.unfilled ? d.digest : null,
        side: sideContent(
          businessTz,
          r,
          npp === null ? undefined : bpjsLoads.get(npp),
          d?.sponsoredNiks ?? [],
          sponsoredRowsByNik,
          npp === null ? undefined : bpjsRowsByNpp.get(npp),
          contractorRows.slice(xf, xt),
        ),
      });
    }
    return out;
  }
}

/**
 * The NPPs a BPJS load covers among these employers' (findEmployers says which; an NPP with other white space at
 * its ends than the server's TRIM removes is asked about anyway): a page without BPJS records costs no statement.
 */
function coveredNpps(employerRows: readonly EvaluatedEmployerRow[]): string[] {
  return [
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
}

/** The load judged for each NPP, from findCoveredRecords' rows. */
function loadsOf(rows: readonly BpjsCoveredRecordRow[]): Map<string, BpjsLoadFacts> {
  const out = new Map<string, BpjsLoadFacts>();
  for (const r of rows)
    if (!out.has(r.npp)) out.set(r.npp, { loadId: String(r.load_id), asOf: r.load_as_of });
  return out;
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

/** Rows grouped by a key, each group in the rows' order. */
function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/** The BPJS rows of each NPP (findCoveredRecords: the load judged for it, then its records). */
const groupBpjsRows = (rows: readonly BpjsCoveredRecordRow[]) => groupBy(rows, (r) => r.npp);

/**
 * An employer's side content (EmployerSide.side), from the rows either read gives: the same function in both, so
 * the memo's digest is the same for the same rows whichever read computed it.
 */
function sideContent(
  businessTz: string,
  employer: EmployerRow,
  load: BpjsLoadFacts | undefined,
  sponsoredNiks: readonly string[],
  sponsoredRowsByNik: ReadonlyMap<string, readonly SponsoredRow[]>,
  bpjsRows: readonly BpjsCoveredRecordRow[] | undefined,
  contractorRows: readonly ContractorContractRow[],
): string {
  const niks = [...new Set(sponsoredNiks)].sort();
  return JSON.stringify([
    businessTz,
    employer,
    load ?? null,
    load ? (bpjsRows ?? []) : [],
    niks.map((nik) => [nik, sponsoredRowsByNik.get(nik) ?? []]),
    contractorRows,
  ]);
}
