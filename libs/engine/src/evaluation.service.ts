import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { MetricsService } from '@patuh/core';
import {
  type EvaluationMemo,
  EvaluationRepository,
  type ExistingCaseTuple,
  toExistingCase,
} from '@patuh/persistence';
import { addDays, EvaluationContext, evaluateEmployer, Finding, nextStandingChange } from '@patuh/rules';
import { chunkIds } from './batch.plan';
import { CaseWriter, ReconcileCounts } from './case.writer';
import { evaluationDigest } from './evaluation.memo';
import { EvaluationReader } from './evaluation.reader';
import { appendPlan, planReconciliation, ReconcilePlan } from './reconcile.plan';
import { RulesetService } from './ruleset';

/** The rules that only BPJS records raise (CONTRACT §9): without a load covering the NPP they cannot hold. */
const BPJS_ONLY_RULES: ReadonlySet<string> = new Set(['ENROLMENT_UNVERIFIED', 'CONTRIBUTION_ARREARS']);
const NO_BPJS_LOAD_REASON =
  "no BPJS records load covers the employer's NPP any more (the load was deleted, or the NPP changed) / " +
  'tidak ada lagi muatan data BPJS Ketenagakerjaan yang mencakup NPP pemberi kerja (muatan dihapus, atau NPP berubah)';

export interface EvaluationOutcome extends ReconcileCounts {
  employers: number;
  /** Of `employers`, how many the content memo answered without running the rules (evaluation.memo.ts). */
  memoHits: number;
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
      inTransaction?: (m: EntityManager, outcome: EvaluationOutcome) => Promise<void>;
    } = {},
  ): Promise<EvaluationOutcome> {
    const ids = [...new Set(employerIds)].sort((a, b) => a - b);
    return this.db.transaction(async (m) => {
      const outcome: EvaluationOutcome = {
        employers: 0,
        memoHits: 0,
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
        try {
          // Chunk by chunk: what the worker holds at once is one chunk's rows and findings, whatever the batch.
          for (const chunk of chunkIds(employerIds, opts.chunks)) {
            const chunkPresent = [...new Set(chunk.filter((id) => present.has(id)))];
            if (!chunkPresent.length) continue;
            await this.evaluateChunk(m, chunkPresent, ctx, at, opts.sweepId ?? null, outcome);
          }
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
  ): Promise<void> {
    // The input revisions first, then the rows: the fingerprint recorded is never newer than what was judged.
    const { revs, memos: recorded } = await this.repo.findFingerprints(
      employerIds,
      this.ruleset.key,
      ctx.asOf,
      m,
    );
    const batch = await this.reader.read(m, employerIds, this.config.env.BUSINESS_TZ);

    // The chunk's cases first, so each employer is planned as soon as it is evaluated and its findings can be
    // dropped at once when nothing changed (the steady sweep's common case): what stays alive is the plan, not
    // every finding (far less garbage-collector work). Read as arrays, each employer's together.
    const existing = await this.repo.findExistingCases(employerIds, m);
    const casesOf = new Map<number, ExistingCaseTuple[]>();
    for (let i = 0; i < existing.length;) {
      const id = Number(existing[i]![2]);
      let j = i + 1;
      while (j < existing.length && Number(existing[j]![2]) === id) j++;
      casesOf.set(id, existing.slice(i, j));
      i = j;
    }

    const plan: ReconcilePlan = { open: [], update: [], reopen: [], resolve: [] };
    const evaluated: number[] = [];
    const fingerprints: Parameters<EvaluationRepository['recordEvaluations']>[0][number][] = [];
    const useMemo = this.config.env.EVALUATION_MEMO;
    let memoHits = 0;
    let failed = 0;
    const memos = useMemo ? recorded : new Map<number, EvaluationMemo>();
    for (const read of batch.reads) {
      const employerId = read.id;
      const caseRows = casesOf.get(employerId) ?? [];
      const fingerprint = {
        employerId,
        inputRev: revs.get(employerId) ?? '0',
        rulesetKey: this.ruleset.key,
        asOf: ctx.asOf,
      };
      const memo = memos.get(employerId);
      // The digest when there is a memo to compare with, else only once the plan is known to be empty (a first
      // sweep, or a new day, writes for most employers: no digest to serialise for them).
      const digestOf = () => evaluationDigest(this.ruleset.key, ctx.asOf, read.content(), caseRows);
      const digest = useMemo && memo ? digestOf() : null;
      if (memo && memo.digest === digest) {
        // The same content as an evaluation that found these findings and had nothing to write: the same again.
        evaluated.push(employerId);
        outcome.findings += memo.findings;
        outcome.memoHits++;
        memoHits++;
        fingerprints.push({
          ...fingerprint,
          nextChangeOn: memo.nextChangeOn,
          contentDigest: digest,
          findings: memo.findings,
        });
        continue;
      }
      const input = read.input();
      const cases = caseRows.map(toExistingCase);
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
      let nextChangeOn: string | null;
      let certain = true;
      try {
        nextChangeOn = nextStandingChange(input, ctx, found);
      } catch (e) {
        // Never skip on a guess: without a day, tomorrow (and no memo, so the next evaluation runs the rules).
        this.logger.error(`employer ${employerId}: no next-change day: ${(e as Error).message}`);
        nextChangeOn = addDays(ctx.asOf, 1);
        certain = false;
      }
      evaluated.push(employerId);
      outcome.findings += found.length;
      const own = planReconciliation(cases, found);
      const quiet = !own.open.length && !own.update.length && !own.reopen.length && !own.resolve.length;
      appendPlan(plan, own);
      fingerprints.push({
        ...fingerprint,
        nextChangeOn,
        contentDigest: useMemo && quiet && certain ? (digest ?? digestOf()) : null,
        findings: found.length,
      });
    }

    const counts = await this.writer.write(
      m,
      plan,
      {
        employers: batch.employers,
        workerNames: batch.workerNames,
        resolveReason: (c) =>
          BPJS_ONLY_RULES.has(c.rule) && !batch.bpjsCovered.has(Number(c.employerId))
            ? NO_BPJS_LOAD_REASON
            : null,
      },
      evaluated,
      at,
      sweepId,
    );
    await this.repo.recordEvaluations(fingerprints, at, m);
    const judged = new Set(evaluated);
    await this.repo.forgetEvaluations(
      employerIds.filter((id) => !judged.has(id)),
      m,
    );
    if (this.metrics) {
      this.metrics.evaluations.inc({ outcome: 'memo' }, memoHits);
      this.metrics.evaluations.inc({ outcome: 'rules' }, evaluated.length - memoHits);
      if (failed) this.metrics.evaluations.inc({ outcome: 'failed' }, failed);
    }
    outcome.opened += counts.opened;
    outcome.updated += counts.updated;
    outcome.reopened += counts.reopened;
    outcome.resolved += counts.resolved;
  }
}
