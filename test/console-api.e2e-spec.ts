import { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { todayIn } from '@patuh/config';
import { addDays, parseIsoDate } from '@patuh/rules';
import { Seed } from './support/seed';
import { bearer, eventually, login, TestStack } from './support/stack';

type Case = {
  id: number;
  rule: string;
  version: number;
  employerId: number;
  evidence: Record<string, unknown>;
};

/** The API of the inspectors' console (issue #14): users and sessions, workers, the case page, counts, trend. */
/** Every PKWT here paid its uang kompensasi (rulebook v2): compensation is not what this suite is about. */
const COMPENSATION_PAID_IN_FULL = 100_000_000;

describe("the inspectors' console API", () => {
  const stack = new TestStack('console_api');
  let api: INestApplication;
  let ds: DataSource;
  let seed: Seed;
  const tok: Record<string, string> = {};
  const ids: Record<string, number> = {};
  let employerKey = '';
  const NIK = '6408014107950003'; // Siti: late at A, missing at B
  const NIK_OPEN = '6408011203880001'; // open-ended at A, never enrolled
  const NIK_SERIAL = '6408012505900002'; // three PKWT in a row at A, enrolled
  const NIK_HOP = '6408015506920004'; // six years of PKWT at two contractors of one principal

  const http = () => request(api.getHttpServer());
  /** A token as POST /auth/login signs it (sign-in is throttled to 10 a minute; this suite needs more sessions). */
  const tokenFor = async (userId: number) => {
    const [u] = (await ds.query('SELECT id, role, email, token_version AS tv FROM users WHERE id = ?', [
      userId,
    ])) as {
      id: number;
      role: string;
      email: string;
      tv: number;
    }[];
    return new JwtService({ secret: stack.env.JWT_SECRET }).signAsync(
      { sub: u!.id, role: u!.role, email: u!.email, tv: Number(u!.tv) },
      { expiresIn: 600 },
    );
  };
  const me = (token: string) => http().get('/api/v1/users/me').set(bearer(token));
  const casesOf = async (query: Record<string, string | number>, token = tok.inspector!) =>
    (await http().get('/api/v1/cases').query(query).set(bearer(token)).expect(200)).body.items as Case[];

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    seed = new Seed(ds);
    for (const role of ['admin', 'supervisor', 'inspector'] as const)
      ids[role] = (await stack.createUser(role)).id;
    api = await stack.startApi();
    await stack.startWorker();
    for (const role of ['admin', 'supervisor', 'inspector'] as const) tok[role] = await tokenFor(ids[role]!);

    ids.A = await seed.employer({ name: 'PT Tambang Uji', scale: 'medium', district: 'Sangatta Utara' });
    ids.B = await seed.employer({ name: 'CV Kontraktor Uji', scale: 'small', district: 'Bengalon' });
    const w = await seed.worker(NIK, 'Siti Rahmawati', '1995-07-01');
    await seed.contract({
      compensationPaid: COMPENSATION_PAID_IN_FULL,
      employerId: ids.A,
      workerId: w,
      ref: 'A-1',
      start: '2024-01-01',
      end: '2024-12-31',
    });
    await seed.contract({
      compensationPaid: COMPENSATION_PAID_IN_FULL,
      employerId: ids.A,
      workerId: w,
      ref: 'A-2',
      start: '2025-01-01',
      end: '2025-12-31',
    });
    await seed.enrolment({ employerId: ids.A, workerId: w, from: '2024-02-01' });
    await seed.contract({
      compensationPaid: COMPENSATION_PAID_IN_FULL,
      employerId: ids.B,
      workerId: w,
      ref: 'B-1',
      start: '2023-01-01',
      end: '2023-06-30',
    });
    const o = await seed.worker(NIK_OPEN, 'Budi Santoso', '1988-03-12');
    await seed.contract({
      employerId: ids.A,
      workerId: o,
      ref: 'A-T',
      type: 'PKWTT',
      start: '2025-01-01',
      end: null,
    });
    const s = await seed.worker(NIK_SERIAL, 'Rudi Hartono', '1990-05-25');
    for (const [i, y] of [2023, 2024, 2025].entries())
      await seed.contract({
        compensationPaid: COMPENSATION_PAID_IN_FULL,
        employerId: ids.A,
        workerId: s,
        ref: `S-${i}`,
        start: `${y}-01-01`,
        end: `${y}-12-31`,
      });
    await seed.enrolment({ employerId: ids.A, workerId: s, from: '2023-01-01' });

    ids.P = await seed.employer({ name: 'PT Prinsipal', scale: 'large', district: 'Sangatta Utara' });
    ids.K1 = await seed.employer({ name: 'PT Kontraktor Satu', principalEmployerId: ids.P });
    ids.K2 = await seed.employer({ name: 'PT Kontraktor Dua', principalEmployerId: ids.P });
    const h = await seed.worker(NIK_HOP, 'Ani Lestari', '1992-06-15');
    await seed.contract({
      compensationPaid: COMPENSATION_PAID_IN_FULL,
      employerId: ids.K1,
      workerId: h,
      ref: 'K1-1',
      start: '2019-01-01',
      end: '2021-12-31',
    });
    await seed.contract({
      compensationPaid: COMPENSATION_PAID_IN_FULL,
      employerId: ids.K2,
      workerId: h,
      ref: 'K2-1',
      start: '2022-01-01',
      end: '2024-12-31',
    });

    const key = await http().post(`/api/v1/employers/${ids.A}/api-keys`).set(bearer(tok.admin!)).send({});
    employerKey = key.body.key as string;
    const sweep = await http()
      .post('/api/v1/sweeps')
      .set(bearer(tok.supervisor!))
      .send({ asOf: '2025-06-30' });
    expect(sweep.status).toBe(202);
    await eventually(async () => {
      const r = await http().get(`/api/v1/sweeps/${sweep.body.id}`).set(bearer(tok.inspector!));
      return r.body.status === 'completed' ? true : undefined;
    });
  });
  afterAll(() => stack.teardown());

  describe('users and sessions (CONTRACT §2)', () => {
    it('makes users with districts checked against the reference data, and lists them for supervisors', async () => {
      const r = await http()
        .post('/api/v1/users')
        .set(bearer(tok.admin!))
        .send({
          email: 'Pengawas.Sangatta@test.local',
          password: 'password-456',
          role: 'inspector',
          name: 'Pengawas Sangatta',
          districts: ['sangatta utara', 'Bengalon', 'Sangatta Utara'],
        })
        .expect(201);
      expect(r.body).toMatchObject({
        email: 'pengawas.sangatta@test.local',
        role: 'inspector',
        districts: ['Sangatta Utara', 'Bengalon'],
        active: true,
      });
      expect(r.body).not.toHaveProperty('passwordHash');
      const bad = await http()
        .post('/api/v1/users')
        .set(bearer(tok.admin!))
        .send({
          email: 'x@test.local',
          password: 'password-456',
          role: 'inspector',
          name: 'X',
          districts: ['Atlantis'],
        });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'districts[0]' })]);
      const own = await login(api, 'pengawas.sangatta@test.local', 'password-456');
      expect((await me(own).expect(200)).body).toEqual({
        id: r.body.id,
        name: 'Pengawas Sangatta',
        email: 'pengawas.sangatta@test.local',
        role: 'inspector',
        districts: ['Sangatta Utara', 'Bengalon'],
      });
      const list = await http().get('/api/v1/users').set(bearer(tok.supervisor!)).expect(200);
      expect((list.body as { email: string }[]).map((u) => u.email)).toContain(
        'pengawas.sangatta@test.local',
      );
      expect((await http().get('/api/v1/users').set(bearer(tok.inspector!))).status).toBe(403);
      expect((await me(employerKey)).status).toBe(403);
    });

    it("ends a deactivated user's sessions at once, and a reactivated user needs to sign in again", async () => {
      const u = await stack.createUser('inspector', 'deact@test.local');
      const token = await tokenFor(u.id);
      await me(token).expect(200);
      const r = await http()
        .patch(`/api/v1/users/${u.id}`)
        .set(bearer(tok.admin!))
        .send({ active: false })
        .expect(200);
      expect(r.body.active).toBe(false);
      expect((await me(token)).status).toBe(401);
      expect((await http().get('/api/v1/cases').set(bearer(token))).status).toBe(401);
      expect(
        (await http().post('/api/v1/auth/login').send({ email: u.email, password: u.password })).status,
      ).toBe(401);
      const assignable = await http().get('/api/v1/users/assignable').set(bearer(tok.inspector!)).expect(200);
      expect((assignable.body as { id: number }[]).map((x) => x.id)).not.toContain(u.id);
      expect((assignable.body as { id: number }[]).map((x) => x.id)).toContain(ids.inspector);
      expect(assignable.body[0]).toEqual({
        id: expect.any(Number),
        name: expect.any(String),
        role: expect.any(String),
        districts: expect.any(Array),
      });
      await http().patch(`/api/v1/users/${u.id}`).set(bearer(tok.admin!)).send({ active: true }).expect(200);
      expect((await me(token)).status).toBe(401);
      await me(await login(api, u.email, u.password)).expect(200);
    });

    it('a role change takes effect at once: the old token stops, the new one carries the new role', async () => {
      const u = await stack.createUser('inspector', 'promoted@test.local');
      const token = await tokenFor(u.id);
      expect((await http().get('/api/v1/users').set(bearer(token))).status).toBe(403);
      await http()
        .patch(`/api/v1/users/${u.id}`)
        .set(bearer(tok.admin!))
        .send({ role: 'supervisor' })
        .expect(200);
      expect((await me(token)).status).toBe(401);
      const fresh = await login(api, u.email, u.password);
      expect((await me(fresh).expect(200)).body.role).toBe('supervisor');
      await http().get('/api/v1/users').set(bearer(fresh)).expect(200);
      // renaming and districts do not end sessions
      await http()
        .patch(`/api/v1/users/${u.id}`)
        .set(bearer(tok.admin!))
        .send({ name: 'Supervisor Baru', districts: ['Kaliorang'] })
        .expect(200);
      expect((await me(fresh).expect(200)).body).toMatchObject({
        name: 'Supervisor Baru',
        districts: ['Kaliorang'],
      });
      // an admin cannot lock themself out; non-admins cannot change users
      expect(
        (await http().patch(`/api/v1/users/${ids.admin}`).set(bearer(tok.admin!)).send({ active: false }))
          .status,
      ).toBe(409);
      expect(
        (await http().patch(`/api/v1/users/${u.id}`).set(bearer(tok.supervisor!)).send({ name: 'x' })).status,
      ).toBe(403);
      expect(
        (await http().patch('/api/v1/users/999999').set(bearer(tok.admin!)).send({ name: 'x' })).status,
      ).toBe(404);
    });

    it('an admin sets a password; a user changes their own (wrong current → 400); old tokens stop', async () => {
      const u = await stack.createUser('inspector', 'pw@test.local');
      const t1 = await tokenFor(u.id);
      await http()
        .post(`/api/v1/users/${u.id}/password`)
        .set(bearer(tok.admin!))
        .send({ password: 'reset-password-1' })
        .expect(204);
      expect((await me(t1)).status).toBe(401);
      expect(
        (await http().post('/api/v1/auth/login').send({ email: u.email, password: u.password })).status,
      ).toBe(401);
      const t2 = await login(api, u.email, 'reset-password-1');
      const wrong = await http()
        .post('/api/v1/auth/password')
        .set(bearer(t2))
        .send({ currentPassword: 'not-it', newPassword: 'my-own-password' });
      expect(wrong.status).toBe(400);
      expect(wrong.body.errors).toEqual([expect.objectContaining({ path: 'currentPassword' })]);
      const ok = await http()
        .post('/api/v1/auth/password')
        .set(bearer(t2))
        .send({ currentPassword: 'reset-password-1', newPassword: 'my-own-password' })
        .expect(200);
      expect((await me(t2)).status).toBe(401);
      await me(ok.body.accessToken as string).expect(200);
      await login(api, u.email, 'my-own-password');
      expect(
        (
          await http()
            .post(`/api/v1/users/${u.id}/password`)
            .set(bearer(tok.supervisor!))
            .send({ password: 'x'.repeat(9) })
        ).status,
      ).toBe(403);
    });

    it('another API replica refuses a deactivated user within its short cache (the database is the truth)', async () => {
      const other = await stack.startApi();
      const u = await stack.createUser('inspector', 'replica@test.local');
      const token = await tokenFor(u.id);
      await request(other.getHttpServer()).get('/api/v1/users/me').set(bearer(token)).expect(200);
      await http().patch(`/api/v1/users/${u.id}`).set(bearer(tok.admin!)).send({ active: false }).expect(200);
      const started = Date.now();
      await eventually(
        async () => {
          const r = await request(other.getHttpServer()).get('/api/v1/users/me').set(bearer(token));
          return r.status === 401 ? true : undefined;
        },
        5000,
        50,
      );
      expect(Date.now() - started).toBeLessThan(2500);
    });
  });

  describe('GET /workers/{nik} (CONTRACT §3)', () => {
    it('shows one worker across employers, with names, cases and the timeline', async () => {
      const r = await http().get(`/api/v1/workers/${NIK}`).set(bearer(tok.inspector!)).expect(200);
      expect(r.body).toMatchObject({
        nik: NIK,
        name: 'Siti Rahmawati',
        birthDate: '1995-07-01',
        bpjsRecords: [],
      });
      expect(
        r.body.contracts.map((c: { ref: string; employerName: string }) => [c.ref, c.employerName]),
      ).toEqual([
        ['B-1', 'CV Kontraktor Uji'],
        ['A-1', 'PT Tambang Uji'],
        ['A-2', 'PT Tambang Uji'],
      ]);
      expect(r.body.enrolments).toEqual([
        expect.objectContaining({
          employerId: ids.A,
          employerName: 'PT Tambang Uji',
          effectiveFrom: '2024-02-01',
        }),
      ]);
      expect(r.body.cases.map((c: Case) => c.rule).sort()).toEqual(['ENROLMENT_LATE', 'ENROLMENT_MISSING']);
      const t = r.body.timeline;
      expect(t.asOf).toBe(todayIn('Asia/Makassar'));
      expect(t.employers.map((e: { employerName: string }) => e.employerName)).toEqual([
        'CV Kontraktor Uji',
        'PT Tambang Uji',
      ]);
      // B: never enrolled, 2023-01-01..2023-06-30; A: January 2024 uncovered
      expect(t.uncoveredPeriods).toEqual([
        { employerId: ids.B, contractRef: 'B-1', from: '2023-01-01', to: '2023-06-30', days: 181 },
        { employerId: ids.A, contractRef: 'A-1', from: '2024-01-01', to: '2024-01-31', days: 31 },
      ]);
      expect(t.chains.map((c: { employerIds: number[] }) => c.employerIds)).toEqual([[ids.B], [ids.A]]);
    });

    it("draws the contractor-hopping picture: one chain across a principal's contractors", async () => {
      const r = await http().get(`/api/v1/workers/${NIK_HOP}`).set(bearer(tok.inspector!)).expect(200);
      expect(r.body.timeline.chains).toEqual([
        expect.objectContaining({
          employerIds: [ids.K1, ids.K2],
          chainStart: '2019-01-01',
          lastDay: '2024-12-31',
          limitDate: '2024-01-01',
          exceedsLimit: true,
          contracts: [
            { employerId: ids.K1, ref: 'K1-1', kind: 'first', gapDays: null },
            { employerId: ids.K2, ref: 'K2-1', kind: 'extension', gapDays: 0 },
          ],
        }),
      ]);
      // the case lands on the principal, and its page joins the same chain
      const [hop] = await casesOf({ nik: NIK_HOP, rule: 'CONTRACTOR_HOPPING' });
      expect(hop!.employerId).toBe(ids.P);
      const d = await http().get(`/api/v1/cases/${hop!.id}`).set(bearer(tok.inspector!)).expect(200);
      expect(d.body.timeline.chains.map((c: { employerIds: number[] }) => c.employerIds)).toEqual([
        [ids.K1, ids.K2],
      ]);
    });

    it('400 for a malformed NIK, 404 for an unknown one, 403 for an employer key', async () => {
      for (const bad of ['abc', '640801410795000', '6408019999990003'])
        expect((await http().get(`/api/v1/workers/${bad}`).set(bearer(tok.inspector!))).status).toBe(400);
      expect((await http().get('/api/v1/workers/6408014107950011').set(bearer(tok.inspector!))).status).toBe(
        404,
      );
      expect((await http().get(`/api/v1/workers/${NIK}`).set(bearer(employerKey))).status).toBe(403);
      expect((await http().get(`/api/v1/workers/${NIK}`)).status).toBe(401);
    });
  });

  describe('the case page: the timeline shows the figures of the evidence', () => {
    it("draws an enrolment case's gaps as of the evidence's day, not today", async () => {
      const [c] = await casesOf({ nik: NIK_OPEN, rule: 'ENROLMENT_MISSING' });
      expect(c!.evidence).toMatchObject({ referenceDay: '2025-06-30', totalUncoveredDays: 181 });
      const r = await http().get(`/api/v1/cases/${c!.id}`).set(bearer(tok.inspector!)).expect(200);
      expect(r.body.historyAsOf).toBe('2025-06-30');
      expect(r.body.timeline.asOf).toBe('2025-06-30');
      const e = r.body.timeline.employers[0];
      expect(e).toMatchObject({ employerId: ids.A, totalUncoveredDays: 181, uncoveredOnJudgedDay: true });
      expect(e.uncoveredPeriods).toEqual(c!.evidence.uncoveredPeriods);
      expect(r.body.contracts[0]).toMatchObject({ ref: 'A-T', uncoveredDays: 181 });
      expect(r.body.uncoveredPeriods).toEqual([
        { from: '2025-01-01', to: '2025-06-30', days: 181, contractRef: 'A-T' },
      ]);
    });

    it("every enrolment case's detail gaps equal its evidence", async () => {
      const all = [
        ...(await casesOf({ rule: 'ENROLMENT_MISSING' })),
        ...(await casesOf({ rule: 'ENROLMENT_LATE' })),
      ];
      expect(all.length).toBeGreaterThanOrEqual(3);
      for (const c of all) {
        const r = await http().get(`/api/v1/cases/${c.id}`).set(bearer(tok.inspector!)).expect(200);
        const e = r.body.timeline.employers.find(
          (x: { employerId: number }) => x.employerId === c.employerId,
        );
        expect([c.id, e.totalUncoveredDays]).toEqual([c.id, c.evidence.totalUncoveredDays]);
        expect(e.uncoveredPeriods).toEqual(c.evidence.uncoveredPeriods);
        const sum = (r.body.contracts as { uncoveredDays: number }[]).reduce(
          (a, x) => a + x.uncoveredDays,
          0,
        );
        expect(sum).toBe(c.evidence.totalUncoveredDays);
      }
    });

    it('a chain case: as of the sweep that found it, with the chain and its 60-month limit', async () => {
      const [c] = await casesOf({ nik: NIK_SERIAL, rule: 'PKWT_SERIAL_RENEWAL' });
      const r = await http().get(`/api/v1/cases/${c!.id}`).set(bearer(tok.inspector!)).expect(200);
      expect(r.body.historyAsOf).toBe('2025-06-30');
      expect(r.body.timeline.chains).toEqual([
        expect.objectContaining({
          chainStart: '2023-01-01',
          lastEnd: '2025-12-31',
          limitDate: '2028-01-01',
          exceedsLimit: false,
          contracts: [
            { employerId: ids.A, ref: 'S-0', kind: 'first', gapDays: null },
            { employerId: ids.A, ref: 'S-1', kind: 'extension', gapDays: 0 },
            { employerId: ids.A, ref: 'S-2', kind: 'extension', gapDays: 0 },
          ],
        }),
      ]);
      expect(r.body.timeline.contracts.map((x: { chainIndex: number }) => x.chainIndex)).toEqual([0, 0, 0]);
    });

    it("lists the worker's other cases and names the assignee", async () => {
      const [late] = await casesOf({ nik: NIK, rule: 'ENROLMENT_LATE' });
      const [missing] = await casesOf({ nik: NIK, rule: 'ENROLMENT_MISSING' });
      let r = await http().get(`/api/v1/cases/${late!.id}`).set(bearer(tok.inspector!)).expect(200);
      expect(r.body.assigneeName).toBeNull();
      expect(r.body.otherCases).toEqual([
        {
          id: missing!.id,
          rule: 'ENROLMENT_MISSING',
          status: 'open',
          severity: expect.any(String),
          employerId: ids.B,
          employerName: 'CV Kontraktor Uji',
        },
      ]);
      await http()
        .post(`/api/v1/cases/${late!.id}/assign`)
        .set(bearer(tok.inspector!))
        .send({ assigneeId: ids.inspector })
        .expect(200);
      r = await http().get(`/api/v1/cases/${late!.id}`).set(bearer(tok.inspector!)).expect(200);
      expect(r.body.assigneeName).toBe('Test inspector');
      // the employer sees its own case, and none of the worker's cases elsewhere
      const own = await http().get(`/api/v1/employer/cases/${late!.id}`).set(bearer(employerKey)).expect(200);
      expect(own.body.otherCases).toEqual([]);
      expect(own.body.timeline.employers.map((e: { employerId: number }) => e.employerId)).toEqual([ids.A]);
    });
  });

  describe('the queue: assigneeId=me and the status counts', () => {
    it("assigneeId=me is the caller's cases", async () => {
      const [c] = await casesOf({ nik: NIK_SERIAL, rule: 'PKWT_SERIAL_RENEWAL' });
      await http()
        .post(`/api/v1/cases/${c!.id}/assign`)
        .set(bearer(tok.supervisor!))
        .send({ assigneeId: ids.supervisor })
        .expect(200);
      const mine = await casesOf({ assigneeId: 'me' }, tok.supervisor);
      expect(mine.map((x) => x.id)).toEqual([c!.id]);
      const inspectors = await casesOf({ assigneeId: 'me' });
      expect(inspectors.map((x) => x.rule)).toEqual(['ENROLMENT_LATE']);
      expect((await casesOf({ assigneeId: ids.supervisor! })).map((x) => x.id)).toEqual([c!.id]);
      expect(
        (await http().get('/api/v1/cases').query({ assigneeId: 'you' }).set(bearer(tok.inspector!))).status,
      ).toBe(400);
    });

    it('GET /cases/counts counts by status with the same filters as the list', async () => {
      const counts = async (q: Record<string, string | number>) =>
        (await http().get('/api/v1/cases/counts').query(q).set(bearer(tok.inspector!)).expect(200))
          .body as Record<string, number>;
      const before = await counts({ nik: NIK });
      expect(before).toEqual({
        open: 2,
        in_review: 0,
        confirmed: 0,
        notice_sent: 0,
        resolved: 0,
        dismissed: 0,
        total: 2,
      });
      const [late] = await casesOf({ nik: NIK, rule: 'ENROLMENT_LATE' });
      await http()
        .post(`/api/v1/cases/${late!.id}/transition`)
        .set(bearer(tok.inspector!))
        .send({ to: 'in_review' })
        .expect(200);
      expect(await counts({ nik: NIK })).toMatchObject({ open: 1, in_review: 1, total: 2 });
      expect(await counts({ nik: NIK, district: 'Bengalon' })).toMatchObject({
        open: 1,
        in_review: 0,
        total: 1,
      });
      expect(await counts({ nik: NIK, district: 'Sangatta Utara,bengalon' })).toMatchObject({ total: 2 });
      const both = await casesOf({ nik: NIK, district: 'Bengalon,Sangatta Utara' });
      expect(both.map((c) => c.rule).sort()).toEqual(['ENROLMENT_LATE', 'ENROLMENT_MISSING']);
      expect(await counts({ nik: NIK, assigneeId: 'me' })).toMatchObject({ open: 0, in_review: 1, total: 1 });
      const all = await counts({});
      const listed = await http()
        .get('/api/v1/cases')
        .query({ counts: true })
        .set(bearer(tok.inspector!))
        .expect(200);
      expect(all).toEqual(listed.body.counts);
    });
  });

  describe('GET /stats/trend', () => {
    it('counts opened, resolved and reopened per ISO week in BUSINESS_TZ, by rule', async () => {
      const trend = async (weeks?: number) =>
        (
          await http()
            .get('/api/v1/stats/trend')
            .query(weeks ? { weeks } : {})
            .set(bearer(tok.inspector!))
            .expect(200)
        ).body;
      const [{ n }] = (await ds.query("SELECT COUNT(*) AS n FROM case_events WHERE type = 'detected'")) as {
        n: string;
      }[];
      // a case resolved by hand, a reopened event now and a detection eight days ago (last week or before)
      const [missing] = await casesOf({ nik: NIK_OPEN, rule: 'ENROLMENT_MISSING' });
      let v = missing!.version;
      for (const to of ['in_review', 'confirmed', 'notice_sent', 'resolved'])
        v = (
          await http()
            .post(`/api/v1/cases/${missing!.id}/transition`)
            .set(bearer(tok.inspector!))
            .send({ to, version: v })
            .expect(200)
        ).body.version as number;
      await ds.query(
        "INSERT INTO case_events (case_id, type, from_status, to_status, created_at) VALUES (?, 'reopened', 'resolved', 'open', ?), (?, 'detected', NULL, 'open', ?)",
        [missing!.id, new Date(), missing!.id, new Date(Date.now() - 8 * 86_400_000)],
      );
      const t = await trend();
      expect(t.weeks).toBe(26);
      expect(t.timeZone).toBe('Asia/Makassar');
      expect(t.items).toHaveLength(26);
      const today = todayIn('Asia/Makassar');
      const last = t.items[25];
      expect(parseIsoDate(last.weekStart) <= parseIsoDate(today)).toBe(true);
      expect(parseIsoDate(today) - parseIsoDate(last.weekStart)).toBeLessThan(7);
      expect((parseIsoDate(last.weekStart) + 3) % 7).toBe(0); // a Monday
      expect(t.items[24].weekStart).toBe(addDays(last.weekStart, -7));
      expect(last.opened).toBe(Number(n));
      expect(last.resolved).toBe(1);
      expect(last.reopened).toBe(1);
      expect(last.byRule.ENROLMENT_MISSING).toMatchObject({ resolved: 1, reopened: 1 });
      const older = t.items.slice(0, 25).reduce((a: number, w: { opened: number }) => a + w.opened, 0);
      expect(older).toBe(1);
      expect((await trend(1)).items).toHaveLength(1);
      for (const bad of [0, 105, 'x'])
        expect(
          (await http().get('/api/v1/stats/trend').query({ weeks: bad }).set(bearer(tok.inspector!))).status,
        ).toBe(400);
    });
  });
});
