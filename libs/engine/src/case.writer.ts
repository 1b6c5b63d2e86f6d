import { Inject, Injectable, Optional } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import {
  CASE_EVENT_SINK,
  CaseEventsRepository,
  type CaseEventSink,
  CasesRepository,
  type CaseUpsertMode,
  SEVERITY_RANK,
  type WrittenCaseEvent,
} from '@patuh/persistence';
import { RULEBOOK_VERSION } from '@patuh/rules';
import { caseKey, ExistingCase, PlannedFinding, ReconcilePlan, resolutionOf } from './reconcile.plan';

// The case-event sink and its types live in @patuh/persistence (case-events.repository); re-exported for callers.
export { CASE_EVENT_SINK, type CaseEventSink, type WrittenCaseEvent } from '@patuh/persistence';

/** The key of CaseNames.workerNames: a worker's name is the one the case's employer reported. */
export const caseNameKey = (employerId: number | string, nik: string): string => `${employerId} ${nik}`;

/**
 * What the batch read about its employers (name, district) and workers (the name each employer reported, by
 * caseNameKey(employer, NIK)), written onto cases.
 */
export interface CaseNames {
  employers: Map<number, { name: string; district: string | null }>;
  workerNames: Map<string, string | null>;
  /** Why a case resolved as condition_cleared, where the engine knows more than "the condition cleared". */
  resolveReason?: (c: ExistingCase) => string | null;
}

export interface ReconcileCounts {
  opened: number;
  updated: number;
  reopened: number;
  resolved: number;
}

function chunks<T>(rows: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Writes a reconciliation plan in a handful of multi-row statements inside the caller's transaction. */
@Injectable()
export class CaseWriter {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cases: CasesRepository,
    private readonly caseEvents: CaseEventsRepository,
    @Optional() @Inject(CASE_EVENT_SINK) private readonly sink?: CaseEventSink,
  ) {}

  private dueAt(severity: string, at: Date): Date {
    const sla = this.config.env.CASE_SLA_DAYS as Record<string, number>;
    const days = sla[severity] ?? 30;
    return new Date(at.getTime() + days * 86_400_000);
  }

  private row(p: PlannedFinding, names: CaseNames, at: Date): unknown[] {
    const f = p.finding;
    const employer = names.employers.get(p.employerId);
    const district = employer?.district ?? null;
    const ev = f.evidence as { estimatedUnpaidContributions?: unknown; compensationAtStake?: unknown };
    const stake = ev.estimatedUnpaidContributions ?? ev.compensationAtStake;
    return [
      f.rule,
      p.employerId,
      f.subjectKey,
      f.nik,
      employer?.name ?? '', // '' or null: the insert trigger looks the name up
      f.nik === null ? null : (names.workerNames.get(caseNameKey(p.employerId, f.nik)) ?? null),
      f.chainStart ?? null,
      district,
      f.severity,
      SEVERITY_RANK[f.severity],
      'open',
      f.summary.en.slice(0, 600),
      f.summary.id.slice(0, 600),
      p.evidenceJson,
      p.hash,
      f.legalBasis.slice(0, 300),
      f.rulebookVersion,
      typeof stake === 'number' && stake > 0 ? Math.round(stake) : 0,
      at,
      at,
      this.dueAt(f.severity, at),
      at,
    ];
  }

  /** Inserts (or upserts) planned findings as cases; returns the first new id (ids are read back by it). */
  private upsert(
    m: EntityManager,
    planned: PlannedFinding[],
    names: CaseNames,
    at: Date,
    mode: CaseUpsertMode,
  ): Promise<number | null> {
    return this.cases.upsertFromEngine(planned, (p) => this.row(p, names, at), mode, m);
  }

  async write(
    m: EntityManager,
    plan: ReconcilePlan,
    names: CaseNames,
    employerIds: number[],
    at: Date,
    sweepId: number | null,
  ): Promise<ReconcileCounts> {
    const events: {
      caseId: number;
      type: WrittenCaseEvent['type'];
      from: string | null;
      to: string | null;
      data: unknown;
      employerId: number;
      severity: string;
    }[] = [];

    if (plan.open.length) {
      const firstId = await this.upsert(m, plan.open, names, at, 'insert');
      // Our transaction holds these employers' locks, so the only new cases for them are ours.
      const created = await this.cases.findCreated(employerIds, firstId, m);
      const ids = new Map(created.map((c) => [caseKey(c.rule, c.employer_id, c.subject_key), c.id]));
      for (const p of plan.open) {
        events.push({
          caseId: ids.get(p.key)!,
          type: 'detected',
          from: null,
          to: 'open',
          data: { severity: p.finding.severity, rulebookVersion: p.finding.rulebookVersion },
          employerId: p.employerId,
          severity: p.finding.severity,
        });
      }
    }

    if (plan.update.length) {
      await this.upsert(m, plan.update, names, at, 'update');
      for (const p of plan.update) {
        if (p.previousSeverity === p.finding.severity) continue;
        events.push({
          caseId: p.caseId,
          type: 'updated',
          from: null,
          to: null,
          data: { severity: { from: p.previousSeverity, to: p.finding.severity } },
          employerId: p.employerId,
          severity: p.finding.severity,
        });
      }
    }

    if (plan.reopen.length) {
      await this.upsert(m, plan.reopen, names, at, 'reopen');
      for (const p of plan.reopen)
        events.push({
          caseId: p.caseId,
          type: 'reopened',
          from: 'resolved',
          to: 'open',
          data: { severity: p.finding.severity },
          employerId: p.employerId,
          severity: p.finding.severity,
        });
    }

    if (plan.resolve.length) {
      // Which rulebook last detected each case: read by primary key for the few cases being resolved only (the
      // steady sweep's read of every case stays on its covering index).
      for (const part of chunks(plan.resolve, 1000)) {
        const versions = await this.cases.findRulebookVersions(
          part.map((c: ExistingCase) => c.id),
          m,
        );
        const byResolution = new Map<string, ExistingCase[]>();
        for (const c of part) {
          const resolution = resolutionOf(versions.get(Number(c.id)), RULEBOOK_VERSION);
          const list = byResolution.get(resolution);
          if (list) list.push(c);
          else byResolution.set(resolution, [c]);
          const from = versions.get(Number(c.id)) ?? null;
          events.push({
            caseId: c.id,
            type: 'resolved',
            from: c.status,
            to: 'resolved',
            data:
              resolution === 'rule_changed'
                ? {
                    resolution,
                    fromRulebookVersion: from,
                    toRulebookVersion: RULEBOOK_VERSION,
                    reason: `rulebook ${RULEBOOK_VERSION} no longer raises this case (last detected under ${from}) / rulebook ${RULEBOOK_VERSION} tidak lagi memunculkan kasus ini (terakhir terdeteksi dengan ${from})`,
                  }
                : names.resolveReason?.(c)
                  ? { resolution, reason: names.resolveReason(c) }
                  : { resolution },
            employerId: c.employerId,
            severity: '',
          });
        }
        for (const [resolution, cases] of byResolution)
          await this.cases.resolveMany(
            cases.map((c) => c.id),
            resolution,
            at,
            m,
          );
      }
    }

    const written: WrittenCaseEvent[] = (await this.caseEvents.appendMany(events, at, sweepId, m)).map(
      ({ event: e, eventId }) => ({
        caseId: e.caseId,
        type: e.type,
        eventId,
        employerId: e.employerId,
        severity: e.severity,
      }),
    );
    if (this.sink && written.length) await this.sink.onCaseEvents(m, written, at);

    return {
      opened: plan.open.length,
      updated: plan.update.length,
      reopened: plan.reopen.length,
      resolved: plan.resolve.length,
    };
  }
}
