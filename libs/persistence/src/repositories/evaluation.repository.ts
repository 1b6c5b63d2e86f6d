import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { queryArrays } from '../bulk';
import type { EmployerScale } from '../entities/employer.entity';
import { CONTRACTORS_MOVED, dueByDayAlone, type IncrementalScope, ownDue } from './sweeps.repository';

/** An employer as the engine evaluates it. */
export interface EmployerRow {
  id: number;
  name: string;
  scale: EmployerScale;
  npp: string | null;
  kbli: string | null;
  jkk_risk_group: number | null;
  principal_employer_id: number | null;
  district: string | null;
}

/** …with its last processed self-report and whether other employers contract for it. */
export interface EvaluatedEmployerRow extends EmployerRow {
  last_report: Date | null;
  has_contractors: number | string;
  /** Whether a BPJS records load covers its NPP (bpjs_npp_coverage), so the reader asks for records only then. */
  bpjs_load: number | string;
}

/**
 * A contract as the engine reads it (EvaluationRepository.findContracts): employer_id, worker_id, ref, type,
 * start_date, end_date, monthly_wage, compensation_paid, compensation_paid_on.
 */
export type ContractTuple = [
  employerId: number,
  workerId: number,
  ref: string,
  type: 'PKWT' | 'PKWTT',
  startDate: string,
  endDate: string | null,
  monthlyWage: number,
  compensationPaid: number | string | null,
  compensationPaidOn: string | null,
];

/**
 * A worker as an employer reported them (findEmployerWorkers): employer_id, worker_id, nik, name, birth_date,
 * on_sponsored_list. The NIK is null only while the worker's row does not exist (the triggers fill it in when it
 * is written).
 */
export type EmployerWorkerTuple = [
  employerId: number,
  workerId: number,
  nik: string | null,
  name: string | null,
  birthDate: string | null,
  onSponsoredList: number,
];

/** A worker by id (findWorkersById): id, nik, on_sponsored_list. */
export type WorkerTuple = [id: number, nik: string, onSponsoredList: number];

/**
 * An enrolment as the engine reads it (findEnrolments): employer_id, worker_id, kpj, programs, effective_from,
 * effective_to, reported_wage.
 */
export type EnrolmentTuple = [
  employerId: number,
  workerId: number,
  kpj: string | null,
  programs: string,
  effectiveFrom: string,
  effectiveTo: string | null,
  reportedWage: number | null,
];

export interface SponsoredRow {
  nik: string;
  programs: string;
  effective_from: string;
  effective_to: string | null;
}

/** A contractor's PKWT contract, read for its principal. */
export interface ContractorContractRow {
  principal_id: number;
  employer_id: number;
  nik: string;
  name: string | null;
  ref: string;
  type: 'PKWT' | 'PKWTT';
  start_date: string;
  end_date: string | null;
  monthly_wage: number;
  compensation_paid?: number | string | null;
  compensation_paid_on?: string | null;
}

/** A case as reconciliation compares it (its covering index's columns). */
export interface ExistingCase {
  id: number;
  rule: string;
  employerId: number;
  subjectKey: string;
  status: string;
  evidenceHash: string;
  severity?: string;
}

/** A case as findExistingCases reads it: id, rule, employer_id, subject_key, status, evidence_hash, severity. */
export type ExistingCaseTuple = [
  id: number,
  rule: string,
  employerId: number,
  subjectKey: string,
  status: string,
  evidenceHash: string,
  severity: string | null,
];

/** The columns of an ExistingCaseTuple, and the order findExistingCases and findRuleCases read them in. */
const EXISTING_CASE_COLUMNS = 'id, rule, employer_id, subject_key, status, evidence_hash, severity';
const EXISTING_CASE_ORDER = 'employer_id, status, rule, subject_key';

export const toExistingCase = (t: ExistingCaseTuple): ExistingCase => ({
  id: t[0],
  rule: t[1],
  employerId: t[2],
  subjectKey: t[3],
  status: t[4],
  evidenceHash: t[5],
  severity: t[6] ?? undefined,
});

/** What an evaluation that had nothing to write recorded about what it judged (EvaluationRepository.findMemos). */
export interface EvaluationMemo {
  digest: string;
  findings: number;
  nextChangeOn: string | null;
  /** The input revision recorded with the memo ('0' for none). */
  inputRev: string;
  /** The contractor revision recorded with it (migration 1300; '0' for none). */
  contractorRev: string;
}

/** Worker ids [first, last], inclusive: one slice of a large employer's workers (slice.plan.ts). */
export type WorkerRange = readonly [first: number, last: number];

const rangeSql = (r: WorkerRange | undefined): string => (r ? ' AND worker_id BETWEEN ? AND ?' : '');

/**
 * The GROUP_CONCAT limit findRowsDigests needs: 1 GiB, MariaDB's largest (MySQL's is larger). An employer the memo
 * can answer for is evaluated whole, so it has at most SWEEP_SLICE_CONTRACTS contracts (10,000 by default, about
 * 1 MB of text); its cases are of the same order.
 */
export const ROWS_DIGEST_CONCAT_LIMIT = 1073741824;

/** How many bytes of worker days one recordEvaluations statement carries at most (well under max_allowed_packet). */
export const WORKER_DAYS_STATEMENT_BYTES = 4 * 1024 * 1024;

/**
 * One table's rows of employer e.id as one text hashed by the server, with their count. Text columns and columns
 * that may be NULL are QUOTE()d (NULL apart from the text 'NULL', commas and semicolons escaped); NOT NULL
 * numbers, dates and enums go as they are (they hold neither): two different row sets never give the same text.
 * The rows come in the order of the index the server reads them by (each table's primary key starts with
 * employer_id; the cases' covering reconcile index), which depends on their content alone, so the same rows give
 * the same digest; a plan that read them in another order would only make the memo miss. No ORDER BY: sorting
 * cost a quarter of the statement. An employer with no rows gives '0:-'.
 */
const tableDigest = (table: string, columns: string[]): string =>
  `(SELECT CONCAT(COUNT(*), ':', IFNULL(SHA1(GROUP_CONCAT(CONCAT_WS(',', ${columns.join(', ')}) SEPARATOR ';')), '-'))` +
  ` FROM ${table} x WHERE x.employer_id = e.id)`;

/**
 * findRowsDigests' statement. The columns are those the reader reads (findContracts, findEmployerWorkers,
 * findEnrolments, findExistingCases); a column added to one of those reads must be added here, or the memo would
 * answer for an employer whose new column moved (test/evaluation-memo.e2e-spec.ts edits each one).
 */
const ROWS_DIGEST_SQL = `SELECT e.id,
    IF(@@SESSION.group_concat_max_len >= ${ROWS_DIGEST_CONCAT_LIMIT}, SHA1(CONCAT_WS('|',
      ${tableDigest('contracts', [
        'worker_id',
        'QUOTE(ref)',
        'type',
        'start_date',
        'QUOTE(end_date)',
        'monthly_wage',
        'QUOTE(compensation_paid)',
        'QUOTE(compensation_paid_on)',
      ])},
      ${tableDigest('employer_workers', [
        'worker_id',
        'QUOTE(nik)',
        'QUOTE(name)',
        'QUOTE(birth_date)',
        'QUOTE(on_sponsored_list)',
      ])},
      ${tableDigest('enrolments', [
        'worker_id',
        'QUOTE(kpj)',
        'QUOTE(programs)',
        'effective_from',
        'QUOTE(effective_to)',
        'QUOTE(reported_wage)',
      ])},
      ${tableDigest('cases', ['id', 'QUOTE(rule)', 'QUOTE(subject_key)', 'status', 'QUOTE(evidence_hash)', 'severity'])})), NULL),
    (SELECT GROUP_CONCAT(x.nik SEPARATOR ',') FROM employer_workers x
      WHERE x.employer_id = e.id AND x.on_sponsored_list = 1 AND x.nik IS NOT NULL),
    EXISTS (SELECT 1 FROM employer_workers x WHERE x.employer_id = e.id AND x.nik IS NULL)
  FROM employers e WHERE e.id IN (?) ORDER BY e.id`;

/**
 * The engine's reads (employers, contracts with workers, enrolments, sponsored coverage, contractors' contracts,
 * existing cases) in ordered, set-based statements, and its employer locks; all inside the batch's transaction.
 */
@Injectable()
export class EvaluationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Locks the employers (FOR UPDATE, in id order); returns the ids that exist. */
  async lockEmployers(ids: readonly number[], m: EntityManager): Promise<number[]> {
    const locked = (await m.query('SELECT id FROM employers WHERE id IN (?) ORDER BY id FOR UPDATE', [
      ids,
    ])) as {
      id: number;
    }[];
    return locked.map((r) => r.id);
  }

  async findEmployers(
    ids: readonly number[],
    m: EntityManager = this.db.manager,
  ): Promise<EvaluatedEmployerRow[]> {
    return (await m.query(
      `SELECT e.id, e.name, e.scale, e.npp, e.kbli, e.jkk_risk_group, e.principal_employer_id, e.district,
              (SELECT MAX(s.processed_at) FROM self_reports s
                WHERE s.employer_id = e.id AND s.kind = 'employer' AND s.status = 'processed') AS last_report,
              EXISTS (SELECT 1 FROM employers x WHERE x.principal_employer_id = e.id) AS has_contractors,
              EXISTS (SELECT 1 FROM bpjs_npp_coverage b WHERE b.npp = TRIM(e.npp)) AS bpjs_load
         FROM employers e WHERE e.id IN (?) ORDER BY e.id`,
      [ids],
    )) as EvaluatedEmployerRow[];
  }

  /**
   * The employers' contracts in primary-key order (employer, worker, start, id: the clustered index, no sort), each
   * row an array (ContractTuple), no join: who the workers are comes once per worker from findEmployerWorkers.
   */
  findContracts(
    employerIds: readonly number[],
    m: EntityManager = this.db.manager,
    workers?: WorkerRange,
  ): Promise<ContractTuple[]> {
    return queryArrays<ContractTuple>(
      m,
      `SELECT employer_id, worker_id, ref, type, start_date, end_date, monthly_wage, compensation_paid, compensation_paid_on
         FROM contracts WHERE employer_id IN (?)${rangeSql(workers)} ORDER BY employer_id, worker_id, start_date, id`,
      [employerIds, ...(workers ?? [])],
    );
  }

  /**
   * The employers' workers as each reported them (employer_workers, its primary key order) with their NIK and
   * sponsored flag (the triggers' copies on the same row, migration 1764000001200: one range of one index, no lookup
   * into workers): one row per worker and employer, in the contracts' (employer, worker) order, to merge with them.
   */
  findEmployerWorkers(
    employerIds: readonly number[],
    m: EntityManager = this.db.manager,
    workers?: WorkerRange,
  ): Promise<EmployerWorkerTuple[]> {
    return queryArrays<EmployerWorkerTuple>(
      m,
      `SELECT employer_id, worker_id, nik, name, birth_date, on_sponsored_list
         FROM employer_workers WHERE employer_id IN (?)${rangeSql(workers)} ORDER BY employer_id, worker_id`,
      [employerIds, ...(workers ?? [])],
    );
  }

  /** Workers by id (NIK and sponsored flag): for a contract whose worker has no employer_workers row. */
  findWorkersById(ids: readonly number[], m: EntityManager = this.db.manager): Promise<WorkerTuple[]> {
    if (!ids.length) return Promise.resolve([]);
    return queryArrays<WorkerTuple>(m, 'SELECT id, nik, on_sponsored_list FROM workers WHERE id IN (?)', [
      ids,
    ]);
  }

  /** The employers' enrolments in (employer, worker, start) order, each row an array (EnrolmentTuple). */
  findEnrolments(
    employerIds: readonly number[],
    m: EntityManager = this.db.manager,
    workers?: WorkerRange,
  ): Promise<EnrolmentTuple[]> {
    return queryArrays<EnrolmentTuple>(
      m,
      `SELECT employer_id, worker_id, kpj, programs, effective_from, effective_to, reported_wage
         FROM enrolments WHERE employer_id IN (?)${rangeSql(workers)} ORDER BY employer_id, worker_id, effective_from`,
      [employerIds, ...(workers ?? [])],
    );
  }

  /** How many contracts the employer has (one range of the contracts primary key). */
  async countContracts(employerId: number, m: EntityManager = this.db.manager): Promise<number> {
    const [row] = await queryArrays<[n: number | string]>(
      m,
      'SELECT COUNT(*) FROM contracts WHERE employer_id = ?',
      [employerId],
    );
    return Number(row?.[0] ?? 0);
  }

  /** The employer's workers with contracts, in id order, with how many contracts each (to cut slices). */
  async findWorkerContractCounts(
    employerId: number,
    m: EntityManager = this.db.manager,
  ): Promise<[workerId: number, contracts: number][]> {
    const rows = await queryArrays<[number, number | string]>(
      m,
      'SELECT worker_id, COUNT(*) FROM contracts WHERE employer_id = ? GROUP BY worker_id ORDER BY worker_id',
      [employerId],
    );
    return rows.map(([w, n]) => [Number(w), Number(n)]);
  }

  /** Sponsored coverage of these NIKs (an index lookup each), in pages of 5000 NIKs. */
  async findSponsored(niks: readonly string[], m: EntityManager = this.db.manager): Promise<SponsoredRow[]> {
    const out: SponsoredRow[] = [];
    for (let i = 0; i < niks.length; i += 5000) {
      out.push(
        ...((await m.query(
          `SELECT nik, programs, effective_from, effective_to FROM sponsored_coverage WHERE nik IN (?) ORDER BY nik, effective_from`,
          [niks.slice(i, i + 5000)],
        )) as SponsoredRow[]),
      );
    }
    return out;
  }

  /**
   * The PKWT contracts of the contractors of these principals, each with its worker's NIK and the name the
   * contractor reported, ordered by principal, worker, start (then contractor and ref, so the order is total).
   * Read as two range scans of the contractors' clustered rows (their contracts; their workers' copies in
   * `employer_workers`), merged here by (contractor, worker): joining every contract to `workers` and
   * `employer_workers` by primary key cost two random lookups a row (a principal's 4,300 rows took 11–18 ms on the
   * server, docs/benchmarks.md). A worker whose copy has no NIK yet is looked up in `workers`.
   */
  async findContractorContracts(
    principalIds: readonly number[],
    m: EntityManager = this.db.manager,
  ): Promise<ContractorContractRow[]> {
    if (!principalIds.length) return [];
    // The principal's id, then the columns of a ContractTuple.
    type ContractorContractTuple = [principalId: number, ...contract: ContractTuple];
    const contracts = await queryArrays<ContractorContractTuple>(
      m,
      `SELECT e.principal_employer_id, c.employer_id, c.worker_id, c.ref, c.type, c.start_date, c.end_date,
              c.monthly_wage, c.compensation_paid, c.compensation_paid_on
         FROM employers e JOIN contracts c ON c.employer_id = e.id
        WHERE e.principal_employer_id IN (?) AND c.type = 'PKWT'`,
      [principalIds],
    );
    if (!contracts.length) return [];
    const copies = await queryArrays<
      [employerId: number, workerId: number, nik: string | null, name: string | null]
    >(
      m,
      `SELECT ew.employer_id, ew.worker_id, ew.nik, ew.name
         FROM employers e JOIN employer_workers ew ON ew.employer_id = e.id
        WHERE e.principal_employer_id IN (?)`,
      [principalIds],
    );
    const key = (employerId: number, workerId: number) => `${employerId}:${workerId}`;
    const copyOf = new Map<string, { nik: string | null; name: string | null }>();
    for (const [employerId, workerId, nik, name] of copies)
      copyOf.set(key(employerId, workerId), { nik, name });
    const unfilled = new Set<number>();
    for (const c of contracts) if (!copyOf.get(key(c[1], c[2]))?.nik) unfilled.add(c[2]);
    const nikById = new Map<number, string>();
    if (unfilled.size)
      for (const [id, nik] of await queryArrays<[number, string]>(
        m,
        'SELECT id, nik FROM workers WHERE id IN (?)',
        [[...unfilled]],
      ))
        nikById.set(id, nik);
    const text = (p: string, q: string) => (p < q ? -1 : p > q ? 1 : 0);
    contracts.sort(
      (x, y) => x[0] - y[0] || x[2] - y[2] || text(x[5], y[5]) || x[1] - y[1] || text(x[3], y[3]),
    );
    const out: ContractorContractRow[] = [];
    for (const c of contracts) {
      const copy = copyOf.get(key(c[1], c[2]));
      const nik = copy?.nik || nikById.get(c[2]);
      // A contract whose worker has no row is not read, as the join to `workers` never read it.
      if (!nik) continue;
      // The keys in the order the joined read gave them: the content memo hashes these rows as JSON.
      out.push({
        principal_id: c[0],
        employer_id: c[1],
        nik,
        name: copy?.name ?? null,
        ref: c[3],
        type: c[4],
        start_date: c[5],
        end_date: c[6],
        monthly_wage: c[7],
        compensation_paid: c[8],
        compensation_paid_on: c[9],
      });
    }
    return out;
  }

  /**
   * The employers' cases as reconciliation compares them, each an array (ExistingCaseTuple), in the order of their
   * covering index (employer, status, rule, subject): each employer's cases together, in an order that depends on
   * their content alone (the content memo hashes them as read).
   */
  findExistingCases(
    employerIds: readonly number[],
    m: EntityManager = this.db.manager,
  ): Promise<ExistingCaseTuple[]> {
    return queryArrays<ExistingCaseTuple>(
      m,
      `SELECT ${EXISTING_CASE_COLUMNS}
         FROM cases WHERE employer_id IN (?) ORDER BY ${EXISTING_CASE_ORDER}`,
      [employerIds],
    );
  }

  /** The employers' cases of these rules, as findExistingCases reads them and in its order. */
  findRuleCases(
    rules: readonly string[],
    employerIds: readonly number[],
    m: EntityManager = this.db.manager,
  ): Promise<ExistingCaseTuple[]> {
    return queryArrays<ExistingCaseTuple>(
      m,
      `SELECT ${EXISTING_CASE_COLUMNS}
         FROM cases WHERE rule IN (?) AND employer_id IN (?) ORDER BY ${EXISTING_CASE_ORDER}`,
      [rules, employerIds],
    );
  }

  /**
   * The names an employer reported for these NIKs, of the workers it has a contract with (null where it reported
   * none): the name a whole read gives a worker of the employer (EvaluationReader.read), looked up by NIK.
   */
  async findOwnWorkerNames(
    employerId: number,
    niks: readonly string[],
    m: EntityManager = this.db.manager,
  ): Promise<Map<string, string | null>> {
    const out = new Map<string, string | null>();
    if (!niks.length) return out;
    const rows = await queryArrays<[nik: string, name: string | null]>(
      m,
      `SELECT DISTINCT w.nik, ew.name FROM workers w
         JOIN contracts c ON c.employer_id = ? AND c.worker_id = w.id
         LEFT JOIN employer_workers ew ON ew.employer_id = c.employer_id AND ew.worker_id = w.id
        WHERE w.nik IN (?)`,
      [employerId, niks],
    );
    for (const [nik, name] of rows) out.set(nik, name);
    return out;
  }

  /**
   * One slice's part of an employer's cases (slice.plan.ts partitionCases): its cases of the worker-level rules
   * about these NIKs, whatever their status (by the NIK index), in findExistingCases' order.
   */
  findSliceCases(
    employerId: number,
    niks: readonly string[],
    workerRules: readonly string[],
    m: EntityManager,
  ): Promise<ExistingCaseTuple[]> {
    if (!niks.length) return Promise.resolve([]);
    return queryArrays<ExistingCaseTuple>(
      m,
      `SELECT id, rule, employer_id, subject_key, status, evidence_hash, severity
         FROM cases WHERE worker_nik IN (?) AND employer_id = ? AND rule IN (?)
        ORDER BY employer_id, status, rule, subject_key`,
      [niks, employerId, workerRules],
    );
  }

  /**
   * The rest of a sliced employer's cases (partitionCases): its cases of the employer and principal rules, and its
   * active cases of worker-level rules about a NIK none of its workers with contracts has (no slice holds them).
   */
  findRestCases(
    employerId: number,
    workerRules: readonly string[],
    activeStatuses: readonly string[],
    m: EntityManager,
  ): Promise<ExistingCaseTuple[]> {
    return queryArrays<ExistingCaseTuple>(
      m,
      `SELECT c.id, c.rule, c.employer_id, c.subject_key, c.status, c.evidence_hash, c.severity
         FROM cases c
        WHERE c.employer_id = ?
          AND (c.rule NOT IN (?)
               OR (c.status IN (?)
                   AND (c.worker_nik IS NULL
                        OR NOT EXISTS (SELECT 1 FROM workers w JOIN contracts k ON k.worker_id = w.id
                                        WHERE w.nik = c.worker_nik AND k.employer_id = c.employer_id))))
        ORDER BY c.employer_id, c.status, c.rule, c.subject_key`,
      [employerId, workerRules, activeStatuses],
    );
  }

  /**
   * Marks this connection as the evaluation's (the cases triggers then leave the input revisions alone: the
   * evaluation's own case writes are its output, recorded with its fingerprint), or clears the mark. Marking also
   * lifts the session's GROUP_CONCAT limit to ROWS_DIGEST_CONCAT_LIMIT, which findRowsDigests needs (in the same
   * statement: no round trip of its own).
   */
  async markEvaluating(m: EntityManager, on: boolean): Promise<void> {
    await m.query(
      on
        ? `SET @patuh_evaluating = 1, SESSION group_concat_max_len = ${ROWS_DIGEST_CONCAT_LIMIT}`
        : 'SET @patuh_evaluating = NULL',
    );
  }

  /**
   * For each of these employers, computed by the server in one statement, nothing of the rows sent: a digest of
   * its contracts, its workers as it reported them (employer_workers with the NIK and sponsored-list copies), its
   * enrolments and its cases, every column the engine reads of each (ROWS_DIGEST_SQL); the NIKs of its workers on
   * the sponsored list; and whether any of its employer_workers rows lacks the NIK copy (the reader then looks the
   * worker up by id, which the digest does not cover, so no memo may answer for it). The digest is null when the
   * session's GROUP_CONCAT limit is below ROWS_DIGEST_CONCAT_LIMIT (markEvaluating not called on this connection):
   * a cut text must never stand for the whole, so a null digest matches no memo.
   */
  async findRowsDigests(
    employerIds: readonly number[],
    m: EntityManager,
  ): Promise<Map<number, { digest: string | null; sponsoredNiks: string[]; unfilled: boolean }>> {
    const out = new Map<number, { digest: string | null; sponsoredNiks: string[]; unfilled: boolean }>();
    if (!employerIds.length) return out;
    const rows = await queryArrays<
      [id: number, digest: string | null, sponsored: string | null, unfilled: number | string]
    >(m, ROWS_DIGEST_SQL, [employerIds]);
    for (const [id, digest, sponsored, unfilled] of rows)
      out.set(Number(id), {
        digest,
        sponsoredNiks: sponsored ? sponsored.split(',') : [],
        unfilled: Number(unfilled) === 1,
      });
    return out;
  }

  /**
   * In one statement, for these employers: their input revisions (0 for one never written to) and the content
   * memos recorded under this ruleset and day (migration 1100; only evaluations that had nothing to write record
   * one). A plain consistent read, called before the chunk's rows are read in the same transaction, so a revision
   * recorded is never newer than the rows judged (under READ COMMITTED too: a write between the two reads only
   * makes the next sweep evaluate again).
   */
  async findFingerprints(
    employerIds: readonly number[],
    rulesetKey: string,
    asOf: string,
    m: EntityManager,
    /**
     * An incremental sweep's scope: also return the worker days recorded (migration 1400) of the employers due by
     * their next-change day alone (dueByDayAlone).
     */
    incremental?: IncrementalScope,
  ): Promise<{
    revs: Map<number, string>;
    contractorRevs: Map<number, string>;
    memos: Map<number, EvaluationMemo>;
    workerDays: Map<number, Buffer>;
  }> {
    const revs = new Map<number, string>();
    const contractorRevs = new Map<number, string>();
    const memos = new Map<number, EvaluationMemo>();
    const workerDays = new Map<number, Buffer>();
    if (!employerIds.length) return { revs, contractorRevs, memos, workerDays };
    const byDay = incremental ? dueByDayAlone(incremental) : { sql: 'FALSE', params: [] };
    const rows = await queryArrays<
      [
        id: number,
        rev: string | null,
        contractorRev: string | null,
        digest: string | null,
        findings: number | null,
        next: string | null,
        recordedRev: string | null,
        recordedContractorRev: string | null,
        days: Buffer | null,
      ]
    >(
      m,
      `SELECT e.id, CAST(r.rev AS CHAR), CAST(r.contractor_rev AS CHAR),
              IF(v.ruleset_key = ? AND v.as_of = ?, v.content_digest, NULL), v.findings, v.next_change_on,
              CAST(v.input_rev AS CHAR), CAST(v.contractor_rev AS CHAR),
              IF(COALESCE(${byDay.sql}, 0), v.worker_days, NULL)
         FROM employers e
         LEFT JOIN employer_input_revs r ON r.employer_id = e.id
         LEFT JOIN employer_evaluations v ON v.employer_id = e.id
        WHERE e.id IN (?)`,
      [rulesetKey, asOf, ...byDay.params, employerIds],
    );
    for (const [
      id,
      rev,
      contractorRev,
      digest,
      findings,
      next,
      recordedRev,
      recordedContractorRev,
      days,
    ] of rows) {
      if (rev !== null) revs.set(Number(id), rev);
      if (contractorRev !== null) contractorRevs.set(Number(id), contractorRev);
      if (digest !== null)
        memos.set(Number(id), {
          digest,
          findings: Number(findings ?? 0),
          nextChangeOn: next,
          inputRev: recordedRev ?? '0',
          contractorRev: recordedContractorRev ?? '0',
        });
      if (days !== null) workerDays.set(Number(id), days);
    }
    return { revs, contractorRevs, memos, workerDays };
  }

  /**
   * Of these employers, the principals an incremental sweep as of `scope.asOf` may judge on their contractors'
   * contracts alone: evaluated before, nothing of their own due (SweepsRepository's ownDue: own revision, ruleset,
   * day, next-change day, refresh), and their contractor revision moved since (migration 1300). With the contractor
   * revision read now, in the evaluation's snapshot, so what is recorded is never newer than what is judged.
   */
  async findContractorsOnly(
    employerIds: readonly number[],
    scope: IncrementalScope,
    m: EntityManager,
  ): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    if (!employerIds.length) return out;
    const own = ownDue(scope);
    const rows = await queryArrays<[id: number, contractorRev: string]>(
      m,
      `SELECT e.id, CAST(COALESCE(r.contractor_rev, 0) AS CHAR)
         FROM employers e
         JOIN employer_evaluations v ON v.employer_id = e.id
         LEFT JOIN employer_input_revs r ON r.employer_id = e.id
        WHERE e.id IN (?) AND COALESCE(${own.sql}, 0) = 0 AND ${CONTRACTORS_MOVED}`,
      [employerIds, ...own.params],
    );
    for (const [id, rev] of rows) out.set(Number(id), rev);
    return out;
  }

  /**
   * Records contractors-only judgements (findContractorsOnly): the contractor revision read, the next-change day
   * brought forward to the principal rule's when that is earlier (never later: the employer's own day still
   * stands), no memo (the rows it would cover were not judged together). The own revision, ruleset and day stay
   * those of the last whole evaluation, so its own refresh and next day come as they would have.
   */
  async recordContractorEvaluations(
    rows: readonly { employerId: number; contractorRev: string; nextChangeOn: string | null }[],
    at: Date,
    m: EntityManager,
  ): Promise<void> {
    for (let i = 0; i < rows.length; i += 1000) {
      const part = rows.slice(i, i + 1000);
      await m.query(
        `UPDATE employer_evaluations v
           JOIN (${part.map(() => 'SELECT ? AS id, ? AS rev, CAST(? AS DATE) AS next_on').join(' UNION ALL ')}) x
             ON x.id = v.employer_id
            SET v.contractor_rev = x.rev,
                v.next_change_on = CASE WHEN v.next_change_on IS NULL THEN x.next_on WHEN x.next_on IS NULL
                                        THEN v.next_change_on ELSE LEAST(v.next_change_on, x.next_on) END,
                v.content_digest = NULL, v.findings = NULL, v.evaluated_at = ?`,
        [...part.flatMap((r) => [r.employerId, r.contractorRev, r.nextChangeOn]), at],
      );
    }
  }

  /**
   * Records each evaluated employer's fingerprint, next-change day, memo and worker days: one statement per 1000
   * employers, or per WORKER_DAYS_STATEMENT_BYTES of worker days (a large employer's are 24 bytes a worker). A row
   * without worker days that brings the memo already recorded (a memo hit: the same rows on the same day as the
   * evaluation that recorded both) keeps the worker days recorded with it; any other row without them clears them.
   * (worker_days is assigned first: MySQL's later assignments see the earlier ones' new values.)
   */
  async recordEvaluations(
    rows: readonly {
      employerId: number;
      inputRev: string;
      /** The contractor revision read with it (migration 1300). */
      contractorRev: string;
      rulesetKey: string;
      asOf: string;
      nextChangeOn: string | null;
      /** The content memo, or null when the evaluation wrote something (migration 1100). */
      contentDigest?: string | null;
      findings?: number | null;
      /** Each worker's next-change day and findings (migration 1400), or null for none. */
      workerDays?: Buffer | null;
    }[],
    at: Date,
    m: EntityManager,
  ): Promise<void> {
    for (let i = 0; i < rows.length;) {
      let j = i;
      let bytes = 0;
      while (
        j < rows.length &&
        j - i < 1000 &&
        (j === i || bytes + (rows[j]!.workerDays?.length ?? 0) <= WORKER_DAYS_STATEMENT_BYTES)
      )
        bytes += rows[j++]!.workerDays?.length ?? 0;
      const part = rows.slice(i, j);
      i = j;
      await m.query(
        `INSERT INTO employer_evaluations (employer_id, input_rev, contractor_rev, ruleset_key, as_of, next_change_on, evaluated_at, content_digest, findings, worker_days)
         VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
         ON DUPLICATE KEY UPDATE
           worker_days = COALESCE(VALUES(worker_days),
             IF(VALUES(content_digest) IS NOT NULL AND content_digest <=> VALUES(content_digest), worker_days, NULL)),
           input_rev = VALUES(input_rev), contractor_rev = VALUES(contractor_rev),
           ruleset_key = VALUES(ruleset_key),
           as_of = VALUES(as_of), next_change_on = VALUES(next_change_on), evaluated_at = VALUES(evaluated_at),
           content_digest = VALUES(content_digest), findings = VALUES(findings)`,
        part.flatMap((r) => [
          r.employerId,
          r.inputRev,
          r.contractorRev,
          r.rulesetKey,
          r.asOf,
          r.nextChangeOn,
          at,
          r.contentDigest ?? null,
          r.findings ?? null,
          r.workerDays ?? null,
        ]),
      );
    }
  }

  /** Forgets the fingerprints of employers that could not be evaluated: the next incremental sweep tries again. */
  async forgetEvaluations(employerIds: readonly number[], m: EntityManager): Promise<void> {
    if (employerIds.length)
      await m.query('DELETE FROM employer_evaluations WHERE employer_id IN (?)', [employerIds]);
  }

  /** Self-reports processed before `startedAt` are covered by the evaluation that began then. */
  async markSelfReportsEvaluated(employerId: number, startedAt: Date, m: EntityManager): Promise<void> {
    await m.query(
      `UPDATE self_reports SET evaluation_status = 'completed', evaluation_finished_at = ?
        WHERE employer_id = ? AND kind = 'employer' AND status = 'processed' AND processed_at <= ?
          AND (evaluation_status IS NULL OR evaluation_status <> 'completed')`,
      [new Date(), employerId, startedAt],
    );
  }
}
