import { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { bearer, login, TestStack } from './support/stack';

describe('access control (CONTRACT §2)', () => {
  const stack = new TestStack('auth');
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  let adminToken: string;
  let inspectorToken: string;

  const employer = (nib: string, extra: Record<string, unknown> = {}) => ({
    nib,
    name: `PT ${nib}`,
    scale: 'medium',
    npp: null,
    district: 'Sangatta Utara',
    ...extra,
  });

  beforeAll(async () => {
    await stack.setup();
    const admin = await stack.createUser('admin');
    const inspector = await stack.createUser('inspector');
    app = await stack.startApi();
    http = request(app.getHttpServer());
    adminToken = await login(app, admin.email, admin.password);
    inspectorToken = await login(app, inspector.email, inspector.password);
  });
  afterAll(() => stack.teardown());

  it('logs in with the right password and returns the user without its hash', async () => {
    const res = await http
      .post('/api/v1/auth/login')
      .send({ email: 'admin@test.local', password: 'password-123' });
    expect(res.status).toBe(200);
    expect(res.body.accessToken).toEqual(expect.any(String));
    expect(res.body.user).toMatchObject({ email: 'admin@test.local', role: 'admin' });
    expect(JSON.stringify(res.body)).not.toMatch(/scrypt|passwordHash/);
  });

  it('refuses a wrong password with 401 problem+json', async () => {
    const res = await http
      .post('/api/v1/auth/login')
      .send({ email: 'admin@test.local', password: 'nope-nope' });
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 401, title: 'Unauthorized' });
  });

  it('answers 401 without credentials and with a forged token', async () => {
    expect((await http.get('/api/v1/employers')).status).toBe(401);
    expect((await http.get('/api/v1/employers').set(bearer('not.a.jwt'))).status).toBe(401);
  });

  it('refuses a token once it expires, even one verified (and remembered) a moment before', async () => {
    const jwt = app.get(JwtService);
    const short = await jwt.signAsync({ sub: 1, role: 'inspector', email: 'x@test.local' }, { expiresIn: 1 });
    expect((await http.get('/api/v1/users/me').set(bearer(short))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2100));
    expect((await http.get('/api/v1/users/me').set(bearer(short))).status).toBe(401);
  });

  it('answers 403 to an inspector on an admin route', async () => {
    const res = await http
      .post('/api/v1/employers')
      .set(bearer(inspectorToken))
      .send(employer('1000000000001'));
    expect(res.status).toBe(403);
    expect((await http.post('/api/v1/users').set(bearer(inspectorToken)).send({})).status).toBe(403);
  });

  it('lets an admin create users; the new user can log in with its role', async () => {
    const res = await http
      .post('/api/v1/users')
      .set(bearer(adminToken))
      .send({ email: 'sup@test.local', password: 'supervisor-pw', role: 'supervisor', name: 'Sup' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: 'sup@test.local', role: 'supervisor' });
    const token = await login(app, 'sup@test.local', 'supervisor-pw');
    expect((await http.get('/api/v1/users/me').set(bearer(token))).body).toMatchObject({
      role: 'supervisor',
    });
    const dup = await http
      .post('/api/v1/users')
      .set(bearer(adminToken))
      .send({ email: 'sup@test.local', password: 'supervisor-pw', role: 'supervisor', name: 'Sup' });
    expect(dup.status).toBe(409);
  });

  it('scopes employer keys: own record 200, another employer 404, admin routes 403, revoked key 401', async () => {
    const a = (await http.post('/api/v1/employers').set(bearer(adminToken)).send(employer('2000000000001')))
      .body;
    const b = (await http.post('/api/v1/employers').set(bearer(adminToken)).send(employer('2000000000002')))
      .body;
    const issued = await http.post(`/api/v1/employers/${a.id}/api-keys`).set(bearer(adminToken)).send({});
    expect(issued.status).toBe(201);
    const key = issued.body.key as string;
    expect(key).toMatch(/^patuh_/);

    const own = await http.get(`/api/v1/employers/${a.id}`).set(bearer(key));
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: a.id, compliance: { workers: 0, openCases: 0 } });
    const other = await http.get(`/api/v1/employers/${b.id}`).set(bearer(key));
    expect(other.status).toBe(404);
    const missing = await http.get(`/api/v1/employers/999999`).set(bearer(key));
    expect(missing.status).toBe(404);
    expect(other.body.detail).toBe(missing.body.detail);

    const list = await http.get('/api/v1/employers').set(bearer(key));
    expect(list.body.items.map((e: { id: number }) => e.id)).toEqual([a.id]);
    expect(
      (await http.post('/api/v1/employers').set(bearer(key)).send(employer('2000000000003'))).status,
    ).toBe(403);

    // The key is stored only as a hash.
    const ds = await stack.db();
    const stored = JSON.stringify(await ds.query('SELECT * FROM api_keys'));
    expect(stored).not.toContain(key);

    const revoke = await http
      .delete(`/api/v1/employers/${a.id}/api-keys/${issued.body.id}`)
      .set(bearer(adminToken));
    expect(revoke.status).toBe(204);
    expect((await http.get(`/api/v1/employers/${a.id}`).set(bearer(key))).status).toBe(401);
  });

  it('validates employers: bad fields 400 with paths, duplicate NIB 409, unknown district 400', async () => {
    const bad = await http
      .post('/api/v1/employers')
      .set(bearer(adminToken))
      .send({ nib: '123', name: '', scale: 'huge', npp: null, jkkRiskGroup: 9 });
    expect(bad.status).toBe(400);
    const paths = (bad.body.errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(expect.arrayContaining(['jkkRiskGroup', 'name', 'nib', 'scale']));

    const ok = await http
      .post('/api/v1/employers')
      .set(bearer(adminToken))
      .send(employer('3000000000001', { district: 'sangatta selatan' }));
    expect(ok.status).toBe(201);
    expect(ok.body.district).toBe('Sangatta Selatan');
    expect(
      (await http.post('/api/v1/employers').set(bearer(adminToken)).send(employer('3000000000001'))).status,
    ).toBe(409);
    const wrongDistrict = await http
      .post('/api/v1/employers')
      .set(bearer(adminToken))
      .send(employer('3000000000002', { district: 'Jakarta' }));
    expect(wrongDistrict.status).toBe(400);
    expect(wrongDistrict.body.errors[0].path).toBe('district');

    const patched = await http
      .patch(`/api/v1/employers/${ok.body.id}`)
      .set(bearer(adminToken))
      .send({ npp: '24001234' });
    expect(patched.status).toBe(200);
    expect(patched.body.npp).toBe('24001234');
  });

  it('pages employers with a cursor and filters them', async () => {
    for (let i = 0; i < 5; i++)
      await http
        .post('/api/v1/employers')
        .set(bearer(adminToken))
        .send(employer(`400000000000${i}`, { district: 'Bengalon', scale: 'small' }));
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await http
        .get('/api/v1/employers')
        .query({ district: 'Bengalon', limit: 2, ...(cursor ? { cursor } : {}) })
        .set(bearer(inspectorToken));
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((e: { id: number }) => e.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect(
      (await http.get('/api/v1/employers').query({ cursor: 'garbage' }).set(bearer(inspectorToken))).status,
    ).toBe(400);
  });

  it('serves health and the OpenAPI document without credentials', async () => {
    expect((await http.get('/health/live')).status).toBe(200);
    const ready = await http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info).toMatchObject({ database: { status: 'up' }, redis: { status: 'up' } });
    const doc = await http.get('/api/docs-json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/employers/{id}']),
    );
    const metrics = await http.get('/metrics');
    expect(metrics.text).toMatch(/patuh_http_request_duration_seconds/);
  });
});
