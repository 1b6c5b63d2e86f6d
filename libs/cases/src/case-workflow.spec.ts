import type { DataSource, EntityManager } from 'typeorm';
import { ProblemException } from '@patuh/core';
import type {
  CaseEventsRepository,
  CaseEventSink,
  CaseRow,
  CasesRepository,
  LockedCase,
  NewCaseEvent,
  WrittenCaseEvent,
} from '@patuh/persistence';
import type { CaseDetailService } from './case-detail.service';
import { CaseWorkflowService } from './case-workflow.service';

/**
 * The workflow's rules with its repositories replaced by in-memory ones: the state machine, who may dismiss, the
 * optimistic version, and that exactly one event is written and handed to the sink per change.
 */
describe('CaseWorkflowService (repositories replaced)', () => {
  const manager = {} as EntityManager;
  let row: LockedCase;
  let appended: NewCaseEvent[];
  let sunk: WrittenCaseEvent[];
  let updates: { set: string; params: unknown[] }[];
  let service: CaseWorkflowService;

  beforeEach(() => {
    row = { id: 7, status: 'open', version: 3, employer_id: 11, severity: 'high', assignee_id: null };
    appended = [];
    sunk = [];
    updates = [];
    const db = {
      transaction: (fn: (m: EntityManager) => Promise<unknown>) => fn(manager),
    } as unknown as DataSource;
    const caseRows = {
      lock: (id: number) => Promise.resolve(id === row.id ? { ...row } : undefined),
      updateVersioned: (c: LockedCase, set: string, params: unknown[]) => {
        if (c.version !== row.version) return Promise.resolve(false);
        updates.push({ set, params });
        row = { ...row, version: row.version + 1 };
        return Promise.resolve(true);
      },
      findUser: (id: number) => Promise.resolve(id === 5 ? { id: 5, name: 'Ani', active: 1 } : undefined),
    } as unknown as CasesRepository;
    const caseEvents = {
      append: (e: NewCaseEvent) => {
        appended.push(e);
        return Promise.resolve(100 + appended.length);
      },
    } as unknown as CaseEventsRepository;
    const details = {
      getRow: () => Promise.resolve({ id: row.id, evidence: '{}', status: row.status } as unknown as CaseRow),
    } as unknown as CaseDetailService;
    const sink: CaseEventSink = {
      onCaseEvents: (_m, events) => {
        sunk.push(...events);
        return Promise.resolve();
      },
    };
    service = new CaseWorkflowService(db, details, caseRows, caseEvents, sink);
  });

  const problem = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: unknown) => (e instanceof ProblemException ? e.getStatus() : e),
    );

  it('moves along the state machine, writing one event with the actor and handing it to the sink', async () => {
    await service.transition(7, 'in_review', ' seen ', { userId: 2, role: 'inspector' }, 3);
    expect(updates).toEqual([{ set: 'status = ?', params: ['in_review'] }]);
    expect(appended).toEqual([
      expect.objectContaining({
        caseId: 7,
        type: 'transition',
        from: 'open',
        to: 'in_review',
        actorUserId: 2,
        note: 'seen',
      }),
    ]);
    expect(sunk).toEqual([
      {
        caseId: 7,
        type: 'transition',
        eventId: 101,
        employerId: 11,
        severity: 'high',
        toStatus: 'in_review',
      },
    ]);
  });

  it('refuses a move the state machine does not allow (409), writing nothing', async () => {
    expect(await problem(service.transition(7, 'notice_sent', undefined, { userId: 2, role: 'admin' }))).toBe(
      409,
    );
    expect([updates, appended, sunk]).toEqual([[], [], []]);
  });

  it('lets only a supervisor or an admin dismiss, and only with a reason', async () => {
    expect(await problem(service.transition(7, 'dismissed', 'x', { userId: 2, role: 'inspector' }))).toBe(
      403,
    );
    expect(await problem(service.transition(7, 'dismissed', '  ', { userId: 3, role: 'supervisor' }))).toBe(
      400,
    );
    await service.transition(7, 'dismissed', 'duplikat', { userId: 3, role: 'supervisor' });
    expect(updates[0]!.set).toContain("resolution = 'dismissed'");
    expect(appended[0]!.data).toEqual({ resolution: 'dismissed' });
  });

  it('refuses a stale version (409) before changing anything', async () => {
    expect(await problem(service.note(7, 'catatan', { userId: 2, role: 'inspector' }, 2))).toBe(409);
    expect([updates, appended]).toEqual([[], []]);
    await service.note(7, 'catatan', { userId: 2, role: 'inspector' }, 3);
    expect(appended.map((e) => [e.type, e.note])).toEqual([['note', 'catatan']]);
  });

  it('assigns an active user once; assigning the same again records nothing; an unknown user is a 400', async () => {
    expect(await problem(service.assign(7, 9, { userId: 3, role: 'supervisor' }))).toBe(400);
    await service.assign(7, 5, { userId: 3, role: 'supervisor' });
    row = { ...row, assignee_id: 5 };
    await service.assign(7, 5, { userId: 3, role: 'supervisor' });
    expect(appended.map((e) => [e.type, e.data])).toEqual([
      ['assigned', { assigneeId: { from: null, to: 5 } }],
    ]);
  });

  it('a closed case cannot be assigned (409); an unknown case is a 404', async () => {
    row = { ...row, status: 'resolved' };
    expect(await problem(service.assign(7, 5, { userId: 3, role: 'supervisor' }))).toBe(409);
    expect(await problem(service.note(8, 'x', { userId: 3, role: 'supervisor' }))).toBe(404);
  });
});
