import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { badRequest, notFound, ProblemException } from '@patuh/core';
import {
  CASE_EVENT_SINK,
  CaseEventsRepository,
  type CaseEventSink,
  CasesRepository,
  CaseStatus,
  CLOSED_STATUSES,
  hasRoleAtLeast,
  type LockedCase,
  OPEN_STATUSES,
  Role,
  type WrittenCaseEvent,
} from '@patuh/persistence';
import { CaseView, toCaseView as toView } from './case.view';
import { CaseDetailService } from './case-detail.service';

/**
 * CONTRACT §5's state machine, the only place it is written down in code:
 * open → in_review → confirmed → notice_sent → resolved; open | in_review → dismissed (reason required,
 * supervisor or admin). Anything else is a 409.
 */
export const CASE_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  open: ['in_review', 'dismissed'],
  in_review: ['confirmed', 'dismissed'],
  confirmed: ['notice_sent'],
  notice_sent: ['resolved'],
  resolved: [],
  dismissed: [],
};

/** Statuses in which a case still needs work, and closed ones (no more assignment): one list, in persistence. */
export { CLOSED_STATUSES, OPEN_STATUSES };

export interface Actor {
  userId: number;
  role: Role;
}

/** The least role allowed to make each move (dismissal: supervisor). */
const MOVE_ROLE: Partial<Record<CaseStatus, Role>> = { dismissed: 'supervisor' };

export const isAllowedMove = (from: string, to: string): boolean =>
  (CASE_TRANSITIONS[from as CaseStatus] ?? []).includes(to as CaseStatus);

const conflictProblem = (detail: string, current?: LockedCase) =>
  new ProblemException(
    409,
    'Conflict',
    current ? `${detail} (the case is now ${current.status}, version ${current.version})` : detail,
  );

/**
 * Every change a person makes to a case (assign, transition, note): one transaction that locks the case row,
 * checks the optimistic version (when given) and the move, updates the case with `WHERE id = ? AND version = ?`
 * (bumping the version), appends the case event with the actor and the time, and hands the event to the
 * CASE_EVENT_SINK (the alert outbox) in the same transaction.
 */
@Injectable()
export class CaseWorkflowService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cases: CaseDetailService,
    private readonly caseRows: CasesRepository,
    private readonly caseEvents: CaseEventsRepository,
    @Optional() @Inject(CASE_EVENT_SINK) private readonly sink?: CaseEventSink,
  ) {}

  async assign(id: number, assigneeId: number | null, actor: Actor, version?: number): Promise<CaseView> {
    if (assigneeId !== null) {
      const user = await this.caseRows.findUser(assigneeId);
      if (!user || !user.active)
        throw badRequest('Unknown assignee', [
          { path: 'assigneeId', message: `no active user with id ${assigneeId}` },
        ]);
    }
    await this.change(
      id,
      version,
      async (m, c, at) => {
        if (CLOSED_STATUSES.includes(c.status))
          throw conflictProblem(`A ${c.status} case cannot be assigned`, c);
        if (c.assignee_id === assigneeId) return null; // nothing changes, nothing is recorded
        await this.update(m, c, 'assignee_id = ?', [assigneeId], at);
        return {
          type: 'assigned',
          from: c.status,
          to: c.status,
          note: null,
          data: { assigneeId: { from: c.assignee_id, to: assigneeId } },
        };
      },
      actor,
    );
    return toView(await this.cases.getRow(id));
  }

  async transition(
    id: number,
    to: CaseStatus,
    note: string | undefined,
    actor: Actor,
    version?: number,
  ): Promise<CaseView> {
    const least = MOVE_ROLE[to];
    if (least && !hasRoleAtLeast(actor.role, least))
      throw new ProblemException(403, 'Forbidden', `Only a ${least} or an admin may move a case to ${to}`);
    const reason = note?.trim() || null;
    if (to === 'dismissed' && !reason)
      throw badRequest('A dismissal needs a reason', [
        { path: 'note', message: 'note (the reason for dismissal) is required when to is dismissed' },
      ]);
    await this.change(
      id,
      version,
      async (m, c, at) => {
        if (!isAllowedMove(c.status, to))
          throw conflictProblem(
            `A case cannot move from ${c.status} to ${to}; allowed from ${c.status}: ${
              CASE_TRANSITIONS[c.status].join(', ') || 'none (closed)'
            }`,
            c,
          );
        const data: Record<string, unknown> = {};
        if (to === 'resolved') {
          await this.update(
            m,
            c,
            "status = ?, resolved_at = ?, resolution = 'resolved_by_inspector'",
            [to, at],
            at,
          );
          data.resolution = 'resolved_by_inspector';
        } else if (to === 'dismissed') {
          await this.update(m, c, "status = ?, resolved_at = ?, resolution = 'dismissed'", [to, at], at);
          data.resolution = 'dismissed';
        } else {
          await this.update(m, c, 'status = ?', [to], at);
        }
        return {
          type: 'transition',
          from: c.status,
          to,
          note: reason,
          data: Object.keys(data).length ? data : null,
        };
      },
      actor,
    );
    return toView(await this.cases.getRow(id));
  }

  async note(id: number, text: string, actor: Actor, version?: number): Promise<CaseView> {
    const body = text.trim();
    if (!body) throw badRequest('The note is empty', [{ path: 'text', message: 'text must not be empty' }]);
    await this.change(
      id,
      version,
      async (m, c, at) => {
        await this.update(m, c, '', [], at);
        return { type: 'note', from: c.status, to: c.status, note: body, data: null };
      },
      actor,
    );
    return toView(await this.cases.getRow(id));
  }

  /** Bumps the version conditionally on the version read under the row lock: a lost update is impossible. */
  private async update(m: EntityManager, c: LockedCase, set: string, params: unknown[], at: Date) {
    if (!(await this.caseRows.updateVersioned(c, set, params, at, m)))
      throw conflictProblem('The case was changed by someone else; reload it');
  }

  private async change(
    id: number,
    version: number | undefined,
    apply: (
      m: EntityManager,
      c: LockedCase,
      at: Date,
    ) => Promise<{
      type: 'assigned' | 'transition' | 'note';
      from: string | null;
      to: string | null;
      note: string | null;
      data: Record<string, unknown> | null;
    } | null>,
    actor: Actor,
  ): Promise<void> {
    await this.db.transaction(async (m) => {
      const c = await this.caseRows.lock(id, m);
      if (!c) throw notFound('Case');
      if (version !== undefined && version !== c.version)
        throw conflictProblem(`Version ${version} is stale: the case was changed since you read it`, c);
      const at = new Date();
      const ev = await apply(m, c, at);
      if (!ev) return;
      const eventId = await this.caseEvents.append(
        {
          caseId: c.id,
          type: ev.type,
          from: ev.from,
          to: ev.to,
          actorUserId: actor.userId,
          note: ev.note,
          data: ev.data,
          at,
        },
        m,
      );
      if (this.sink) {
        const written: WrittenCaseEvent = {
          caseId: c.id,
          type: ev.type,
          eventId,
          employerId: c.employer_id,
          severity: c.severity,
          toStatus: ev.to,
        };
        await this.sink.onCaseEvents(m, [written], at);
      }
    });
  }
}
