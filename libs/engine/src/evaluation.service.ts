import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { MetricsService } from '@patuh/core';
import {
  type EvaluationMemo,
  EvaluationRepository,
  type ExistingCaseTuple,
  type IncrementalScope,
  toExistingCase,
} from '@patuh/persistence';
import {
  addDays,
  type EmployerEvaluationInput,
  emptyAggregate,
  EvaluationContext,
  evaluateEmployer,
  evaluateEmployerLevel,
  evaluatePrincipal,
  Finding,
  nextStandingChange,
} from '@patuh/rules';
import { chunkIds } from './batch.plan';
import { CaseNames, caseNameKey, CaseWriter, ReconcileCounts } from './case.writer';
import { evaluationDigest } from './evaluation.memo';
import { type EmployerRead, EvaluationReader } from './evaluation.reader';
import { ACTIVE_STATUSES, appendPlan, planReconciliation, ReconcilePlan } from './reconcile.plan';
import { RulesetService } from './ruleset';
import {
  cutSlices,
  earlierDay,
  evaluateSliceWorkers,
  judgeContractorsOnly,
  PRINCIPAL_LEVEL_RULES,
  WORKER_LEVEL_RULES,
} from './slice.plan';
import { decodeWorkerDays, encodeWorkerDays, judgeDueWorkers, workerDaysOf } from './worker-days';

/** One employer's fingerprint as EvaluationRepository.recordEvaluations writes it. */
type FingerprintRow = Parameters<EvaluationRepository['recordEvaluations']>[0][number];
/** One principal judged on its contractors' contracts alone, as recordContractorEvaluations writes it. */
type ContractorRecord = Parameters<EvaluationRepository['recordContractorEvaluations']>[0][number];

/** The rules that only BPJS records raise (CONTRACT §9): without a load covering the NPP they cannot hold. */
const BPJS_ONLY_RULES: ReadonlySet<string> = new Set(['ENROLMENT_UNVERIFIED', 'CONTRIBUTION_ARREARS']);
const NO_BPJS_LOAD_REASON =
  "no BPJS records load covers the employer's NPP any more (the load was deleted, or the NPP changed) / " +
  'tidak ada lagi muatan data BPJS Ketenagakerjaan yang mencakup NPP pemberi kerja (muatan dihapus, atau NPP berubah)';

/** The rules could not judge a sliced employer's data: it is listed as failed, its cases left as they were. */
class EmployerEvaluationFailed extends Error {}

/** Why a case of a BPJS-only rule resolved when no load covers its employer's NPP any more. */
const resolveReason =
  (bpjsCovered: ReadonlySet<number>): CaseNames['resolveReason'] =>
  (c) =>
    BPJS_ONLY_RULES.has(c.rule) && !bpjsCovered.has(Number(c.employerId)) ? NO_BPJS_LOAD_REASON : null;

export interface EvaluationOutcome extends ReconcileCounts {
  employers: number;
  /** Of `employers`, how many the content memo answered without running the rules (evaluation.memo.ts). */
  memoHits: number;
  /**
   * Of `employers`, judged in parts on a day that only their next-change day brought (worker-days.ts): how many
   * workers those evaluations judged, and how many they left as last judged.
   */
  workersJudged: number;
  workersLeft: number;
  failedEmployerIds: number[];
  findings: number;
}

/**
 * Evaluates a set of employers as of a date and reconciles their cases, all in one transaction: lock the
 * employers (so a sweep batch and a self-report evaluation of the same employer run one after the other), read
 * their rows, run the rulebook, write the differences. A job that dies before COMMIT leaves nothing behind; a job
 * run twice finds nothing to change the second time.
 */
@Injectable()
export class EvaluationService {
  private readonly logger = new Logger(EvaluationService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reader: EvaluationReader,
    private readonly writer: CaseWriter,
    private readonly ruleset: RulesetService,
    private readonly repo: EvaluationRepository,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  /** The ruleset part of every fingerprint this service records (RulesetService.key). */
  get rulesetKey(): string {
    return this.ruleset.key;
  }

  /** Self-reports processed before `startedAt` are covered by the evaluation that began then. */
  async markSelfReportsEvaluated(m: EntityManager, employerId: number, startedAt: Date): Promise<void> {
    await this.repo.markSelfReportsEvaluated(employerId, startedAt, m);
  }

  async evaluate(
    employerIds: number[],
    asOf: string,
    opts: {
      sweepId?: number | null;
      /** How many of `employerIds`, in order, to read and evaluate at a time (all at once when absent). */
      chunks?: number[];
      /**
       * An incremental sweep's batch: a principal nothing of whose own has moved since its last evaluation, only
       * its contractors' rows, is judged on those alone (evaluateContractorsOnly); an employer due by its
       * next-change day alone has only its due workers and its employer-level rest judged (worker-days.ts).
       */
      incremental?: boolean;
      inTransaction?: (m: EntityManager, outcome: EvaluationOutcome) => Promise<void>;
    } = {},
  ): Promise<EvaluationOutcome> {
    const ids = [...new Set(employerIds)].sort((a, b) => a - b);
    // REPEATABLE READ whatever the server's default: every read of the evaluation (the memo's digests, the rows
    // judged, the digests recorded after) sees one snapshot, taken after the employers are locked.
    return this.db.transaction('REPEATABLE READ', async (m) => {
      const outcome: EvaluationOutcome = {
        employers: 0,
        memoHits: 0,
        workersJudged: 0,
        workersLeft: 0,
        failedEmployerIds: [],
        findings: 0,
        opened: 0,
        updated: 0,
        reopened: 0,
        resolved: 0,
      };
      if (ids.length) {
        const present = new Set(await this.repo.lockEmployers(ids, m));
        const ctx = this.ruleset.context(asOf);
        const at = new Date();
        await this.repo.markEvaluating(m, true);
        // Every chunk's fingerprints, written in one statement per thousand at the end (not one per chunk).
        const fingerprints: FingerprintRow[] = [];
        const contractorRecords: ContractorRecord[] = [];
        const scope = {
          asOf,
          rulesetKey: this.ruleset.key,
          refreshDays: this.config.env.SWEEP_REFRESH_DAYS,
        };
        try {
          // Chunk by chunk: what the worker holds at once is one chunk's rows and findings, whatever the batch.
          for (const chunk of chunkIds(employerIds, opts.chunks)) {
            let chunkPresent = [...new Set(chunk.filter((id) => present.has(id)))];
            if (!chunkPresent.length) continue;
            if (opts.incremental) {
              const only = await this.repo.findContractorsOnly(chunkPresent, scope, m);
              if (only.size) {
                await this.evaluateContractorsOnly(
                  m,
                  only,
                  ctx,
                  at,
                  opts.sweepId ?? null,
                  outcome,
                  contractorRecords,
                );
                chunkPresent = chunkPresent.filter((id) => !only.has(id));
                if (!chunkPresent.length) continue;
              }
            }
            // An employer larger than a slice is alone in its chunk (the planners close a chunk before it).
            if (
              chunkPresent.length === 1 &&
              (await this.repo.countContracts(chunkPresent[0]!, m)) > this.config.env.SWEEP_SLICE_CONTRACTS
            ) {
              await this.evaluateSliced(
                m,
                chunkPresent[0]!,
                ctx,
                at,
                opts.sweepId ?? null,
                outcome,
                fingerprints,
              );
            } else
              await this.evaluateChunk(
                m,
                chunkPresent,
                ctx,
                at,
                opts.sweepId ?? null,
                outcome,
                fingerprints,
                opts.incremental ? scope : undefined,
              );
            if (fingerprints.length >= 1000) await this.repo.recordEvaluations(fingerprints.splice(0), at, m);
          }
          await this.repo.recordEvaluations(fingerprints, at, m);
          await this.repo.recordContractorEvaluations(contractorRecords, at, m);
        } finally {
          await this.repo.markEvaluating(m, false);
        }
        outcome.employers = present.size;
      }
      if (opts.inTransaction) await opts.inTransaction(m, outcome);
      return outcome;
    });
  }

  /**
   * Forgets these employers' fingerprints, those written and those still pending (an employer listed in two chunks
   * that fails in the later one keeps none).
   */
  private async forget(ids: number[], fingerprints: FingerprintRow[], m: EntityManager): Promise<void> {
    if (!ids.length) return;
    const gone = new Set(ids);
    let kept = 0;
    for (const f of fingerprints) if (!gone.has(f.employerId)) fingerprints[kept++] = f;
    fingerprints.length = kept;
    await this.repo.forgetEvaluations(ids, m);
  }

  /**
   * Reads one chunk of locked employers, runs the rulebook on each and writes the differences with their cases;
   * adds what it found and wrote to `outcome`.
   */
  private async evaluateChunk(
    m: EntityManager,
    employerIds: number[],
    ctx: EvaluationContext,
    at: Date,
    sweepId: number | null,
    outcome: EvaluationOutcome,
    /** Where this chunk's fingerprints go (evaluate writes them once every chunk is done). */
    fingerprints: FingerprintRow[],
    /** An incremental sweep's scope: employers due by their next-change day alone judge their due workers only. */
    incremental?: IncrementalScope,
  ): Promise<void> {
    // The input revisions first, then the rows: the fingerprint recorded is never newer than what was judged.
    const {
      revs,
      contractorRevs,
      memos: recorded,
      workerDays: dayOnly,
    } = await this.repo.findFingerprints(employerIds, this.ruleset.key, ctx.asOf, m, incremental);
    const useMemo = this.config.env.EVALUATION_MEMO;
    const memos = useMemo ? recorded : new Map<number, EvaluationMemo>();
    const tz = this.config.env.BUSINESS_TZ;
    const fingerprintOf = (employerId: number) => ({
      employerId,
      inputRev: revs.get(employerId) ?? '0',
      contractorRev: contractorRevs.get(employerId) ?? '0',
      rulesetKey: this.ruleset.key,
      asOf: ctx.asOf,
    });

    // The memo first, without reading the rows (the steady sweep's common case): for each employer with a memo of
    // this ruleset and day, the server hashes its rows where they are (EvaluationReader.readDigests). One whose
    // digest is its memo's would find the same and write nothing: answered, never read. No digest is asked for a
    // first sweep or a new day (no memo to compare with), nor for an employer whose input revision moved since its
    // memo was recorded (the incremental sweep's employers: their rows almost always changed, and the digest would
    // only add a statement): those are read and judged, and one with nothing to write records its memo again. The
    // revision only chooses between the two reads; whichever runs, what is recorded is proved from the rows.
    const evaluated: number[] = [];
    const missed = new Map<number, string>(); // employer → its digest, for one whose memo it did not match
    let memoHits = 0;
    const candidates = employerIds.filter((id) => {
      const memo = memos.get(id);
      return (
        memo !== undefined &&
        memo.inputRev === (revs.get(id) ?? '0') &&
        memo.contractorRev === (contractorRevs.get(id) ?? '0')
      );
    });
    if (candidates.length) {
      const views = await this.reader.readDigests(m, candidates, tz);
      for (const id of candidates) {
        const view = views.get(id);
        if (!view || view.rows === null) continue;
        const digest = evaluationDigest(this.ruleset.key, ctx.asOf, view.side, view.rows);
        const memo = memos.get(id)!;
        if (memo.digest !== digest) {
          missed.set(id, digest);
          continue;
        }
        evaluated.push(id);
        outcome.findings += memo.findings;
        outcome.memoHits++;
        memoHits++;
        fingerprints.push({
          ...fingerprintOf(id),
          nextChangeOn: memo.nextChangeOn,
          contentDigest: digest,
          findings: memo.findings,
        });
      }
    }
    const answered = new Set(evaluated);
    const rest = employerIds.filter((id) => !answered.has(id));
    const batch = await this.reader.read(m, rest, tz);

    // The chunk's cases first, so each employer is planned as soon as it is evaluated and its findings can be
    // dropped at once when nothing changed: what stays alive is the plan, not every finding (far less
    // garbage-collector work). Read as arrays, each employer's together.
    const existing = rest.length ? await this.repo.findExistingCases(rest, m) : [];
    const casesOf = new Map<number, ExistingCaseTuple[]>();
    for (let i = 0; i < existing.length;) {
      const id = Number(existing[i]![2]);
      let j = i + 1;
      while (j < existing.length && Number(existing[j]![2]) === id) j++;
      casesOf.set(id, existing.slice(i, j));
      i = j;
    }

    const plan: ReconcilePlan = { open: [], update: [], reopen: [], resolve: [] };
    /** Evaluations with nothing to write and a certain next day: they record a memo once the chunk is written. */
    const quiet: { read: EmployerRead; fingerprint: FingerprintRow }[] = [];
    let failed = 0;
    let dueWorkersOnly = 0;
    let workersJudged = 0;
    let workersLeft = 0;
    for (const read of batch.reads) {
      const employerId = read.id;
      const caseRows = casesOf.get(employerId) ?? [];
      const input = read.input();
      const cases = caseRows.map(toExistingCase);
      // Due by its next-change day alone (an incremental sweep): only its workers whose own day has come, and the
      // employer-level rest (worker-days.ts). Anything the parts cannot judge is judged whole below.
      const days = dayOnly.get(employerId);
      const inputRev = revs.get(employerId) ?? '0';
      // Only a record of the inputs and rules this evaluation judges (its own header says which).
      const recorded = days ? decodeWorkerDays(days) : null;
      const recordedDays =
        recorded && recorded.inputRev === inputRev && recorded.rulesetKey === this.ruleset.key
          ? recorded.workers
          : null;
      let byParts: ReturnType<typeof judgeDueWorkers> | null = null;
      if (recordedDays) {
        try {
          byParts = judgeDueWorkers(input, recordedDays, cases, ctx);
        } catch {
          byParts = null; // the whole evaluation below reports what the rules cannot judge
        }
      }
      let own: ReconcilePlan;
      let nextChangeOn: string | null;
      let certain = true;
      let workerDays: Buffer | null;
      let findings: number;
      if (byParts) {
        own = byParts.plan;
        nextChangeOn = byParts.nextChangeOn;
        workerDays = encodeWorkerDays({ inputRev, rulesetKey: this.ruleset.key, workers: byParts.days });
        findings = byParts.findings;
        dueWorkersOnly++;
        workersJudged += byParts.judged;
        workersLeft += byParts.days.size - byParts.judged;
      } else {
        let found: Finding[];
        try {
          found = evaluateEmployer(input, ctx);
        } catch (e) {
          // One employer's bad data must not stop the sweep: it is listed as failed, its cases left as they were.
          this.logger.error(`employer ${employerId} could not be evaluated: ${(e as Error).message}`);
          outcome.failedEmployerIds.push(employerId);
          failed++;
          continue;
        }
        try {
          const whole = workerDaysOf(input, ctx, found);
          nextChangeOn = whole.nextChangeOn;
          workerDays = encodeWorkerDays({ inputRev, rulesetKey: this.ruleset.key, workers: whole.days });
        } catch (e) {
          // Never skip on a guess: without a day, tomorrow (and no memo, so the next evaluation runs the rules).
          this.logger.error(`employer ${employerId}: no next-change day: ${(e as Error).message}`);
          nextChangeOn = addDays(ctx.asOf, 1);
          certain = false;
          workerDays = null;
        }
        own = planReconciliation(cases, found);
        findings = found.length;
      }
      evaluated.push(employerId);
      outcome.findings += findings;
      const wrote = own.open.length || own.update.length || own.reopen.length || own.resolve.length;
      appendPlan(plan, own);
      const fingerprint: FingerprintRow = {
        ...fingerprintOf(employerId),
        nextChangeOn,
        contentDigest: null,
        findings,
        workerDays,
      };
      fingerprints.push(fingerprint);
      if (useMemo && !wrote && certain) quiet.push({ read, fingerprint });
    }

    const counts = await this.writer.write(
      m,
      plan,
      {
        employers: batch.employers,
        workerNames: batch.workerNames,
        resolveReason: resolveReason(batch.bpjsCovered),
      },
      evaluated,
      at,
      sweepId,
    );
    // The memos of the quiet evaluations: nothing of theirs was written, so their rows are as judged. The digest
    // of one whose memo missed is known; the others' rows are hashed now, in one statement.
    const unhashed = quiet.map((q) => q.read.id).filter((id) => !missed.has(id));
    const rowsDigests = unhashed.length ? await this.repo.findRowsDigests(unhashed, m) : new Map();
    for (const { read, fingerprint } of quiet) {
      const { side, complete } = read.side();
      if (!complete) continue; // a worker read by id, which the rows' digest does not cover
      const rows = rowsDigests.get(read.id);
      fingerprint.contentDigest =
        missed.get(read.id) ??
        (rows && !rows.unfilled && rows.digest !== null
          ? evaluationDigest(this.ruleset.key, ctx.asOf, side, rows.digest)
          : null);
    }
    const judged = new Set(evaluated);
    await this.forget(
      employerIds.filter((id) => !judged.has(id)),
      fingerprints,
      m,
    );
    if (this.metrics) {
      this.metrics.evaluations.inc({ outcome: 'memo' }, memoHits);
      this.metrics.evaluations.inc({ outcome: 'rules' }, evaluated.length - memoHits - dueWorkersOnly);
      if (dueWorkersOnly) {
        this.metrics.evaluations.inc({ outcome: 'workers' }, dueWorkersOnly);
        this.metrics.evaluationWorkers.inc({ part: 'judged' }, workersJudged);
        this.metrics.evaluationWorkers.inc({ part: 'left' }, workersLeft);
      }
      if (failed) this.metrics.evaluations.inc({ outcome: 'failed' }, failed);
    }
    outcome.workersJudged += workersJudged;
    outcome.workersLeft += workersLeft;
    outcome.opened += counts.opened;
    outcome.updated += counts.updated;
    outcome.reopened += counts.reopened;
    outcome.resolved += counts.resolved;
  }
  /**
   * Principals an incremental sweep judges on their contractors' contracts alone (EvaluationRepository
   * findContractorsOnly: nothing of their own moved, nor the ruleset, and no day of theirs came; only their
   * contractors' rows). The principal rule runs on those contracts as a whole evaluation runs it (the same read as
   * evaluateSliced's rest: the employer row and its contractors' contracts, no worker of its own), and is reconciled
   * against that rule's cases alone; the employer's other cases stay as a skip leaves them, which is what a whole
   * evaluation would find of them (their inputs are the ones last judged). Its next-change day is brought forward
   * to the principal rule's when that is earlier. An employer the rule cannot judge is listed as failed with its
   * fingerprint forgotten, so the next sweep judges it whole.
   */
  private async evaluateContractorsOnly(
    m: EntityManager,
    principals: ReadonlyMap<number, string>,
    ctx: EvaluationContext,
    at: Date,
    sweepId: number | null,
    outcome: EvaluationOutcome,
    records: ContractorRecord[],
  ): Promise<void> {
    const tz = this.config.env.BUSINESS_TZ;
    const ids = [...principals.keys()];
    const existing = await this.repo.findRuleCases(PRINCIPAL_LEVEL_RULES, ids, m);
    const casesOf = new Map<number, ExistingCaseTuple[]>();
    for (const c of existing) {
      const list = casesOf.get(Number(c[2]));
      if (list) list.push(c);
      else casesOf.set(Number(c[2]), [c]);
    }
    const failed: number[] = [];
    for (const [employerId, contractorRev] of principals) {
      const rest = await this.reader.read(m, [employerId], tz, { workers: [1, 0], contractors: true });
      const read = rest.reads[0];
      if (!read) continue;
      const { employer, contractorContracts } = read.input();
      let judged: ReturnType<typeof judgeContractorsOnly>;
      try {
        judged = judgeContractorsOnly(
          employer,
          contractorContracts,
          (casesOf.get(employerId) ?? []).map(toExistingCase),
          ctx,
        );
      } catch (e) {
        this.logger.error(`employer ${employerId} could not be evaluated: ${(e as Error).message}`);
        outcome.failedEmployerIds.push(employerId);
        failed.push(employerId);
        continue;
      }
      const { found, plan, nextChangeOn } = judged;
      // A case's worker name as a whole read gives it: the principal's own report of the worker (one it has a
      // contract with), else a contractor's (rest.workerNames holds the contractors').
      const named = [...plan.open, ...plan.update, ...plan.reopen].flatMap((p) => p.finding.nik ?? []);
      if (named.length) {
        const own = await this.repo.findOwnWorkerNames(employerId, [...new Set(named)], m);
        for (const [nik, name] of own) {
          const key = caseNameKey(employerId, nik);
          if (name) rest.workerNames.set(key, name);
        }
      }
      const counts = await this.writer.write(
        m,
        plan,
        {
          employers: rest.employers,
          workerNames: rest.workerNames,
          resolveReason: resolveReason(rest.bpjsCovered),
        },
        [employerId],
        at,
        sweepId,
      );
      records.push({ employerId, contractorRev, nextChangeOn });
      outcome.findings += found.length;
      outcome.opened += counts.opened;
      outcome.updated += counts.updated;
      outcome.reopened += counts.reopened;
      outcome.resolved += counts.resolved;
    }
    if (failed.length) await this.repo.forgetEvaluations(failed, m);
    if (this.metrics) {
      this.metrics.evaluations.inc({ outcome: 'contractors' }, principals.size - failed.length);
      if (failed.length) this.metrics.evaluations.inc({ outcome: 'failed' }, failed.length);
    }
  }

  /**
   * One employer too large to hold at once (more than SWEEP_SLICE_CONTRACTS contracts), in slices of its workers
   * (slice.plan.ts): each slice read, judged, reconciled against its part of the employer's cases and written before
   * the next is read; then the employer rules on the aggregate the slices counted and the principal rule, against
   * the rest of its cases. Under a savepoint: an employer the rules cannot judge leaves its cases as they were, as in
   * evaluateChunk. No content memo (its digest needs every row at once); the fingerprint and next-change day are
   * recorded as for any employer, so an incremental sweep still skips it on a night nothing moved.
   */
  private async evaluateSliced(
    m: EntityManager,
    employerId: number,
    ctx: EvaluationContext,
    at: Date,
    sweepId: number | null,
    outcome: EvaluationOutcome,
    fingerprints: FingerprintRow[],
  ): Promise<void> {
    const env = this.config.env;
    const { revs, contractorRevs } = await this.repo.findFingerprints(
      [employerId],
      this.ruleset.key,
      ctx.asOf,
      m,
    );
    const slices = cutSlices(
      await this.repo.findWorkerContractCounts(employerId, m),
      env.SWEEP_SLICE_CONTRACTS,
    );
    let findings = 0;
    let nextChangeOn: string | null = null;
    const counts: ReconcileCounts = { opened: 0, updated: 0, reopened: 0, resolved: 0 };
    const judge = <T>(run: () => T): T => {
      try {
        return run();
      } catch (e) {
        throw new EmployerEvaluationFailed((e as Error).message);
      }
    };
    const next = (input: EmployerEvaluationInput, found: readonly Finding[]) => {
      let day: string | null;
      try {
        day = nextStandingChange(input, ctx, found);
      } catch (e) {
        this.logger.error(`employer ${employerId}: no next-change day: ${(e as Error).message}`);
        day = addDays(ctx.asOf, 1);
      }
      nextChangeOn = earlierDay(nextChangeOn, day);
    };
    const write = async (sm: EntityManager, plan: ReconcilePlan, names: CaseNames) => {
      const c = await this.writer.write(sm, plan, names, [employerId], at, sweepId);
      counts.opened += c.opened;
      counts.updated += c.updated;
      counts.reopened += c.reopened;
      counts.resolved += c.resolved;
    };
    let judged: boolean;
    try {
      judged = await m.transaction(async (sm) => {
        // The rest's read first (the employer row; its contractors' contracts when it is a principal): the principal
        // rule does not depend on the slices, and the names its contractors gave their workers name cases.
        const rest = await this.reader.read(sm, [employerId], env.BUSINESS_TZ, {
          workers: [1, 0],
          contractors: true,
        });
        const restRead = rest.reads[0];
        if (!restRead) return false;
        const restInput = restRead.input();
        const { employer } = restInput;
        const principalFound = judge(() => evaluatePrincipal(employer, restInput.contractorContracts, ctx));
        next(restInput, principalFound);
        // A case's worker name, as a whole read gives it: the employer's own report of the worker, else (for a
        // worker its contractors report too) a contractor's (EvaluationReader.read's input()).
        const contractorNames = rest.workerNames;
        const ownNames = new Map<string, string | null | undefined>();
        const nameOf = (key: string, own: string | null | undefined): string | null =>
          contractorNames.has(key) ? own || (contractorNames.get(key) ?? null) : (own ?? null);

        const agg = emptyAggregate();
        for (const workers of slices) {
          const batch = await this.reader.read(sm, [employerId], env.BUSINESS_TZ, {
            workers,
            contractors: false,
          });
          const read = batch.reads[0];
          if (!read) continue;
          const input = read.input();
          const found = judge(() => evaluateSliceWorkers(employer, input.workers, ctx, agg));
          next(input, found);
          findings += found.length;
          const niks = input.workers.map((w) => w.nik);
          const existing = await this.repo.findSliceCases(employerId, niks, WORKER_LEVEL_RULES, sm);
          for (const nik of niks) {
            const key = caseNameKey(employerId, nik);
            if (!contractorNames.has(key)) continue;
            const own = batch.workerNames.get(key);
            ownNames.set(key, own);
            batch.workerNames.set(key, nameOf(key, own));
          }
          await write(sm, planReconciliation(existing.map(toExistingCase), found), {
            employers: batch.employers,
            workerNames: batch.workerNames,
            resolveReason: resolveReason(batch.bpjsCovered),
          });
        }

        const restFound = [...judge(() => evaluateEmployerLevel(employer, agg, ctx)), ...principalFound];
        findings += restFound.length;
        const existing = await this.repo.findRestCases(
          employerId,
          WORKER_LEVEL_RULES,
          [...ACTIVE_STATUSES],
          sm,
        );
        const names = new Map<string, string | null>(contractorNames);
        for (const [key, own] of ownNames) names.set(key, nameOf(key, own));
        await write(sm, planReconciliation(existing.map(toExistingCase), restFound), {
          employers: rest.employers,
          workerNames: names,
          resolveReason: resolveReason(rest.bpjsCovered),
        });
        return true;
      });
    } catch (e) {
      if (!(e instanceof EmployerEvaluationFailed)) throw e;
      // The savepoint is rolled back: nothing of this employer was written.
      this.logger.error(`employer ${employerId} could not be evaluated: ${e.message}`);
      outcome.failedEmployerIds.push(employerId);
      await this.forget([employerId], fingerprints, m);
      this.metrics?.evaluations.inc({ outcome: 'failed' }, 1);
      return;
    }
    if (!judged) {
      await this.forget([employerId], fingerprints, m);
      return;
    }
    fingerprints.push({
      employerId,
      inputRev: revs.get(employerId) ?? '0',
      contractorRev: contractorRevs.get(employerId) ?? '0',
      rulesetKey: this.ruleset.key,
      asOf: ctx.asOf,
      nextChangeOn,
      contentDigest: null,
      findings,
    });
    this.metrics?.evaluations.inc({ outcome: 'rules' }, 1);
    outcome.findings += findings;
    outcome.opened += counts.opened;
    outcome.updated += counts.updated;
    outcome.reopened += counts.reopened;
    outcome.resolved += counts.resolved;
  }
}
