import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, eventually, login, TestStack } from './support/stack';
import { Seed } from './support/seed';

import { execFileSync } from 'child_process';

/**
 * The PDF's text, read back with pdf-parse (v2). Run in a plain node process: pdf.js loads its worker with a
 * dynamic import, which jest's VM sandbox refuses without --experimental-vm-modules.
 */
function pdfText(pdf: Buffer): string {
  const script =
    "const { PDFParse } = require('pdf-parse'); const chunks = [];" +
    "process.stdin.on('data', (c) => chunks.push(c)).on('end', async () => {" +
    'const p = new PDFParse({ data: Buffer.concat(chunks) }); const r = await p.getText(); await p.destroy();' +
    'process.stdout.write(r.text); });';
  return execFileSync(process.execPath, ['-e', script], { input: pdf, cwd: __dirname, encoding: 'utf8' });
}

type Case = {
  id: number;
  status: string;
  version: number;
  rule: string;
  employerId: number;
  [k: string]: unknown;
};
const RANK: Record<string, number> = { critical: 1, high: 2, medium: 3, low: 4 };
const ALL = ['open', 'in_review', 'confirmed', 'notice_sent', 'resolved', 'dismissed'];
const ALLOWED: Record<string, string[]> = {
  open: ['in_review', 'dismissed'],
  in_review: ['confirmed', 'dismissed'],
  confirmed: ['notice_sent'],
  notice_sent: ['resolved'],
  resolved: [],
  dismissed: [],
};

describe('case review API (CONTRACT §5): queue, detail, workflow, audit trail, notice', () => {
  const stack = new TestStack('cases');
  let api: INestApplication;
  let ds: DataSource;
  let seed: Seed;
  const tok: Record<string, string> = {};
  const users: Record<string, number> = {};
  const ids: Record<string, number> = {};
  let employerKey: string;
  let otherKey: string;
  let subject = 0;

  const http = () => request(api.getHttpServer());
  /** A case row written directly (for list, pagination and every-status tests). */
  const insertCase = async (c: {
    employerId: number;
    status?: string;
    severity?: string;
    district?: string;
    rule?: string;
    nik?: string | null;
    at?: Date;
    amount?: number;
  }): Promise<number> => {
    const severity = c.severity ?? 'high';
    const at = c.at ?? new Date();
    const res = (await ds.query(
      `INSERT INTO cases (rule, employer_id, subject_key, worker_nik, district, severity, severity_rank, status, summary, summary_id,
         evidence, evidence_hash, legal_basis, rulebook_version, amount_at_stake, first_detected_at, last_detected_at, due_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'test case', 'kasus uji', '{"estimatedUnpaidContributions":1000}', ?, 'UU 24/2011 Art 15', '1', ?, ?, ?, ?, ?)`,
      [
        c.rule ?? 'ENROLMENT_MISSING',
        c.employerId,
        `s${++subject}|`,
        c.nik ?? null,
        c.district ?? 'Telen',
        severity,
        RANK[severity],
        c.status ?? 'open',
        '0'.repeat(40),
        c.amount ?? 1000,
        at,
        at,
        at,
        at,
      ],
    )) as { insertId: number };
    return Number(res.insertId);
  };
  const events = async (caseId: number) =>
    (await ds.query(
      'SELECT type, from_status AS fromStatus, to_status AS toStatus, actor_user_id AS actor, note, data FROM case_events WHERE case_id = ? ORDER BY id',
      [caseId],
    )) as {
      type: string;
      fromStatus: string | null;
      toStatus: string | null;
      actor: number | null;
      note: string | null;
      data: string | null;
    }[];
  const move = (id: number, to: string, who = 'inspector', extra: Record<string, unknown> = {}) =>
    http()
      .post(`/api/v1/cases/${id}/transition`)
      .set(bearer(tok[who]!))
      .send({ to, ...extra });

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    seed = new Seed(ds);
    for (const role of ['admin', 'supervisor', 'inspector'] as const) {
      const u = await stack.createUser(role);
      users[role] = u.id;
    }
    const other = await stack.createUser('inspector', 'inspector2@test.local');
    users.inspector2 = other.id;
    const gone = await stack.createUser('inspector', 'gone@test.local');
    users.gone = gone.id;
    await ds.query('UPDATE users SET active = 0 WHERE id = ?', [gone.id]);
    api = await stack.startApi();
    await stack.startWorker();
    for (const role of ['admin', 'supervisor', 'inspector'])
      tok[role] = await login(api, `${role}@test.local`, 'password-123');

    ids.A = await seed.employer({
      name: 'PT Tambang Uji Sangatta',
      scale: 'small',
      npp: null,
      district: 'Bengalon',
    });
    ids.w1 = await seed.worker('6408010101900001', 'Siti Rahmawati');
    await seed.contract({
      employerId: ids.A,
      workerId: ids.w1,
      ref: 'A-1',
      start: '2025-01-01',
      end: '2025-12-31',
    });
    ids.w3 = await seed.worker('6408010303900003', 'Budi Santoso');
    for (const [i, y] of [2022, 2023, 2024].entries())
      await seed.contract({
        employerId: ids.A,
        workerId: ids.w3,
        ref: `A-3-${i}`,
        start: `${y}-07-01`,
        end: `${y + 1}-06-30`,
      });
    await seed.enrolment({
      employerId: ids.A,
      workerId: ids.w3,
      programs: 'JKK,JKM,JHT',
      from: '2022-09-01',
    });
    ids.B = await seed.employer({
      name: 'CV Kebun Uji',
      scale: 'medium',
      npp: '24009999',
      district: 'Sangatta Utara',
    });
    await seed.processedReport(ids.B, new Date('2025-06-01T03:00:00Z'));
    ids.w4 = await seed.worker('6408014404900004', 'Dewi Lestari');
    await seed.contract({
      employerId: ids.B,
      workerId: ids.w4,
      ref: 'B-1',
      type: 'PKWTT',
      start: '2024-01-01',
      end: null,
    });
    await seed.enrolment({ employerId: ids.B, workerId: ids.w4, from: '2024-01-15' });

    const s = await http().post('/api/v1/sweeps').set(bearer(tok.supervisor!)).send({ asOf: '2025-06-30' });
    expect(s.status).toBe(202);
    await eventually(async () => {
      const r = await http().get(`/api/v1/sweeps/${s.body.id}`).set(bearer(tok.supervisor!));
      return r.body.status === 'completed' ? true : undefined;
    });
    const keyA = await http().post(`/api/v1/employers/${ids.A}/api-keys`).set(bearer(tok.admin!)).send({});
    employerKey = keyA.body.key;
    const keyB = await http().post(`/api/v1/employers/${ids.B}/api-keys`).set(bearer(tok.admin!)).send({});
    otherKey = keyB.body.key;
    ids.C = await seed.employer({ name: 'PT Queue Uji', district: 'Telen' });
  });
  afterAll(() => stack.teardown());

  const sweepCase = async (rule: string, employerId: number): Promise<Case> => {
    const r = await http()
      .get('/api/v1/cases')
      .query({ rule, employerId })
      .set(bearer(tok.inspector!))
      .expect(200);
    expect(r.body.items).toHaveLength(1);
    return r.body.items[0] as Case;
  };

  describe('GET /cases', () => {
    it('filters by every contract filter and orders most severe, then oldest', async () => {
      const all = (await http().get('/api/v1/cases').set(bearer(tok.inspector!)).expect(200)).body
        .items as Case[];
      const [{ n }] = (await ds.query('SELECT COUNT(*) AS n FROM cases')) as { n: string }[];
      expect(all.length).toBe(Number(n));
      expect(all.length).toBeGreaterThanOrEqual(5);
      const keys = all.map((c) => [RANK[c.severity as string], c.firstDetectedAt as string, c.id] as const);
      expect(keys).toEqual([...keys].sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]) || a[2] - b[2]));
      for (const c of all)
        for (const f of [
          'employerName',
          'workerName',
          'summary',
          'evidence',
          'legalBasis',
          'dueAt',
          'version',
        ])
          expect(c).toHaveProperty(f);
      const q = async (query: Record<string, unknown>) =>
        (
          (await http().get('/api/v1/cases').query(query).set(bearer(tok.inspector!)).expect(200)).body
            .items as Case[]
        ).map((c) => c.id);
      const expectIds = (pred: (c: Case) => boolean) => all.filter(pred).map((c) => c.id);
      expect(await q({ employerId: ids.A })).toEqual(expectIds((c) => c.employerId === ids.A));
      expect(await q({ district: 'Sangatta Utara' })).toEqual(
        expectIds((c) => c.district === 'Sangatta Utara'),
      );
      expect(await q({ nik: '6408010101900001' })).toEqual(
        expectIds((c) => c.workerNik === '6408010101900001'),
      );
      expect(await q({ rule: 'ENROLMENT_LATE,PKWT_SERIAL_RENEWAL' })).toEqual(
        expectIds((c) => ['ENROLMENT_LATE', 'PKWT_SERIAL_RENEWAL'].includes(c.rule)),
      );
      const sev = all[0]!.severity as string;
      expect(await q({ severity: sev })).toEqual(expectIds((c) => c.severity === sev));
      expect(await q({ status: 'open' })).toHaveLength(all.length);
      expect(await q({ status: 'dismissed' })).toEqual([]);
      expect(await q({ assigneeId: users.inspector })).toEqual([]);
      const bad = await http().get('/api/v1/cases').query({ status: 'nope' }).set(bearer(tok.inspector!));
      expect(bad.status).toBe(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
      expect(
        (await http().get('/api/v1/cases').query({ cursor: 'garbage' }).set(bearer(tok.inspector!))).status,
      ).toBe(400);
    });

    it('counts by status for the other filters on request', async () => {
      const r = await http()
        .get('/api/v1/cases')
        .query({ employerId: ids.A, status: 'in_review', counts: 'true' })
        .set(bearer(tok.inspector!))
        .expect(200);
      const [{ n }] = (await ds.query(
        `SELECT COUNT(*) AS n FROM cases WHERE employer_id = ? AND status = 'open'`,
        [ids.A],
      )) as {
        n: string;
      }[];
      expect(r.body.counts).toMatchObject({ open: Number(n), in_review: 0, dismissed: 0, total: Number(n) });
      const plain = await http().get('/api/v1/cases').set(bearer(tok.inspector!)).expect(200);
      expect(plain.body.counts).toBeUndefined();
    });

    it('pages with a keyset cursor: no duplicates and no gaps while cases change', async () => {
      const base = Date.parse('2024-01-01T00:00:00Z');
      const sevs = ['critical', 'high', 'medium', 'low'];
      const seeded: number[] = [];
      for (let i = 0; i < 60; i++)
        seeded.push(
          await insertCase({
            employerId: ids.C!,
            severity: sevs[i % 4],
            // several cases share a timestamp: the id breaks ties
            at: new Date(base + Math.floor(i / 3) * 3_600_000),
          }),
        );
      const seen: number[] = [];
      const leftFilter = new Set<number>();
      let cursor: string | undefined;
      let pages = 0;
      do {
        const r = await http()
          .get('/api/v1/cases')
          .query({ district: 'Telen', status: 'open', limit: 7, ...(cursor ? { cursor } : {}) })
          .set(bearer(tok.inspector!))
          .expect(200);
        seen.push(...(r.body.items as Case[]).map((c) => c.id));
        cursor = r.body.nextCursor ?? undefined;
        pages++;
        // Meanwhile: new cases arrive (every severity, detected now) and an inspector takes one from the queue.
        await insertCase({ employerId: ids.C!, severity: sevs[pages % 4] });
        const unseen = seeded.filter((id) => !seen.includes(id) && !leftFilter.has(id));
        if (unseen.length > 3 && pages % 2 === 0) {
          const taken = unseen[unseen.length - 1]!;
          await move(taken, 'in_review').expect(200);
          leftFilter.add(taken);
        }
      } while (cursor && pages < 50);
      expect(new Set(seen).size).toBe(seen.length);
      const expected = seeded.filter((id) => !leftFilter.has(id));
      expect(seen.filter((id) => seeded.includes(id)).sort((a, b) => a - b)).toEqual(
        expected.sort((a, b) => a - b),
      );
      expect(leftFilter.size).toBeGreaterThan(0);
    });
  });

  describe('GET /cases/{id}', () => {
    it('returns the case, its events and the worker history with coverage gaps marked', async () => {
      const c = await sweepCase('ENROLMENT_MISSING', ids.A!);
      const r = await http().get(`/api/v1/cases/${c.id}`).set(bearer(tok.inspector!)).expect(200);
      expect(r.headers.etag).toBe(`"${c.version}"`);
      expect(r.body.events).toEqual([
        expect.objectContaining({ type: 'detected', toStatus: 'open', actorUserId: null }),
      ]);
      expect(r.body.contracts).toEqual([
        expect.objectContaining({ ref: 'A-1', type: 'PKWT', chainStart: '2025-01-01', linkKind: 'first' }),
      ]);
      expect(r.body.enrolments).toEqual([]);
      expect(r.body.contracts[0].uncoveredPeriods[0]).toMatchObject({ from: '2025-01-01' });
      expect(r.body.uncoveredPeriods[0]).toMatchObject({ from: '2025-01-01', contractRef: 'A-1' });
      expect(r.body.workerName).toBe('Siti Rahmawati');
    });

    it('marks the PKWT chain and the uncovered start of a serial renewal', async () => {
      const c = await sweepCase('PKWT_SERIAL_RENEWAL', ids.A!);
      const r = await http().get(`/api/v1/cases/${c.id}`).set(bearer(tok.inspector!)).expect(200);
      expect(r.body.chains).toEqual([
        {
          chainStart: '2022-07-01',
          lastEnd: '2025-06-30',
          contracts: ['A-3-0', 'A-3-1', 'A-3-2'],
          kinds: ['first', 'extension', 'extension'],
        },
      ]);
      expect(r.body.contracts.map((x: { linkKind: string }) => x.linkKind)).toEqual([
        'first',
        'extension',
        'extension',
      ]);
      // enrolled from 2022-09-01: July and August 2022 were uncovered (62 days), nothing after
      expect(r.body.uncoveredPeriods).toEqual([
        { from: '2022-07-01', to: '2022-08-31', days: 62, contractRef: 'A-3-0' },
      ]);
      expect(r.body.coverage).toEqual([{ from: '2022-09-01', to: null }]);
    });

    it('404 for a case that does not exist', async () => {
      const r = await http().get('/api/v1/cases/999999').set(bearer(tok.inspector!));
      expect(r.status).toBe(404);
    });
  });

  describe('workflow', () => {
    it('walks open → in_review → confirmed → notice_sent → resolved, one audited event per move', async () => {
      const id = await insertCase({ employerId: ids.C!, district: 'Kaubun' });
      let version = 1;
      for (const to of ['in_review', 'confirmed', 'notice_sent', 'resolved']) {
        const r = await move(id, to, 'inspector', { note: `to ${to}`, version }).expect(200);
        expect(r.body).toMatchObject({ id, status: to, version: version + 1 });
        version = r.body.version;
      }
      const final = (await http().get(`/api/v1/cases/${id}`).set(bearer(tok.inspector!)).expect(200)).body;
      expect(final).toMatchObject({ status: 'resolved', resolution: 'resolved_by_inspector' });
      expect(final.resolvedAt).not.toBeNull();
      expect(await events(id)).toEqual(
        [
          ['open', 'in_review'],
          ['in_review', 'confirmed'],
          ['confirmed', 'notice_sent'],
          ['notice_sent', 'resolved'],
        ].map(([from, to]) =>
          expect.objectContaining({
            type: 'transition',
            fromStatus: from,
            toStatus: to,
            actor: users.inspector,
            note: `to ${to}`,
          }),
        ),
      );
      expect(final.events.map((e: { actorName: string }) => e.actorName)).toEqual(
        Array(4).fill('Test inspector'),
      );
    });

    it('refuses every move the contract does not allow with 409, and records nothing', async () => {
      let checked = 0;
      for (const from of ALL) {
        for (const to of ALL) {
          if (ALLOWED[from]!.includes(to)) continue;
          const id = await insertCase({ employerId: ids.C!, status: from, district: 'Kaubun' });
          const r = await move(id, to, 'admin', { note: 'reason' });
          expect([from, to, r.status]).toEqual([from, to, 409]);
          expect(r.headers['content-type']).toContain('application/problem+json');
          expect(await events(id)).toEqual([]);
          const [row] = (await ds.query('SELECT status, version FROM cases WHERE id = ?', [id])) as {
            status: string;
            version: number;
          }[];
          expect(row).toEqual({ status: from, version: 1 });
          checked++;
        }
      }
      expect(checked).toBe(36 - 6);
    });

    it('dismissal: a supervisor with a reason; an inspector gets 403; no reason gets 400', async () => {
      for (const from of ['open', 'in_review']) {
        const id = await insertCase({ employerId: ids.C!, status: from, district: 'Kaubun' });
        expect((await move(id, 'dismissed', 'inspector', { note: 'duplicate' })).status).toBe(403);
        const noReason = await move(id, 'dismissed', 'supervisor', { note: '   ' });
        expect(noReason.status).toBe(400);
        expect(noReason.body.errors).toEqual([expect.objectContaining({ path: 'note' })]);
        expect(await events(id)).toEqual([]);
        const ok = await move(id, 'dismissed', 'supervisor', { note: 'employer closed in 2023' }).expect(200);
        expect(ok.body).toMatchObject({ status: 'dismissed', resolution: 'dismissed', version: 2 });
        expect(await events(id)).toEqual([
          expect.objectContaining({
            type: 'transition',
            fromStatus: from,
            toStatus: 'dismissed',
            actor: users.supervisor,
            note: 'employer closed in 2023',
          }),
        ]);
      }
      const id = await insertCase({ employerId: ids.C!, district: 'Kaubun' });
      await move(id, 'dismissed', 'admin', { note: 'admin may too' }).expect(200);
    });

    it('assigns to active users only and keeps the assignment in the history', async () => {
      const id = await insertCase({ employerId: ids.C!, district: 'Kaubun' });
      const assign = (assigneeId: unknown, extra = {}) =>
        http()
          .post(`/api/v1/cases/${id}/assign`)
          .set(bearer(tok.inspector!))
          .send({ assigneeId, ...extra });
      expect((await assign(users.gone)).status).toBe(400);
      expect((await assign(987654)).status).toBe(400);
      expect((await assign('x')).status).toBe(400);
      const r = await assign(users.inspector2).expect(200);
      expect(r.body).toMatchObject({ assigneeId: users.inspector2, version: 2 });
      await assign(users.inspector, { version: 2 }).expect(200);
      expect(await events(id)).toEqual([
        expect.objectContaining({
          type: 'assigned',
          actor: users.inspector,
          data: JSON.stringify({ assigneeId: { from: null, to: users.inspector2 } }),
        }),
        expect.objectContaining({
          type: 'assigned',
          data: JSON.stringify({ assigneeId: { from: users.inspector2, to: users.inspector } }),
        }),
      ]);
      const mine = await http()
        .get('/api/v1/cases')
        .query({ assigneeId: users.inspector })
        .set(bearer(tok.inspector!))
        .expect(200);
      expect(mine.body.items.map((c: Case) => c.id)).toEqual([id]);
      const closed = await insertCase({ employerId: ids.C!, status: 'resolved', district: 'Kaubun' });
      expect(
        (
          await http()
            .post(`/api/v1/cases/${closed}/assign`)
            .set(bearer(tok.inspector!))
            .send({ assigneeId: users.inspector })
        ).status,
      ).toBe(409);
    });

    it('notes go into the history; an empty note is refused', async () => {
      const id = await insertCase({ employerId: ids.C!, district: 'Kaubun' });
      const r = await http()
        .post(`/api/v1/cases/${id}/notes`)
        .set(bearer(tok.inspector!))
        .send({ text: 'Called HRD, awaiting payroll' })
        .expect(200);
      expect(r.body).toMatchObject({ status: 'open', version: 2 });
      expect(
        (await http().post(`/api/v1/cases/${id}/notes`).set(bearer(tok.inspector!)).send({ text: '  ' }))
          .status,
      ).toBe(400);
      expect(await events(id)).toEqual([
        expect.objectContaining({
          type: 'note',
          actor: users.inspector,
          note: 'Called HRD, awaiting payroll',
          fromStatus: 'open',
          toStatus: 'open',
        }),
      ]);
    });

    it('the history cannot be edited (append-only)', async () => {
      const id = await insertCase({ employerId: ids.C!, district: 'Kaubun' });
      await http()
        .post(`/api/v1/cases/${id}/notes`)
        .set(bearer(tok.inspector!))
        .send({ text: 'original' })
        .expect(200);
      await expect(
        ds.query(`UPDATE case_events SET note = 'forged' WHERE case_id = ?`, [id]),
      ).rejects.toThrow();
      await expect(ds.query(`DELETE FROM case_events WHERE case_id = ?`, [id])).rejects.toThrow();
    });
  });

  describe('concurrency', () => {
    it('a stale version (body or If-Match) gets 409 and changes nothing', async () => {
      const id = await insertCase({ employerId: ids.C!, district: 'Kaubun' });
      await move(id, 'in_review', 'inspector', { version: 1 }).expect(200);
      const stale = await move(id, 'confirmed', 'inspector', { version: 1 });
      expect(stale.status).toBe(409);
      const staleHeader = await http()
        .post(`/api/v1/cases/${id}/notes`)
        .set(bearer(tok.inspector!))
        .set('If-Match', '"1"')
        .send({ text: 'late' });
      expect(staleHeader.status).toBe(409);
      const fresh = await http()
        .post(`/api/v1/cases/${id}/transition`)
        .set(bearer(tok.inspector!))
        .set('If-Match', '"2"')
        .send({ to: 'confirmed' })
        .expect(200);
      expect(fresh.headers.etag).toBe('"3"');
      expect((await events(id)).map((e) => e.toStatus)).toEqual(['in_review', 'confirmed']);
    });

    it('of two concurrent edits on one version, exactly one wins; without a version, the same move cannot happen twice', async () => {
      for (let round = 0; round < 5; round++) {
        const id = await insertCase({ employerId: ids.C!, district: 'Kaubun' });
        const [a, b] = await Promise.all([
          http()
            .post(`/api/v1/cases/${id}/notes`)
            .set(bearer(tok.inspector!))
            .send({ text: 'A', version: 1 }),
          move(id, 'in_review', 'supervisor', { version: 1 }),
        ]);
        expect([a.status, b.status].sort()).toEqual([200, 409]);
        expect(await events(id)).toHaveLength(1);
        const [row] = (await ds.query('SELECT version FROM cases WHERE id = ?', [id])) as {
          version: number;
        }[];
        expect(row!.version).toBe(2);

        const id2 = await insertCase({ employerId: ids.C!, district: 'Kaubun' });
        const results = await Promise.all([
          move(id2, 'in_review'),
          move(id2, 'in_review', 'supervisor'),
          move(id2, 'in_review', 'admin'),
        ]);
        expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
        expect(await events(id2)).toHaveLength(1);
      }
    });
  });

  describe('roles', () => {
    it('employers cannot use the inspectors’ routes; they see only their own cases', async () => {
      expect((await http().get('/api/v1/cases').set(bearer(employerKey))).status).toBe(403);
      const c = await sweepCase('ENROLMENT_MISSING', ids.A!);
      expect((await move(c.id, 'in_review', 'inspector').set(bearer(employerKey))).status).toBe(403);
      expect((await http().get(`/api/v1/cases/${c.id}/notice.pdf`).set(bearer(employerKey))).status).toBe(
        403,
      );
      const own = await http().get('/api/v1/employer/cases').set(bearer(employerKey)).expect(200);
      expect(own.body.items.length).toBeGreaterThan(0);
      expect(own.body.items.every((x: Case) => x.employerId === ids.A)).toBe(true);
      const other = await http().get('/api/v1/employer/cases').set(bearer(otherKey)).expect(200);
      expect(other.body.items.every((x: Case) => x.employerId === ids.B)).toBe(true);
      // filters cannot widen the scope
      const widened = await http()
        .get('/api/v1/employer/cases')
        .query({ employerId: ids.B })
        .set(bearer(employerKey))
        .expect(200);
      expect(widened.body.items.every((x: Case) => x.employerId === ids.A)).toBe(true);
      await http().get(`/api/v1/employer/cases/${c.id}`).set(bearer(employerKey)).expect(200);
      expect((await http().get(`/api/v1/employer/cases/${c.id}`).set(bearer(otherKey))).status).toBe(404);
      expect((await http().get(`/api/v1/employer/cases`).set(bearer(tok.inspector!))).status).toBe(403);
      expect((await http().get('/api/v1/cases')).status).toBe(401);
    });

    it("an employer's case view (list and detail) hides notes, inspectors, assignments and internal event data (#16 item 7)", async () => {
      // An employer of its own, so the other tests' case counts are untouched.
      const employerId = await seed.employer({ name: 'PT Redaksi Uji', district: 'Telen' });
      const key = (
        await http().post(`/api/v1/employers/${employerId}/api-keys`).set(bearer(tok.admin!)).send({})
      ).body.key as string;
      const id = await insertCase({ employerId, district: 'Telen' });
      const secret = 'Catatan internal: pemilik perusahaan kerabat kepala dinas';
      await http()
        .post(`/api/v1/cases/${id}/assign`)
        .set(bearer(tok.supervisor!))
        .send({ assigneeId: users.inspector })
        .expect(200);
      await http()
        .post(`/api/v1/cases/${id}/notes`)
        .set(bearer(tok.inspector!))
        .send({ text: secret })
        .expect(200);
      await move(id, 'in_review', 'inspector', { note: `${secret} (review)` }).expect(200);
      await move(id, 'confirmed').expect(200);
      await move(id, 'notice_sent').expect(200);
      // Inspectors still see everything.
      const full = await http().get(`/api/v1/cases/${id}`).set(bearer(tok.inspector!)).expect(200);
      expect(full.body.assigneeName).toBe('Test inspector');
      expect(JSON.stringify(full.body)).toContain(secret);

      const detail = await http().get(`/api/v1/employer/cases/${id}`).set(bearer(key)).expect(200);
      const text = JSON.stringify(detail.body);
      expect(text).not.toContain(secret);
      expect(text).not.toContain('Test inspector');
      for (const k of ['assigneeId', 'assigneeName', 'dueAt', 'version'])
        expect(detail.body).not.toHaveProperty(k);
      expect(detail.body).toMatchObject({
        id,
        rule: 'ENROLMENT_MISSING',
        status: 'notice_sent',
        summaryId: 'kasus uji',
        legalBasis: 'UU 24/2011 Art 15',
        evidence: { estimatedUnpaidContributions: 1000 },
        firstDetectedAt: expect.any(String),
      });
      // Only the public history: the status changes (notice sent among them), without actor, note or data.
      expect(detail.body.events).toEqual([
        {
          id: expect.any(Number),
          type: 'transition',
          fromStatus: 'open',
          toStatus: 'in_review',
          createdAt: expect.any(String),
        },
        {
          id: expect.any(Number),
          type: 'transition',
          fromStatus: 'in_review',
          toStatus: 'confirmed',
          createdAt: expect.any(String),
        },
        {
          id: expect.any(Number),
          type: 'transition',
          fromStatus: 'confirmed',
          toStatus: 'notice_sent',
          createdAt: expect.any(String),
        },
      ]);

      const list = await http().get('/api/v1/employer/cases').set(bearer(key)).expect(200);
      expect(list.body.items.map((c: Case) => c.id)).toEqual([id]);
      for (const k of ['assigneeId', 'dueAt', 'version']) expect(list.body.items[0]).not.toHaveProperty(k);
      // Which inspector holds a case is not a filter an employer may probe.
      expect(
        (await http().get('/api/v1/employer/cases').query({ assigneeId: users.inspector }).set(bearer(key)))
          .status,
      ).toBe(400);
    });
  });

  describe('notice letter', () => {
    it('is 409 before confirmation and, once confirmed, a PDF naming employer, worker, obligation and legal basis', async () => {
      const c = await sweepCase('ENROLMENT_MISSING', ids.A!);
      expect((await http().get(`/api/v1/cases/${c.id}/notice.pdf`).set(bearer(tok.inspector!))).status).toBe(
        409,
      );
      await move(c.id, 'in_review').expect(200);
      await move(c.id, 'confirmed').expect(200);
      const r = await http()
        .get(`/api/v1/cases/${c.id}/notice.pdf`)
        .set(bearer(tok.inspector!))
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(r.headers['content-type']).toContain('application/pdf');
      const pdf = r.body as Buffer;
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const text = pdfText(pdf).replace(/\s+/g, ' ');
      const detail = (await http().get(`/api/v1/cases/${c.id}`).set(bearer(tok.inspector!))).body;
      expect(text).toContain('PT Tambang Uji Sangatta');
      expect(text).toContain('Siti Rahmawati');
      // The legal basis in Indonesian (issue 14), not the rulebook's English citation.
      expect(text).not.toContain(detail.legalBasis.replace(/\s+/g, ' '));
      expect(text).toContain(
        'Undang-Undang Nomor 24 Tahun 2011 tentang Badan Penyelenggara Jaminan Sosial, Pasal 15',
      );
      expect(text).toContain('6408********0001');
      expect(text).not.toContain('6408010101900001');
      expect(text).toContain('Surat Peringatan');
      expect(text).toContain('DINAS TENAGA KERJA DAN TRANSMIGRASI');
      await move(c.id, 'notice_sent').expect(200);
      await http().get(`/api/v1/cases/${c.id}/notice.pdf`).set(bearer(tok.inspector!)).expect(200);
      await move(c.id, 'resolved').expect(200);
      expect((await http().get(`/api/v1/cases/${c.id}/notice.pdf`).set(bearer(tok.inspector!))).status).toBe(
        409,
      );
    });

    it('carries a verification code that the public /notices/verify route confirms, showing nothing personal (#18)', async () => {
      const c = await sweepCase('ENROLMENT_LATE', ids.B!);
      await move(c.id, 'in_review').expect(200);
      await move(c.id, 'confirmed').expect(200);
      const pdfOf = async () =>
        (
          await http()
            .get(`/api/v1/cases/${c.id}/notice.pdf`)
            .set(bearer(tok.inspector!))
            .buffer(true)
            .parse((res, cb) => {
              const chunks: Buffer[] = [];
              res.on('data', (d: Buffer) => chunks.push(d));
              res.on('end', () => cb(null, Buffer.concat(chunks)));
            })
            .expect(200)
        ).body as Buffer;
      const codeIn = (pdf: Buffer) => {
        const text = pdfText(pdf).replace(/\s+/g, ' ');
        const m = /kode verifikasi ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(text);
        expect(text).toContain('/verify/');
        return m?.[1];
      };
      const code = codeIn(await pdfOf());
      expect(code).toEqual(expect.any(String));
      // The same letter keeps its code.
      expect(codeIn(await pdfOf())).toBe(code);

      const ok = await http().get(`/api/v1/notices/verify/${code!}`).expect(200);
      expect(ok.body).toEqual({
        genuine: true,
        letterNumber: expect.stringMatching(new RegExp(`^560/${c.id}/SP-I/`)),
        letterDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        employerName: 'CV Kebun Uji',
        caseStatus: 'confirmed',
        rule: 'ENROLMENT_LATE',
      });
      // As typed from paper: lower case, without dashes.
      await http()
        .get(`/api/v1/notices/verify/${code!.replace(/-/g, '').toLowerCase()}`)
        .expect(200);
      await move(c.id, 'notice_sent').expect(200);
      expect((await http().get(`/api/v1/notices/verify/${code!}`).expect(200)).body.caseStatus).toBe(
        'notice_sent',
      );
      const made = await http().get('/api/v1/notices/verify/ABCD-EFGH-JKMN-PQRS').expect(404);
      expect(made.headers['content-type']).toMatch(/problem\+json/);
      expect((await http().get('/api/v1/notices/verify/not-a-code')).status).toBe(404);
      // Guessing is rate limited per client (20 a minute).
      const statuses: number[] = [];
      for (let i = 0; i < 25; i++)
        statuses.push(
          (await http().get(`/api/v1/notices/verify/ZZZZ-ZZZZ-ZZZZ-ZZ${String(i).padStart(2, '0')}`)).status,
        );
      expect(statuses).toContain(429);
      expect(statuses.filter((x) => x !== 404 && x !== 429)).toEqual([]);
    });
  });
});
