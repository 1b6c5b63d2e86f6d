import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { insertRows } from '../bulk';
import type { CaseEventType } from '../entities/case.entity';

/** A case event as written, handed to the CaseEventSink in the writing transaction. */
export interface WrittenCaseEvent {
  caseId: number;
  type: CaseEventType;
  eventId: number;
  employerId: number;
  severity: string;
  /** For transitions: the status moved to. */
  toStatus?: string | null;
}

/**
 * Called inside the transaction that wrote case events (the engine's reconciliation, the inspectors' workflow,
 * escalation), so whatever the sink writes (the alert outbox) commits or rolls back with them.
 */
export interface CaseEventSink {
  onCaseEvents(m: EntityManager, events: WrittenCaseEvent[], at: Date): Promise<void>;
}
export const CASE_EVENT_SINK = Symbol('CASE_EVENT_SINK');

/** One event by a person (the workflow): actor and note. */
export interface NewCaseEvent {
  caseId: number;
  type: CaseEventType;
  from: string | null;
  to: string | null;
  actorUserId: number | null;
  note: string | null;
  data: unknown;
  at: Date;
}

/** Events by the system (the engine, escalation): no actor, no note; all at one instant, maybe of a sweep. */
export interface SystemCaseEvent {
  caseId: number;
  type: CaseEventType;
  from: string | null;
  to: string | null;
  data: unknown;
}

/** A case's event with its actor's name (the detail's history). */
export interface CaseEventRow {
  id: number;
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  actorUserId: number | null;
  actorName: string | null;
  note: string | null;
  data: string | null;
  sweepId: number | null;
  createdAt: Date;
}

/** Opened / resolved / reopened counts of one bucket (`w`) and rule. */
export interface CaseEventTrendRow {
  w: number | string;
  rule: string;
  opened: string;
  resolved: string;
  reopened: string;
}

/** The one writer of case_events, and their reads. */
@Injectable()
export class CaseEventsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One event; returns its id. */
  async append(e: NewCaseEvent, m: EntityManager = this.db.manager): Promise<number> {
    const res = (await m.query(
      `INSERT INTO case_events (case_id, type, from_status, to_status, actor_user_id, note, data, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        e.caseId,
        e.type,
        e.from,
        e.to,
        e.actorUserId,
        e.note,
        e.data === null || e.data === undefined ? null : JSON.stringify(e.data),
        e.at,
      ],
    )) as { insertId: number };
    return Number(res.insertId);
  }

  /**
   * System events in multi-row prepared statements (the caller's EntityManager must be a transaction's); returns
   * each event with its id, in input order. At most one event per case per call.
   */
  async appendMany<E extends SystemCaseEvent>(
    events: readonly E[],
    at: Date,
    sweepId: number | null,
    m: EntityManager,
  ): Promise<{ event: E; eventId: number }[]> {
    const written: { event: E; eventId: number }[] = [];
    await insertRows(
      m,
      'case_events',
      ['case_id', 'type', 'from_status', 'to_status', 'actor_user_id', 'data', 'sweep_id', 'created_at'],
      events,
      (e) => [e.caseId, e.type, e.from, e.to, null, JSON.stringify(e.data), sweepId, at],
      {
        onChunk: async (part, res) => {
          // Multi-row inserts get consecutive ids within one statement under every innodb_autoinc_lock_mode
          // except 2 (interleaved); we read them back to be safe under any mode.
          const rows = (await m.query(
            `SELECT id, case_id FROM case_events
              WHERE id >= ? AND case_id IN (?) AND actor_user_id IS NULL AND created_at = ? ORDER BY id`,
            [Number(res.insertId), part.map((e) => e.caseId), at],
          )) as { id: number; case_id: number }[];
          const idByCase = new Map<number, number>();
          for (const r of rows) if (!idByCase.has(r.case_id)) idByCase.set(r.case_id, r.id);
          for (const e of part) written.push({ event: e, eventId: idByCase.get(e.caseId) ?? 0 });
        },
      },
    );
    return written;
  }

  /** A case's history, oldest first, with the actor's name. */
  async listForCase(caseId: number, m: EntityManager = this.db.manager): Promise<CaseEventRow[]> {
    return (await m.query(
      `SELECT ev.id, ev.type, ev.from_status AS fromStatus, ev.to_status AS toStatus, ev.actor_user_id AS actorUserId,
              u.name AS actorName, ev.note, ev.data, ev.sweep_id AS sweepId, ev.created_at AS createdAt
         FROM case_events ev LEFT JOIN users u ON u.id = ev.actor_user_id WHERE ev.case_id = ? ORDER BY ev.id`,
      [caseId],
    )) as CaseEventRow[];
  }

  /**
   * Opened / resolved / reopened events in [start, end), by rule and by bucket: bucket i starts at
   * start + boundsSeconds[i-1] (bucket 0 at start).
   */
  async countTrend(
    start: Date,
    end: Date,
    boundsSeconds: readonly number[],
    m: EntityManager = this.db.manager,
  ): Promise<CaseEventTrendRow[]> {
    const bucket = boundsSeconds.length
      ? `INTERVAL(TIMESTAMPDIFF(SECOND, ?, ev.created_at), ${boundsSeconds.map(() => '?').join(', ')})`
      : '0';
    return (await m.query(
      `SELECT ${bucket} AS w, c.rule,
              SUM(ev.type = 'detected') AS opened,
              SUM(ev.to_status = 'resolved') AS resolved,
              SUM(ev.type = 'reopened') AS reopened
         FROM case_events ev JOIN cases c ON c.id = ev.case_id
        WHERE ev.created_at >= ? AND ev.created_at < ?
          AND (ev.type IN ('detected', 'reopened') OR ev.to_status = 'resolved')
        GROUP BY w, c.rule`,
      [...(boundsSeconds.length ? [start, ...boundsSeconds] : []), start, end],
    )) as CaseEventTrendRow[];
  }
}
