import { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import { connect } from 'net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { UsersService } from '@patuh/accounts';
import { loadConfig } from '@patuh/config';
import { verifyPassword } from '@patuh/core';
import { createApiApp } from '../apps/api/src/bootstrap';
import { adminCheck, QUEUES_BOARD_THROTTLE } from '../apps/api/src/admin/queues-board.module';
import { bearer, login, TestStack } from './support/stack';

/**
 * Issue #16, items 6 and 9 at the edge: trusted proxies (rate-limit buckets by the real client), the queues board's
 * Basic sign-in throttled and cheap to refuse, principal cycles refused, two API replicas bootstrapping the first
 * admin at once, and the draining 503 as problem+json.
 */
describe('hardening at the edge (issue #16: items 6 and 9)', () => {
  const stack = new TestStack('hardening_edge');
  let plain: INestApplication; // TRUST_PROXY unset: X-Forwarded-For ignored
  let trusting: INestApplication; // TRUST_PROXY=127.0.0.1: the loopback peer is a proxy
  let admin: { id: number; email: string; password: string };
  let inspector: { id: number; email: string; password: string };
  let adminToken: string;

  const appWith = async (env: Record<string, string>) => {
    const app = stack.track(await createApiApp(loadConfig({ ...stack.rawEnv, ...env }), { logger: false }));
    await app.init();
    await (app as NestFastifyApplication).getHttpAdapter().getInstance().ready();
    return app;
  };

  beforeAll(async () => {
    await stack.setup();
    admin = await stack.createUser('admin', 'root@test.local', 'admin-pw-123');
    inspector = await stack.createUser('inspector', 'insp@test.local', 'insp-pw-123');
    plain = await stack.startApi();
    trusting = await appWith({ TRUST_PROXY: '127.0.0.1' });
    adminToken = await login(plain, admin.email, admin.password);
  });
  afterAll(() => stack.teardown());

  describe('TRUST_PROXY: rate limits key on the real client', () => {
    const attempt = (app: INestApplication, xff: string) =>
      request(app.getHttpServer())
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', xff)
        .send({ email: 'nobody@test.local', password: 'not-the-password' });

    it('ignores X-Forwarded-For by default: a rotated header gets no fresh sign-in bucket (429)', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await attempt(plain, `203.0.113.${i + 1}`)).status);
      // The 10th may already be refused: beforeAll's sign-in came from the same (loopback) address.
      expect(statuses.slice(0, 9)).toEqual(Array(9).fill(401));
      expect(statuses[10]).toBe(429);
    });

    it('believes X-Forwarded-For from a trusted proxy: one bucket per client, still 429 for one client', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await attempt(trusting, `198.51.100.${i + 1}`)).status);
      expect(statuses).toEqual(Array(12).fill(401));
      const same: number[] = [];
      for (let i = 0; i < 11; i++) same.push((await attempt(trusting, '198.51.100.200')).status);
      expect(same[10]).toBe(429);
    });
  });

  describe('/admin/queues: Basic sign-in throttled, no hashing for the wrong people', () => {
    it('hashes a password only for an active admin (unknown email, other roles: 401 at no scrypt)', async () => {
      let hashed = 0;
      const check = adminCheck(plain.get(JwtService), plain.get<DataSource>(getDataSourceToken()), (p, h) => {
        hashed++;
        return verifyPassword(p, h);
      });
      const basic = (user: string, pw: string) => `Basic ${Buffer.from(`${user}:${pw}`).toString('base64')}`;
      expect((await check(basic('nobody@test.local', 'x'))).status).toBe(401);
      expect((await check(basic(inspector.email, inspector.password))).status).toBe(401);
      expect((await check(`Basic ${'A'.repeat(5000)}`)).status).toBe(401);
      expect(hashed).toBe(0);
      expect((await check(basic(admin.email, 'wrong'))).status).toBe(401);
      expect((await check(basic(admin.email.toUpperCase(), admin.password))).status).toBe(200);
      expect(hashed).toBe(2);
    });

    it('answers 429 problem+json with Retry-After after too many failures from one client, others unaffected', async () => {
      const http = request(trusting.getHttpServer());
      const guess = () =>
        http.get('/admin/queues').set('X-Forwarded-For', '192.0.2.10').auth('guess@test.local', 'guess');
      for (let i = 0; i < QUEUES_BOARD_THROTTLE.failures; i++) expect((await guess()).status).toBe(401);
      const refused = await guess();
      expect(refused.status).toBe(429);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
      // Throttled means throttled: the right password from that client waits too (no oracle while blocked).
      const right = await http
        .get('/admin/queues')
        .set('X-Forwarded-For', '192.0.2.10')
        .auth(admin.email, admin.password);
      expect(right.status).toBe(429);
      // Another client signs in; a request without credentials (the browser's first) never counted.
      expect(
        (
          await http
            .get('/admin/queues')
            .set('X-Forwarded-For', '192.0.2.11')
            .auth(admin.email, admin.password)
        ).status,
      ).toBeLessThan(400);
      for (let i = 0; i < QUEUES_BOARD_THROTTLE.failures + 2; i++)
        expect((await http.get('/admin/queues').set('X-Forwarded-For', '192.0.2.12')).status).toBe(401);
    });

    it('throttles one account guessed from many clients', async () => {
      const http = request(trusting.getHttpServer());
      const victim = 'insp@test.local';
      for (let i = 0; i < QUEUES_BOARD_THROTTLE.failures; i++)
        expect(
          (
            await http
              .get('/admin/queues')
              .set('X-Forwarded-For', `192.0.2.${100 + i}`)
              .auth(victim, `g${i}`)
          ).status,
        ).toBe(401);
      const res = await http
        .get('/admin/queues')
        .set('X-Forwarded-For', '192.0.2.199')
        .auth(victim, 'g-last');
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBeDefined();
    });

    it('without trusted proxies, rotating X-Forwarded-For does not escape the throttle', async () => {
      const http = request(plain.getHttpServer());
      const statuses: number[] = [];
      for (let i = 0; i <= QUEUES_BOARD_THROTTLE.failures; i++)
        statuses.push(
          (
            await http
              .get('/admin/queues')
              .set('X-Forwarded-For', `203.0.113.${50 + i}`)
              .auth(`x${i}@t.local`, 'x')
          ).status,
        );
      expect(statuses[QUEUES_BOARD_THROTTLE.failures]).toBe(429);
    });
  });

  describe('principal cycles', () => {
    const http = () => request(plain.getHttpServer());
    let nib = 9300000000000;
    const create = async (name: string, principalEmployerId?: number) =>
      http()
        .post('/api/v1/employers')
        .set(bearer(adminToken))
        .send({ nib: String(++nib), name, scale: 'small', npp: null, principalEmployerId });
    const setPrincipal = (id: number, principalEmployerId: number | null) =>
      http().patch(`/api/v1/employers/${id}`).set(bearer(adminToken)).send({ principalEmployerId });
    const expectLoop = (res: request.Response) => {
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors).toEqual([
        { path: 'principalEmployerId', message: expect.stringMatching(/loop.*\/.*lingkaran/) },
      ]);
    };

    it('refuses A→B, B→A and longer loops, and self, on PATCH; a chain without a loop is fine', async () => {
      const a = (await create('PT Siklus A')).body.id as number;
      const b = (await create('PT Siklus B')).body.id as number;
      const c = (await create('PT Siklus C')).body.id as number;
      expect((await setPrincipal(a, b)).status).toBe(200);
      expectLoop(await setPrincipal(b, a));
      expect((await setPrincipal(c, a)).status).toBe(200); // c → a → b
      expectLoop(await setPrincipal(b, c)); // b → c → a → b
      const self = await setPrincipal(a, a);
      expect(self.status).toBe(400);
      expect(self.body.errors[0].path).toBe('principalEmployerId');
      // A contractor of the chain's end is no loop; nor is clearing and re-pointing.
      expect((await create('PT Siklus D', c)).status).toBe(201);
      expect((await setPrincipal(a, null)).status).toBe(200);
      expect((await setPrincipal(b, c)).status).toBe(200); // b → c → a (a has none now)
      const rows = (await (
        await stack.db()
      ).query('SELECT id, principal_employer_id AS p FROM employers WHERE id IN (?)', [[a, b, c]])) as {
        id: number;
        p: number | null;
      }[];
      expect(Object.fromEntries(rows.map((r) => [r.id, r.p]))).toEqual({ [a]: null, [b]: c, [c]: a });
    });

    it('lets only one of two concurrent opposite links through', async () => {
      for (let round = 0; round < 3; round++) {
        const x = (await create(`PT Balapan X${round}`)).body.id as number;
        const y = (await create(`PT Balapan Y${round}`)).body.id as number;
        const [r1, r2] = await Promise.all([setPrincipal(x, y), setPrincipal(y, x)]);
        expect([r1.status, r2.status].sort()).toEqual([200, 409]);
      }
    });

    it('refuses a new contractor of a chain that already loops (data stored before the check)', async () => {
      const e = (await create('PT Lama E')).body.id as number;
      const f = (await create('PT Lama F', e)).body.id as number;
      await (await stack.db()).query('UPDATE employers SET principal_employer_id = ? WHERE id = ?', [f, e]);
      expectLoop(await create('PT Baru G', e));
    });
  });

  describe('draining', () => {
    it('answers requests that arrive while the server closes with 503 problem+json', async () => {
      const app = stack.track(await createApiApp(stack.config, { logger: false }));
      const fastify = (app as NestFastifyApplication).getHttpAdapter().getInstance();
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let entered!: () => void;
      const inHandler = new Promise<void>((r) => (entered = r));
      let closing!: () => void;
      const closeStarted = new Promise<void>((r) => (closing = r));
      fastify.get('/test-hold', async () => {
        entered();
        await gate;
        return { held: true };
      });
      fastify.addHook('preClose', (done) => {
        closing();
        done();
      });
      const port = await listenInRange(app);
      const socket = connect(port, '127.0.0.1');
      let raw = '';
      socket.on('data', (d) => (raw += d.toString('utf8')));
      const ended = new Promise<void>((r) => socket.on('close', () => r()));
      socket.write('GET /test-hold HTTP/1.1\r\nHost: localhost\r\n\r\n');
      await inHandler;
      const closed = app.close();
      await closeStarted;
      // A second request on the open connection, after closing began.
      socket.write('GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n');
      await new Promise((r) => setTimeout(r, 200));
      release();
      await ended;
      await closed;
      const responses = raw.split(/(?=HTTP\/1\.1 \d{3})/);
      expect(responses[0]).toMatch(/^HTTP\/1\.1 200/);
      const refused = responses[1] ?? '';
      expect(refused).toMatch(/^HTTP\/1\.1 503/);
      expect(refused).toMatch(/content-type: application\/problem\+json/i);
      expect(refused).toMatch(/retry-after: \d+/i);
      const body = JSON.parse(refused.slice(refused.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
      expect(body).toMatchObject({ status: 503, title: 'Service Unavailable', type: expect.any(String) });
      expect(body.detail).toEqual(expect.any(String));
    });
  });
});

/** Listens on 127.0.0.1 on a free port in this helper's range (44000-44999). */
async function listenInRange(app: INestApplication): Promise<number> {
  for (let port = 44000 + (process.pid % 500); port < 45000; port++) {
    try {
      await (app as NestFastifyApplication).listen(port, '127.0.0.1');
      return port;
    } catch (e) {
      if ((e as { code?: string }).code !== 'EADDRINUSE') throw e;
    }
  }
  throw new Error('no free port in 44000-44999');
}

describe('bootstrap admin with two API replicas starting at once (issue #16, item 9)', () => {
  const stack = new TestStack('boot_race', {
    BOOTSTRAP_ADMIN_EMAIL: 'first@test.local',
    BOOTSTRAP_ADMIN_PASSWORD: 'first-admin-pw',
  });
  beforeAll(() => stack.setup());
  afterAll(() => stack.teardown());

  it('both start, and there is exactly one admin', async () => {
    const start = async () => {
      const app = stack.track(await createApiApp(stack.config, { logger: false }));
      await app.init();
      return app;
    };
    const [a, b] = await Promise.all([start(), start()]);
    const ds = await stack.db();
    const count = async () =>
      (await ds.query('SELECT email, role FROM users')) as { email: string; role: string }[];
    expect(await count()).toEqual([{ email: 'first@test.local', role: 'admin' }]);
    // The race itself, made certain: both replicas find no user and insert at once, three times over.
    for (let round = 0; round < 3; round++) {
      await ds.query('DELETE FROM users');
      await Promise.all([
        a.get(UsersService).onApplicationBootstrap(),
        b.get(UsersService).onApplicationBootstrap(),
        a.get(UsersService).onApplicationBootstrap(),
      ]);
      expect(await count()).toEqual([{ email: 'first@test.local', role: 'admin' }]);
    }
  });
});
