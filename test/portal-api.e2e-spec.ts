import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, login, TestStack } from './support/stack';
import { Seed } from './support/seed';

/**
 * The routes the employer portal (/portal, issue #18) needs beyond the employer API: the notice letter a firm
 * received, `GET /api/v1/employer/cases/{id}/notice.pdf`, for its own user or key; another firm's case, or a case
 * whose letter was never sent, is a 404. And /portal is served as the web app.
 */
describe('employer portal API (issue #18)', () => {
  const stack = new TestStack('portal_api');
  let app: INestApplication;
  let ds: DataSource;
  let http: ReturnType<typeof request>;
  let inspector: string;
  let clerk: string;
  let otherClerk: string;
  let mine: number;
  let other: number;
  let subject = 0;

  const insertCase = async (employerId: number, status: string): Promise<number> => {
    const at = new Date();
    const res = (await ds.query(
      `INSERT INTO cases (rule, employer_id, subject_key, worker_nik, district, severity, severity_rank, status, summary, summary_id,
         evidence, evidence_hash, legal_basis, rulebook_version, amount_at_stake, first_detected_at, last_detected_at, due_at, updated_at)
       VALUES ('EMPLOYER_UNREGISTERED', ?, ?, NULL, 'Telen', 'high', 3, ?, 'test case', 'kasus uji', '{}', ?, 'PWBD; UU 24/2011 Art 15',
         '1', 0, ?, ?, ?, ?)`,
      [employerId, `s${++subject}|`, status, '0'.repeat(40), at, at, at, at],
    )) as { insertId: number };
    return Number(res.insertId);
  };
  const noticeSent = async (caseId: number) =>
    ds.query(
      `INSERT INTO case_events (case_id, type, from_status, to_status, created_at) VALUES (?, 'transition', 'confirmed', 'notice_sent', ?)`,
      [caseId, new Date()],
    );

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    const seed = new Seed(ds);
    mine = await seed.employer({ name: 'PT Sawit Muara Wahau' });
    other = await seed.employer({ name: 'PT Kebun Lain' });
    const a = await stack.createUser('admin');
    const i = await stack.createUser('inspector');
    app = await stack.startApi();
    http = request(app.getHttpServer());
    const admin = await login(app, a.email, a.password);
    inspector = await login(app, i.email, i.password);
    for (const [email, employerId] of [
      ['hrd@sawit.local', mine],
      ['hrd@lain.local', other],
    ] as const)
      expect(
        (
          await http
            .post('/api/v1/users')
            .set(bearer(admin))
            .send({ email, password: 'kata-sandi-1', role: 'employer', name: 'HRD', employerId })
        ).status,
      ).toBe(201);
    clerk = await login(app, 'hrd@sawit.local', 'kata-sandi-1');
    otherClerk = await login(app, 'hrd@lain.local', 'kata-sandi-1');
  });
  afterAll(() => stack.teardown());

  it("gives an employer's user the letter sent about its own case; another firm's case is a 404", async () => {
    const id = await insertCase(mine, 'notice_sent');
    await noticeSent(id);
    const res = await http
      .get(`/api/v1/employer/cases/${id}/notice.pdf`)
      .set(bearer(clerk))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c)).on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/pdf/);
    expect((res.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    // Another firm's user, exactly as if the case did not exist.
    const foreign = await http.get(`/api/v1/employer/cases/${id}/notice.pdf`).set(bearer(otherClerk));
    expect(foreign.status).toBe(404);
    expect((await http.get('/api/v1/employer/cases/999999/notice.pdf').set(bearer(clerk))).status).toBe(404);
    // Staff use their own route; this one is the employer's.
    expect((await http.get(`/api/v1/employer/cases/${id}/notice.pdf`).set(bearer(inspector))).status).toBe(
      403,
    );
    expect((await http.get(`/api/v1/employer/cases/${id}/notice.pdf`)).status).toBe(401);
  });

  it('a confirmed case whose letter was not sent yet has no letter for the employer (404); the office can still draft it', async () => {
    const id = await insertCase(mine, 'confirmed');
    const res = await http.get(`/api/v1/employer/cases/${id}/notice.pdf`).set(bearer(clerk));
    expect(res.status).toBe(404);
    expect(res.body.detail).toMatch(/No notice letter has been sent/);
    expect((await http.get(`/api/v1/cases/${id}/notice.pdf`).set(bearer(inspector))).status).toBe(200);
  });

  it('a letter once sent stays readable by its recipient after the case is resolved', async () => {
    const id = await insertCase(mine, 'resolved');
    await noticeSent(id);
    expect((await http.get(`/api/v1/employer/cases/${id}/notice.pdf`).set(bearer(clerk))).status).toBe(200);
    // The staff route keeps its rule (a letter only for confirmed or notice_sent cases).
    expect((await http.get(`/api/v1/cases/${id}/notice.pdf`).set(bearer(inspector))).status).toBe(409);
  });

  it('an employer API key reads its letters too', async () => {
    const id = await insertCase(mine, 'notice_sent');
    await noticeSent(id);
    const issued = await http.post(`/api/v1/employers/${mine}/api-keys`).set(bearer(clerk)).send({});
    expect(issued.status).toBe(201);
    const key = issued.body.key as string;
    expect((await http.get(`/api/v1/employer/cases/${id}/notice.pdf`).set(bearer(key))).status).toBe(200);
  });
});
