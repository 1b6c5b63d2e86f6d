import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { bearer, login, TestStack } from './support/stack';
import { Seed } from './support/seed';

/**
 * CONTRACT §2 and issue #18: an `employer` user is made by an admin for one employer, signs in like the others,
 * and has that employer's rights and nothing more (as its API key: another employer's anything is a 404, every
 * office route a 403). It can make and revoke its own firm's API keys.
 */
describe('employer users (CONTRACT §2)', () => {
  const stack = new TestStack('employer_users');
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  let admin: string;
  let mine: number;
  let other: number;
  let clerk: string;
  let clerkId: number;

  beforeAll(async () => {
    await stack.setup();
    const seed = new Seed(await stack.db());
    mine = await seed.employer({ name: 'PT Sawit Muara Wahau' });
    other = await seed.employer({ name: 'PT Lain' });
    const a = await stack.createUser('admin');
    app = await stack.startApi();
    http = request(app.getHttpServer());
    admin = await login(app, a.email, a.password);
    const made = await http.post('/api/v1/users').set(bearer(admin)).send({
      email: 'HRD@sawit.local',
      password: 'kata-sandi-1',
      role: 'employer',
      name: 'Bu Rina',
      employerId: mine,
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ role: 'employer', employerId: mine, districts: [] });
    clerkId = made.body.id as number;
    clerk = await login(app, 'hrd@sawit.local', 'kata-sandi-1');
  });
  afterAll(() => stack.teardown());

  it('needs employerId for role employer, and refuses it for any other role or an unknown employer', async () => {
    const base = { password: 'kata-sandi-1', name: 'X' };
    const none = await http
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({ ...base, email: 'a@x.local', role: 'employer' });
    expect(none.status).toBe(400);
    expect(JSON.stringify(none.body)).toMatch(/employerId/);
    const staff = await http
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({ ...base, email: 'b@x.local', role: 'inspector', employerId: mine });
    expect(staff.status).toBe(400);
    const unknown = await http
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({ ...base, email: 'c@x.local', role: 'employer', employerId: 999999 });
    expect(unknown.status).toBe(400);
    expect((await http.get('/api/v1/users').set(bearer(admin))).body).toHaveLength(2);
  });

  it('signs in and says who it is, with its employer', async () => {
    const me = await http.get('/api/v1/users/me').set(bearer(clerk));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ role: 'employer', employerId: mine, email: 'hrd@sawit.local' });
  });

  it("reads its own employer, and another employer's is a 404", async () => {
    expect((await http.get(`/api/v1/employers/${mine}`).set(bearer(clerk))).status).toBe(200);
    const foreign = await http.get(`/api/v1/employers/${other}`).set(bearer(clerk));
    expect(foreign.status).toBe(404);
    const list = await http.get('/api/v1/employers').set(bearer(clerk));
    expect(list.status).toBe(200);
    expect((list.body.items as { id: number }[]).map((e) => e.id)).toEqual([mine]);
  });

  it('is refused every office route (403), as its API key is', async () => {
    for (const path of [
      '/api/v1/cases',
      '/api/v1/users',
      '/api/v1/sweeps',
      '/api/v1/stats',
      '/api/v1/users/assignable',
    ])
      expect([path, (await http.get(path).set(bearer(clerk))).status]).toEqual([path, 403]);
    const sweep = await http.post('/api/v1/sweeps').set(bearer(clerk)).send({});
    expect(sweep.status).toBe(403);
  });

  it('submits a self-report for its own employer, recorded as submitted by the clerk', async () => {
    const res = await http
      .post('/api/v1/self-reports')
      .set(bearer(clerk))
      .send({ workers: [{ nik: '6408014107950003', name: 'Siti Rahmawati', birthDate: '1995-07-01' }] });
    expect(res.status).toBe(202);
    const list = await http.get('/api/v1/self-reports').set(bearer(clerk));
    expect(list.status).toBe(200);
    expect((list.body.items as { id: number }[]).map((r) => r.id)).toContain(res.body.id);
    const ds = await stack.db();
    const [row] = (await ds.query('SELECT employer_id, submitted_by_user_id FROM self_reports WHERE id = ?', [
      res.body.id,
    ])) as { employer_id: number; submitted_by_user_id: number }[];
    expect(row).toEqual({ employer_id: mine, submitted_by_user_id: clerkId });
  });

  it("makes and revokes its firm's API keys, not another firm's; the key works as the employer", async () => {
    const issued = await http
      .post(`/api/v1/employers/${mine}/api-keys`)
      .set(bearer(clerk))
      .send({ label: 'payroll export' });
    expect(issued.status).toBe(201);
    const key = issued.body.key as string;
    expect((await http.get(`/api/v1/employers/${mine}`).set(bearer(key))).status).toBe(200);
    // A key cannot make keys: only people can.
    expect(
      (await http.post(`/api/v1/employers/${mine}/api-keys`).set(bearer(key)).send({ label: 'x' })).status,
    ).toBe(403);
    expect(
      (await http.post(`/api/v1/employers/${other}/api-keys`).set(bearer(clerk)).send({ label: 'x' })).status,
    ).toBe(404);
    expect((await http.get(`/api/v1/employers/${other}/api-keys`).set(bearer(clerk))).status).toBe(404);
    const keys = await http.get(`/api/v1/employers/${mine}/api-keys`).set(bearer(clerk));
    expect(keys.status).toBe(200);
    expect(keys.body).toHaveLength(1);
    const revoked = await http
      .delete(`/api/v1/employers/${mine}/api-keys/${issued.body.id}`)
      .set(bearer(clerk));
    expect(revoked.status).toBe(204);
    expect((await http.get(`/api/v1/employers/${mine}`).set(bearer(key))).status).toBe(401);
  });

  it('changes its own password', async () => {
    const res = await http
      .post('/api/v1/auth/password')
      .set(bearer(clerk))
      .send({ currentPassword: 'kata-sandi-1', newPassword: 'kata-sandi-2' });
    expect(res.status).toBe(200);
    clerk = res.body.accessToken as string;
    expect((await http.get('/api/v1/users/me').set(bearer(clerk))).status).toBe(200);
  });

  it('cannot be turned into staff by PATCH (409), and deactivation ends its sessions', async () => {
    const promote = await http
      .patch(`/api/v1/users/${clerkId}`)
      .set(bearer(admin))
      .send({ role: 'inspector' });
    expect(promote.status).toBe(409);
    const off = await http.patch(`/api/v1/users/${clerkId}`).set(bearer(admin)).send({ active: false });
    expect(off.status).toBe(200);
    expect((await http.get('/api/v1/users/me').set(bearer(clerk))).status).toBe(401);
  });
});
