import { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHmac } from 'crypto';
import request from 'supertest';
import { bearer, login, TestStack } from './support/stack';

const SECRET = 'test-secret-test-secret-0123456789'; // TestStack's JWT_SECRET

/** A JWT by hand: any header, any claims, signed (or not) with the stack's secret. */
function forge(header: Record<string, unknown>, claims: Record<string, unknown>, hmac?: 'sha256' | 'sha512') {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${b64(header)}.${b64(claims)}`;
  const sig = hmac ? createHmac(hmac, SECRET).update(input).digest('base64url') : '';
  return `${input}.${sig}`;
}

describe('hardening (issue #16: items 8 and 9, JWT)', () => {
  const stack = new TestStack('hardening_h16');
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  let adminToken: string;
  let claims: Record<string, unknown>;

  beforeAll(async () => {
    await stack.setup();
    const admin = await stack.createUser('admin');
    app = await stack.startApi();
    http = request(app.getHttpServer());
    adminToken = await login(app, admin.email, admin.password);
    const { iat: _iat, exp: _exp, ...rest } = app.get(JwtService).decode<Record<string, unknown>>(adminToken);
    claims = rest;
  });
  afterAll(() => stack.teardown());

  const now = () => Math.floor(Date.now() / 1000);
  const me = (token: string) => http.get('/api/v1/users/me').set(bearer(token));

  describe('JWT: HS256 only, exp required', () => {
    it('accepts a hand-made HS256 token with exp (the forgeries below differ only in what is tested)', async () => {
      const ok = forge({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now(), exp: now() + 600 }, 'sha256');
      expect((await me(ok)).status).toBe(200);
    });
    it('refuses a token signed with the right secret but HS512', async () => {
      const t = forge({ alg: 'HS512', typ: 'JWT' }, { ...claims, iat: now(), exp: now() + 600 }, 'sha512');
      const res = await me(t);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    });
    it('refuses a token without exp', async () => {
      const t = forge({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now() }, 'sha256');
      expect((await me(t)).status).toBe(401);
    });
    it('refuses alg none', async () => {
      const t = forge({ alg: 'none', typ: 'JWT' }, { ...claims, iat: now(), exp: now() + 600 });
      expect((await me(t)).status).toBe(401);
    });
    it('refuses the same forgeries on /admin/queues', async () => {
      const ok = forge({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now(), exp: now() + 600 }, 'sha256');
      const good = await http.get('/admin/queues').set(bearer(ok));
      expect(good.status).toBeLessThan(400);
      for (const t of [
        forge({ alg: 'HS512', typ: 'JWT' }, { ...claims, iat: now(), exp: now() + 600 }, 'sha512'),
        forge({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now() }, 'sha256'),
        forge({ alg: 'none', typ: 'JWT' }, { ...claims, iat: now(), exp: now() + 600 }),
      ])
        expect((await http.get('/admin/queues').set(bearer(t))).status).toBe(401);
    });
  });

  describe('PATCH /employers/{id} with null', () => {
    let id: number;
    beforeAll(async () => {
      const res = await http.post('/api/v1/employers').set(bearer(adminToken)).send({
        nib: '9100000000001',
        name: 'PT Null',
        scale: 'small',
        npp: 'NPP-1',
        district: 'Sangatta Utara',
        kbli: '05100',
        jkkRiskGroup: 2,
        contactEmail: 'hrd@null.test',
      });
      expect(res.status).toBe(201);
      id = res.body.id;
    });

    it.each(['nib', 'name', 'scale'])(
      'answers 400 problem+json naming %s when it is set to null',
      async (field) => {
        const res = await http
          .patch(`/api/v1/employers/${id}`)
          .set(bearer(adminToken))
          .send({ [field]: null });
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect([...new Set((res.body.errors as { path: string }[]).map((e) => e.path))]).toEqual([field]);
      },
    );

    it.each(['npp', 'district', 'kbli', 'jkkRiskGroup', 'contactEmail', 'principalEmployerId'])(
      'clears the nullable %s with null',
      async (field) => {
        const res = await http
          .patch(`/api/v1/employers/${id}`)
          .set(bearer(adminToken))
          .send({ [field]: null });
        expect(res.status).toBe(200);
        expect(res.body[field]).toBeNull();
      },
    );

    it('kept the employer whole after the refused nulls', async () => {
      const res = await http.get(`/api/v1/employers/${id}`).set(bearer(adminToken));
      expect(res.body).toMatchObject({ nib: '9100000000001', name: 'PT Null', scale: 'small' });
    });
  });
});
