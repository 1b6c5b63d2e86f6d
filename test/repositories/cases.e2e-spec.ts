import { DataSource, EntityManager } from 'typeorm';
import {
  CASE_COLUMNS,
  CaseEventsRepository,
  CasesRepository,
  type CaseUpsertMode,
  isDuplicateKey,
  SEVERITY_RANK,
} from '@patuh/persistence';
import { Seed } from '../support/seed';
import { TestStack } from '../support/stack';

/** CasesRepository and CaseEventsRepository against the real database: each query's behaviour, the locks too. */
describe('CasesRepository and CaseEventsRepository (real MySQL)', () => {
  const stack = new TestStack('repo_cases');
  let ds: DataSource;
  let cases: CasesRepository;
  let events: CaseEventsRepository;
  let seed: Seed;
  let employerA: number;
  let employerB: number;

  interface NewCase {
    rule?: string;
    employerId: number;
    subjectKey: string;
    nik?: string | null;
    severity?: 'low' | 'medium' | 'high' | 'critical';
    at?: Date;
    due?: Date;
    district?: string | null;
    rulebookVersion?: string;
  }
  const values = (c: NewCase): unknown[] => {
    const at = c.at ?? new Date('2026-11-01T00:00:00Z');
    const severity = c.severity ?? 'high';
    const row: Record<(typeof CASE_COLUMNS)[number], unknown> = {
      rule: c.rule ?? 'ENROLMENT_MISSING',
      employer_id: c.employerId,
      subject_key: c.subjectKey,
      worker_nik: c.nik ?? null,
      employer_name: '',
      worker_name: null,
      chain_start: null,
      district: c.district === undefined ? 'Sangatta Utara' : c.district,
      severity,
      severity_rank: SEVERITY_RANK[severity],
      status: 'open',
      summary: 'summary',
      summary_id: 'ringkasan',
      evidence: '{"a":1}',
      evidence_hash: 'h'.repeat(40),
      legal_basis: 'PP 44/2015',
      rulebook_version: c.rulebookVersion ?? '2.0.0',
      amount_at_stake: 0,
      first_detected_at: at,
      last_detected_at: at,
      due_at: c.due ?? new Date(at.getTime() + 30 * 86_400_000),
      updated_at: at,
    };
    return CASE_COLUMNS.map((k) => row[k]);
  };
  const upsert = (rows: NewCase[], mode: CaseUpsertMode = 'insert') =>
    ds.transaction((m) => cases.upsertFromEngine(rows, values, mode, m));
  const insertOne = async (c: NewCase): Promise<number> => {
    const first = await upsert([c]);
    return Number(first);
  };

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    cases = new CasesRepository(ds);
    events = new CaseEventsRepository(ds);
    seed = new Seed(ds);
    employerA = await seed.employer({ name: 'PT Alfa' });
    employerB = await seed.employer({ name: 'PT Beta', district: 'Bengalon' });
  });
  afterAll(() => stack.teardown());

  it('upsertFromEngine inserts in one statement, returns the first id, and findCreated reads the new ids back', async () => {
    const first = await upsert([
      { employerId: employerA, subjectKey: 'ins-1' },
      { employerId: employerA, subjectKey: 'ins-2' },
    ]);
    expect(first).toBeGreaterThan(0);
    const created = await ds.transaction((m) => cases.findCreated([employerA], first, m));
    expect(created.map((c) => c.subject_key).sort()).toEqual(['ins-1', 'ins-2']);
    expect(Math.min(...created.map((c) => c.id))).toBe(first);
    // The insert trigger filled the employer's name in.
    expect((await cases.findRow(first!))!.employer_name).toBe('PT Alfa');
  });

  it("upsert 'update' changes the figures and bumps the version; 'reopen' reopens a resolved case", async () => {
    const id = await insertOne({ employerId: employerA, subjectKey: 'up-1', severity: 'low' });
    await upsert([{ employerId: employerA, subjectKey: 'up-1', severity: 'critical' }], 'update');
    let row = (await cases.findRow(id))!;
    expect([row.severity, row.severity_rank, row.version, row.status]).toEqual(['critical', 1, 2, 'open']);

    await ds.transaction((m) => cases.resolveMany([id], 'condition_cleared', new Date(), m));
    row = (await cases.findRow(id))!;
    expect([row.status, row.resolution, row.version]).toEqual(['resolved', 'condition_cleared', 3]);
    expect(row.resolved_at).not.toBeNull();

    await upsert([{ employerId: employerA, subjectKey: 'up-1', severity: 'medium' }], 'reopen');
    row = (await cases.findRow(id))!;
    expect([row.status, row.resolution, row.resolved_at, row.severity, row.version]).toEqual([
      'open',
      null,
      null,
      'medium',
      4,
    ]);
  });

  it("upsert 'insert' of an existing identity is a duplicate key", async () => {
    await insertOne({ employerId: employerA, subjectKey: 'dup-1' });
    const err = await upsert([{ employerId: employerA, subjectKey: 'dup-1' }]).catch((e: unknown) => e);
    expect(isDuplicateKey(err)).toBe(true);
  });

  it('findRulebookVersions reads by primary key', async () => {
    const id = await insertOne({ employerId: employerA, subjectKey: 'rb-1', rulebookVersion: '1.0.0' });
    const versions = await ds.transaction((m) => cases.findRulebookVersions([id, 999_999], m));
    expect([...versions]).toEqual([[id, '1.0.0']]);
  });

  describe('the queue', () => {
    let ids: { crit: number; lowOld: number; lowNew: number; otherEmployer: number };
    const scope = { rule: ['QUEUE_RULE'] };
    beforeAll(async () => {
      const t = (d: string) => new Date(`2026-10-${d}T00:00:00Z`);
      const q = (subjectKey: string, severity: 'low' | 'critical', at: Date, employerId = employerA) =>
        insertOne({ rule: 'QUEUE_RULE', employerId, subjectKey, severity, at, nik: '6401010101900001' });
      ids = {
        lowNew: await q('q-low-new', 'low', t('20')),
        crit: await q('q-crit', 'critical', t('25')),
        lowOld: await q('q-low-old', 'low', t('01')),
        otherEmployer: await q('q-other', 'low', t('10'), employerB),
      };
    });

    it('lists most severe first, then oldest, and pages on from a key', async () => {
      const all = await cases.listQueue(scope, null, 10);
      expect(all.map((r) => r.id)).toEqual([ids.crit, ids.lowOld, ids.otherEmployer, ids.lowNew]);
      const second = all[1]!;
      const after = await cases.listQueue(
        scope,
        [second.severity_rank, second.first_detected_at, second.id],
        10,
      );
      expect(after.map((r) => r.id)).toEqual([ids.otherEmployer, ids.lowNew]);
      expect((await cases.listQueue(scope, null, 2)).map((r) => r.id)).toEqual([ids.crit, ids.lowOld]);
    });

    it('filters by employer, district, severity and status', async () => {
      expect((await cases.listQueue({ ...scope, employerId: employerB }, null, 10)).map((r) => r.id)).toEqual(
        [ids.otherEmployer],
      );
      expect(
        (await cases.listQueue({ ...scope, district: ['Bengalon'] }, null, 10)).map((r) => r.id),
      ).toEqual([]); // the district is the case's own (here Sangatta Utara for all)
      expect(
        (await cases.listQueue({ ...scope, severity: ['critical'] }, null, 10)).map((r) => r.id),
      ).toEqual([ids.crit]);
      expect(await cases.listQueue({ ...scope, status: ['resolved', 'dismissed'] }, null, 10)).toEqual([]);
    });

    it('counts by status with every status present, ignoring the status filter', async () => {
      const counts = await cases.countByStatus({ ...scope, status: ['resolved'] });
      expect(counts).toEqual({
        total: 4,
        open: 4,
        in_review: 0,
        confirmed: 0,
        notice_sent: 0,
        resolved: 0,
        dismissed: 0,
      });
    });

    it("reads a worker's cases, and the others of one case (scoped to an employer when asked)", async () => {
      const nik = '6401010101900001';
      expect((await cases.listByWorker(nik, 2)).map((r) => r.id)).toEqual([ids.crit, ids.lowOld]);
      const others = await cases.listOthersOfWorker(nik, ids.crit);
      expect(others.map((o) => o.id)).toEqual([ids.lowOld, ids.otherEmployer, ids.lowNew]);
      expect(others[1]).toEqual(expect.objectContaining({ employerId: employerB, employerName: 'PT Beta' }));
      expect((await cases.listOthersOfWorker(nik, ids.crit, employerB)).map((o) => o.id)).toEqual([
        ids.otherEmployer,
      ]);
    });

    it('findRow scoped to another employer finds nothing; findRows reads by ids', async () => {
      expect(await cases.findRow(ids.crit, employerB)).toBeUndefined();
      expect((await cases.findRow(ids.crit, employerA))!.id).toBe(ids.crit);
      expect((await cases.findRows([ids.crit, ids.lowNew])).map((r) => r.id).sort()).toEqual(
        [ids.crit, ids.lowNew].sort(),
      );
      expect(await cases.findRows([])).toEqual([]);
    });
  });

  describe("the workflow's lock and versioned update", () => {
    it('updateVersioned changes the row at the version read, and refuses a stale version', async () => {
      const id = await insertOne({ employerId: employerA, subjectKey: 'ver-1' });
      await ds.transaction(async (m) => {
        const c = (await cases.lock(id, m))!;
        expect(c).toEqual(expect.objectContaining({ id, status: 'open', version: 1, assignee_id: null }));
        expect(await cases.updateVersioned(c, 'status = ?', ['in_review'], new Date(), m)).toBe(true);
        expect(await cases.updateVersioned(c, 'status = ?', ['confirmed'], new Date(), m)).toBe(false);
      });
      const row = (await cases.findRow(id))!;
      expect([row.status, row.version]).toEqual(['in_review', 2]);
      expect(await ds.transaction((m) => cases.lock(999_999, m))).toBeUndefined();
    });

    it('lock holds the row: a second lock waits until the first transaction ends', async () => {
      const id = await insertOne({ employerId: employerA, subjectKey: 'lock-1' });
      const order: string[] = [];
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let locked!: () => void;
      const firstLocked = new Promise<void>((r) => (locked = r));
      const first = ds.transaction(async (m: EntityManager) => {
        await cases.lock(id, m);
        order.push('first locked');
        locked();
        await held;
        order.push('first commits');
      });
      await firstLocked;
      const second = ds.transaction(async (m: EntityManager) => {
        await cases.lock(id, m);
        order.push('second locked');
      });
      await new Promise((r) => setTimeout(r, 300));
      order.push('released');
      release();
      await Promise.all([first, second]);
      expect(order).toEqual(['first locked', 'released', 'first commits', 'second locked']);
    });
  });

  describe('escalation', () => {
    it('claimOverdue never hands a case held by another transaction; markEscalated takes claimed cases out', async () => {
      const past = new Date('2026-01-01T00:00:00Z');
      const overdue: number[] = [];
      for (let i = 0; i < 4; i++)
        overdue.push(await insertOne({ employerId: employerB, subjectKey: `esc-${i}`, at: past, due: past }));
      const notDue = await insertOne({
        employerId: employerB,
        subjectKey: 'esc-later',
        at: past,
        due: new Date('2999-01-01T00:00:00Z'),
      });
      const now = new Date('2026-06-01T00:00:00Z');
      const mine = (ids: number[]) => ids.filter((id) => overdue.includes(id) || id === notDue);
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let claimed!: (ids: number[]) => void;
      const firstClaim = new Promise<number[]>((r) => (claimed = r));
      // The first checker claims two and stamps them, and holds its transaction open.
      const first = ds.transaction(async (m) => {
        const ids = (await cases.claimOverdue(now, 2, m)).map((c) => c.id);
        await cases.markEscalated(ids, now, m);
        claimed(ids);
        await held;
      });
      const a = mine(await firstClaim);
      // A second checker meanwhile does not wait and gets none of the held cases (SKIP LOCKED).
      const b = mine(
        await ds.transaction(async (m) => (await cases.claimOverdue(now, 10, m)).map((c) => c.id)),
      );
      release();
      await first;
      // After the first commits, what is left overdue and not escalated is claimed by the next checker.
      const c = mine(
        await ds.transaction(async (m) => {
          const ids = (await cases.claimOverdue(now, 10, m)).map((r) => r.id);
          await cases.markEscalated(ids, now, m);
          return ids;
        }),
      );
      expect(a).toHaveLength(2);
      expect(b.filter((id) => a.includes(id))).toEqual([]);
      expect(c.filter((id) => a.includes(id))).toEqual([]);
      expect([...new Set([...a, ...b, ...c])].sort((x, y) => x - y)).toEqual(overdue);
      expect([...a, ...b, ...c]).not.toContain(notDue);
      // Every overdue case is escalated now: nothing is claimed again.
      const again = await ds.transaction((m) => cases.claimOverdue(now, 100, m));
      expect(mine(again.map((r) => r.id))).toEqual([]);
    });
  });

  describe('case events', () => {
    it('append writes one event with its actor and note; listForCase reads the history with names', async () => {
      const id = await insertOne({ employerId: employerA, subjectKey: 'ev-1' });
      const user = await stack.createUser('inspector', 'ev-inspector@test.local');
      const at = new Date('2026-11-02T03:04:05.678Z');
      const eventId = await events.append({
        caseId: id,
        type: 'note',
        from: 'open',
        to: 'open',
        actorUserId: user.id,
        note: 'dicek',
        data: null,
        at,
      });
      const second = await events.append({
        caseId: id,
        type: 'assigned',
        from: 'open',
        to: 'open',
        actorUserId: null,
        note: null,
        data: { assigneeId: { from: null, to: user.id } },
        at,
      });
      expect(second).toBeGreaterThan(eventId);
      const history = await events.listForCase(id);
      expect(history.map((e) => [e.id, e.type, e.actorName, e.note])).toEqual([
        [eventId, 'note', 'Test inspector', 'dicek'],
        [second, 'assigned', null, null],
      ]);
      expect(history[0]!.data).toBeNull();
      expect(JSON.parse(history[1]!.data!)).toEqual({ assigneeId: { from: null, to: user.id } });
      expect(new Date(history[0]!.createdAt).toISOString()).toBe(at.toISOString());
    });

    it('appendMany writes system events in one statement and gives each its own id, in input order', async () => {
      const a = await insertOne({ employerId: employerA, subjectKey: 'evm-a' });
      const b = await insertOne({ employerId: employerA, subjectKey: 'evm-b' });
      const sweep = (await ds.query(
        `INSERT INTO sweeps (status, as_of, \`trigger\`, created_at) VALUES ('running', '2026-11-01', 'manual', NOW(3))`,
      )) as { insertId: number };
      const at = new Date('2026-11-03T00:00:00.000Z');
      const written = await ds.transaction((m) =>
        events.appendMany(
          [
            { caseId: b, type: 'detected', from: null, to: 'open', data: { severity: 'high' }, tag: 'B' },
            {
              caseId: a,
              type: 'resolved',
              from: 'open',
              to: 'resolved',
              data: { resolution: 'x' },
              tag: 'A',
            },
          ],
          at,
          Number(sweep.insertId),
          m,
        ),
      );
      expect(written.map((w) => w.event.tag)).toEqual(['B', 'A']);
      const rows = (await ds.query(
        'SELECT id, case_id, type, sweep_id, actor_user_id, data FROM case_events WHERE id IN (?) ORDER BY id',
        [written.map((w) => w.eventId)],
      )) as {
        id: number;
        case_id: number;
        type: string;
        sweep_id: number;
        actor_user_id: null;
        data: string;
      }[];
      expect(rows.map((r) => [r.id, r.case_id, r.type, r.sweep_id, r.actor_user_id])).toEqual([
        [written[0]!.eventId, b, 'detected', Number(sweep.insertId), null],
        [written[1]!.eventId, a, 'resolved', Number(sweep.insertId), null],
      ]);
      expect(JSON.parse(rows[1]!.data)).toEqual({ resolution: 'x' });
    });

    it('countTrend counts opened, resolved and reopened events by bucket and rule', async () => {
      const id = await insertOne({ rule: 'TREND_RULE', employerId: employerB, subjectKey: 'tr-1' });
      const start = new Date('2030-01-06T16:00:00.000Z');
      const end = new Date(start.getTime() + 14 * 86_400_000);
      const day = (d: number) => new Date(start.getTime() + d * 86_400_000);
      await ds.transaction(async (m) => {
        await events.appendMany(
          [{ caseId: id, type: 'detected', from: null, to: 'open', data: {} }],
          day(1),
          null,
          m,
        );
        await events.appendMany(
          [{ caseId: id, type: 'resolved', from: 'open', to: 'resolved', data: {} }],
          day(8),
          null,
          m,
        );
        await events.appendMany(
          [{ caseId: id, type: 'reopened', from: 'resolved', to: 'open', data: {} }],
          day(9),
          null,
          m,
        );
        await events.appendMany(
          [{ caseId: id, type: 'detected', from: null, to: 'open', data: {} }],
          day(20),
          null,
          m,
        );
      });
      const rows = await events.countTrend(start, end, [7 * 86_400]);
      const mine = rows
        .filter((r) => r.rule === 'TREND_RULE')
        .map((r) => [Number(r.w), Number(r.opened), Number(r.resolved), Number(r.reopened)])
        .sort((x, y) => x[0]! - y[0]!);
      expect(mine).toEqual([
        [0, 1, 0, 0],
        [1, 0, 1, 1],
      ]);
    });

    it("findNoticeRow carries the day the notice was sent (the latest 'notice_sent' transition)", async () => {
      const id = await insertOne({ employerId: employerA, subjectKey: 'notice-1' });
      expect((await cases.findNoticeRow(id))!.noticed_at).toBeNull();
      const at = new Date('2026-11-05T01:00:00.000Z');
      await events.append({
        caseId: id,
        type: 'transition',
        from: 'confirmed',
        to: 'notice_sent',
        actorUserId: null,
        note: null,
        data: null,
        at,
      });
      const row = (await cases.findNoticeRow(id))!;
      expect(new Date(row.noticed_at!).toISOString()).toBe(at.toISOString());
      expect(row.employer_name).toBe('PT Alfa');
      expect(await cases.findNoticeRow(999_999)).toBeUndefined();
    });
  });
});
