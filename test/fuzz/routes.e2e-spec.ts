/**
 * @jest-environment ./test/fuzz/environment.ts
 */
import { createHmac } from 'crypto';
import fc from 'fast-check';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { hashPassword } from '@patuh/core';
import { createWorkerApp } from '../../apps/worker/src/bootstrap';
import { Seed } from '../support/seed';
import { bearer, eventually, TestStack } from '../support/stack';
import {
  check,
  deepJson,
  FUZZ_RUNS,
  FUZZ_SEED,
  FuzzApi,
  fuzzOptions,
  Hints,
  isEncodable,
  mutateJson,
  mutation,
  nastyString,
  Operation,
  operationsOf,
  pathSegment,
  SchemaArbitraries,
  sometimes,
  validNik,
} from './harness';

/**
 * Issue #16, fuzzing: every operation of the served OpenAPI document, as every principal (none, an employer key,
 * inspector, supervisor, admin; the contract's "employer user" role does not exist yet), with generated path
 * parameters (valid ids, another employer's, garbage, huge numbers, unicode), query parameters (from the schema
 * and off it), headers (bad Authorization forms, content types, huge values) and bodies (from the request schema,
 * and valid bodies mutated: wrong types, nulls, extra fields, deep nesting, big strings). Every response: no 5xx,
 * a documented status, 4xx as problem+json, 2xx bodies matching their schema; an employer key never reads another
 * employer's resource; no unhandled rejection; no NIK we sent in any log line whole (the API logs at debug).
 * Bounded: FUZZ_RUNS runs per (operation, principal), seed FUZZ_SEED; a failure prints seed and counterexample.
 */
describe('fuzz: every route of the OpenAPI document', () => {
  const stack = new TestStack('fuzz_routes', {
    LOG_LEVEL: 'debug',
    SELF_REPORT_RATE_LIMIT: '100000',
    SELF_REPORT_MAX_BYTES: String(256 * 1024),
    ALERT_POLL_MS: '200',
    WEBHOOK_BACKOFF_MS: '100',
  });
  const api = new FuzzApi(stack);
  let ds: DataSource;
  const NIK_A = '6408014107950003';
  const NIK_B = '6408011203880001';
  const NIK_UNKNOWN = '6408015506900002';
  const tokens: Record<string, string | undefined> = { none: undefined };
  const ids = {
    A: 0,
    B: 0,
    spareUsers: [] as number[],
    principalUsers: {} as Record<string, number>,
    spareKeys: [] as number[],
    casesA: [] as number[],
    casesB: [] as number[],
    reportsA: [] as number[],
    reportsB: [] as number[],
    sweeps: [] as number[],
    subscriptions: [] as number[],
    deliveries: [] as string[],
  };

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    const seed = new Seed(ds);
    ids.A = await seed.employer({ name: 'PT Tambang Fuzz', scale: 'medium' });
    ids.B = await seed.employer({ name: 'CV Kontraktor Fuzz', scale: 'small', district: 'Bengalon' });
    const wa = await seed.worker(NIK_A, 'Siti Rahmawati', '1995-07-01');
    const wb = await seed.worker(NIK_B, 'Budi Santoso', '1988-03-12');
    await seed.contract({
      employerId: ids.A,
      workerId: wa,
      ref: 'A-1',
      start: '2024-01-01',
      end: '2024-12-31',
    });
    await seed.enrolment({ employerId: ids.A, workerId: wa, from: '2024-02-01' });
    await seed.contract({
      employerId: ids.B,
      workerId: wb,
      ref: 'B-1',
      start: '2024-01-01',
      end: '2025-12-31',
    });
    // Users the fuzzer may edit first (small ids); the principals' own accounts and keys far above, where a
    // generated id almost never lands (a deactivated admin would make the rest of the run vacuous).
    for (let i = 0; i < 3; i++)
      ids.spareUsers.push((await stack.createUser('inspector', `spare${i}@test.local`)).id);
    const hash = await hashPassword('password-123');
    let next = 90_001;
    for (const role of ['admin', 'supervisor', 'inspector'] as const) {
      await ds.query('INSERT INTO users (id, email, name, role, password_hash) VALUES (?, ?, ?, ?, ?)', [
        next,
        `${role}@test.local`,
        `Fuzz ${role}`,
        role,
        hash,
      ]);
      ids.principalUsers[role] = next++;
    }
    // Employer A's HR clerk (#18): an `employer` user, with exactly the rights of A's API key.
    await ds.query(
      'INSERT INTO users (id, email, name, role, employer_id, password_hash) VALUES (?, ?, ?, ?, ?, ?)',
      [next, 'clerk@test.local', 'Fuzz clerk', 'employer', ids.A, hash],
    );
    ids.principalUsers.employerUser = next;
    await api.start();
    const http = () => request(api.app.getHttpServer());
    for (const role of ['admin', 'supervisor', 'inspector'])
      tokens[role] = (
        await http()
          .post('/api/v1/auth/login')
          .send({ email: `${role}@test.local`, password: 'password-123' })
      ).body.accessToken as string;
    tokens.employerUser = (
      await http().post('/api/v1/auth/login').send({ email: 'clerk@test.local', password: 'password-123' })
    ).body.accessToken as string;
    const key = async (employerId: number) =>
      (
        await http()
          .post(`/api/v1/employers/${employerId}/api-keys`)
          .set(bearer(tokens.admin!))
          .send({})
          .expect(201)
      ).body as { id: number; key: string };
    for (const e of [ids.A, ids.A, ids.B, ids.B]) ids.spareKeys.push((await key(e)).id);
    await ds.query('ALTER TABLE api_keys AUTO_INCREMENT = 90001');
    tokens.employer = (await key(ids.A)).key;
    const keyB = (await key(ids.B)).key;
    for (const [k, list] of [
      [tokens.employer, ids.reportsA],
      [keyB, ids.reportsB],
    ] as const) {
      const r = await http()
        .post('/api/v1/self-reports')
        .set(bearer(k))
        .send({ workers: [{ nik: NIK_UNKNOWN, name: 'Dewi Lestari', birthDate: '1990-06-15' }] })
        .expect(202);
      list.push(r.body.id as number);
    }
    ids.subscriptions.push(
      (
        await http()
          .post('/api/v1/alert-subscriptions')
          .set(bearer(tokens.supervisor!))
          .send({ channel: 'email', target: 'pengawas@kutaitimurkab.go.id', events: ['case.opened'] })
          .expect(201)
      ).body.id as number,
    );
    // A worker for the seed only: one sweep opens cases (and email deliveries, undeliverable without SMTP).
    // (with its logger on: a Nest app made with `logger: false` silences Nest's logger for the whole process)
    const worker = stack.track(await createWorkerApp(stack.config));
    await worker.init();
    worker.flushLogs();
    const sweep = await http()
      .post('/api/v1/sweeps')
      .set(bearer(tokens.supervisor!))
      .send({ asOf: '2025-06-30' })
      .expect(202);
    ids.sweeps.push(sweep.body.id as number);
    await eventually(async () => {
      const r = await http().get(`/api/v1/sweeps/${ids.sweeps[0]}`).set(bearer(tokens.inspector!));
      return r.body.status === 'completed' ? true : undefined;
    });
    const deliveries = await eventually(async () => {
      const r = await http().get('/api/v1/alert-deliveries').set(bearer(tokens.supervisor!));
      return (r.body.items as { id: string }[]).length ? (r.body.items as { id: string }[]) : undefined;
    }).catch(() => [] as { id: string }[]);
    ids.deliveries.push(...deliveries.map((d) => String(d.id)));
    await worker.close();
    const cases = (await ds.query('SELECT id, employer_id FROM cases')) as {
      id: number;
      employer_id: number;
    }[];
    ids.casesA = cases.filter((c) => c.employer_id === ids.A).map((c) => c.id);
    ids.casesB = cases.filter((c) => c.employer_id === ids.B).map((c) => c.id);
    expect(ids.casesA.length).toBeGreaterThan(0);
    expect(ids.casesB.length).toBeGreaterThan(0);
  }, 180_000);

  afterAll(async () => {
    api.stop();
    await stack.teardown();
  });

  const PRINCIPALS = ['none', 'employer', 'employerUser', 'inspector', 'supervisor', 'admin'] as const;
  type PrincipalName = (typeof PRINCIPALS)[number];

  /** Authorization forms that must never authenticate (or never crash): malformed, forged, off-algorithm. */
  const badAuth = (token: string | undefined): string[] => {
    const t = token ?? 'x';
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const jwt = (alg: string, claims: object, secret = stack.env.JWT_SECRET!) => {
      const head = `${b64({ alg, typ: 'JWT' })}.${b64(claims)}`;
      const hmac = alg === 'none' ? '' : createHmac(alg === 'HS512' ? 'sha512' : 'sha256', secret);
      return `${head}.${hmac ? hmac.update(head).digest('base64url') : ''}`;
    };
    const now = Math.floor(Date.now() / 1000);
    const admin = { sub: ids.principalUsers.admin, role: 'admin', email: 'admin@test.local', tv: 0 };
    return [
      'Bearer',
      'Bearer ',
      `bearer ${t}`,
      `Bearer  ${t}`,
      t,
      `Basic ${Buffer.from('admin@test.local:password-123').toString('base64')}`,
      `Bearer ${t}x`,
      `Bearer ${t.slice(0, -3)}`,
      `Bearer ${'a'.repeat(7000)}`,
      `Bearer ${jwt('none', { ...admin, exp: now + 600 })}`,
      `Bearer ${jwt('HS512', { ...admin, exp: now + 600 })}`,
      `Bearer ${jwt('HS256', admin)}`,
      `Bearer ${jwt('HS256', { ...admin, exp: now - 10 })}`,
      `Bearer ${jwt('HS256', { ...admin, exp: now + 600 }, 'wrong-secret-wrong-secret-0123')}`,
      `Bearer ${jwt('HS256', { ...admin, sub: '1 OR 1=1', exp: now + 600 })}`,
      `Bearer patuh_${'A'.repeat(43)}`,
      'Bearer null',
      `Token ${t}`,
      `Bearer ${t}, Bearer ${t}`,
    ];
  };

  const ascii = fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    maxLength: 60,
  });
  const headerArb = fc.record(
    {
      'content-type': fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'application/merge-patch+json',
        'text/plain',
        'text/csv',
        'application/x-www-form-urlencoded',
        'multipart/form-data',
        'multipart/form-data; boundary=x',
        'application/xml',
        'application/json; charset=latin1',
        '*/*',
        ';;;',
        'a'.repeat(5000),
      ),
      accept: fc.constantFrom('application/json', 'text/html', 'application/xml', '*/*', 'x'.repeat(5000)),
      'idempotency-key': fc.oneof(fc.uuid(), ascii, fc.constant('k'.repeat(5000))),
      'x-forwarded-for': fc.constantFrom('garbage', '1.1.1.1, 2.2.2.2', '::1', 'x'.repeat(5000)),
      'content-encoding': fc.constantFrom('gzip', 'br', 'identity', 'x'),
      'x-fuzz': fc.oneof(ascii, fc.constant('y'.repeat(8000))),
      cookie: ascii,
      range: ascii,
    },
    { requiredKeys: [] },
  );

  /** Valid ids for a path parameter, and (for an employer key) those that are another employer's. */
  const idsFor = (path: string, param: string): { own: string[]; foreign: string[] } => {
    const s = (xs: (number | string)[]) => xs.map(String);
    if (param === 'nik') return { own: [NIK_A, NIK_B, NIK_UNKNOWN], foreign: [] };
    if (param === 'keyId') return { own: s(ids.spareKeys), foreign: [] };
    if (path.startsWith('/api/v1/users/')) return { own: s(ids.spareUsers), foreign: [] };
    if (path.startsWith('/api/v1/employers/')) return { own: s([ids.A]), foreign: s([ids.B]) };
    if (path.includes('/cases/')) return { own: s(ids.casesA), foreign: s(ids.casesB) };
    if (path.startsWith('/api/v1/self-reports/')) return { own: s(ids.reportsA), foreign: s(ids.reportsB) };
    if (path.startsWith('/api/v1/sweeps/')) return { own: s(ids.sweeps), foreign: [] };
    if (path.startsWith('/api/v1/alert-subscriptions/')) return { own: s(ids.subscriptions), foreign: [] };
    if (path.startsWith('/api/v1/alert-deliveries/')) return { own: s(ids.deliveries), foreign: [] };
    return { own: s([ids.A, ids.B, ...ids.casesA, ...ids.sweeps]), foreign: [] };
  };

  const hints = (): Hints => {
    const employerIds = fc.constantFrom(ids.A, ids.B);
    const district = fc.constantFrom('Sangatta Utara', 'Bengalon', 'Kaliorang', 'sangatta utara');
    const digits = (n: number) => fc.stringMatching(new RegExp(`^\\d{${n}}$`));
    return {
      nik: fc.oneof(fc.constantFrom(NIK_A, NIK_B, NIK_UNKNOWN), validNik),
      employerId: employerIds,
      principalEmployerId: fc.option(employerIds, { nil: null }),
      employerIds: fc.array(employerIds, { maxLength: 2 }),
      assigneeId: fc.constantFrom(...ids.spareUsers, ids.principalUsers.inspector!),
      // Sometimes a real account (login's success path); never currentPassword (a principal's own change would
      // end its sessions and the rest of the run would test nothing but 401).
      email: fc.oneof(fc.emailAddress(), fc.constantFrom('spare0@test.local', 'inspector@test.local')),
      password: fc.oneof(fc.string({ minLength: 10, maxLength: 30 }), fc.constant('password-123')),
      contactEmail: fc.emailAddress(),
      kbli: digits(5),
      newPassword: fc.string({ minLength: 10, maxLength: 30 }),
      district,
      districts: fc.array(district, { maxLength: 2 }),
      nib: digits(13),
      npp: fc.option(digits(8), { nil: null }),
      kpj: digits(11),
      asOf: fc.constantFrom('2025-06-30', '2024-01-01', '2099-01-01', '1900-01-01'),
      target: fc.oneof(fc.emailAddress(), fc.webUrl()),
      version: fc.nat({ max: 5 }),
    };
  };

  /** The arbitrary of one request to `op` as `principal`. */
  const requestArb = (op: Operation, principal: PrincipalName, schemas: SchemaArbitraries) => {
    const params = op.op.parameters ?? [];
    const pathParams = params.filter((p) => p.in === 'path');
    const queryParams = params.filter((p) => p.in === 'query');
    const token = tokens[principal];
    const auth = fc.oneof(
      { weight: 8, arbitrary: fc.constant(token === undefined ? undefined : `Bearer ${token}`) },
      { weight: 2, arbitrary: fc.constantFrom(...badAuth(token)) },
    );
    const path = fc.record(
      Object.fromEntries(
        pathParams.map((p) => {
          const { own, foreign } = idsFor(op.path, p.name);
          const enumValues = (p.schema?.enum as string[] | undefined) ?? [];
          const valid = [...own, ...foreign, ...enumValues];
          return [
            p.name,
            pathSegment(valid.length ? fc.constantFrom(...valid) : schemas.param(p.schema, p.name)),
          ];
        }),
      ),
    );
    const fuzzedQuery = fc.record({
      documented: fc.record(
        Object.fromEntries(
          queryParams.map((p) => [
            p.name,
            fc.oneof(
              { weight: 3, arbitrary: schemas.param(p.schema, p.name) },
              { weight: 1, arbitrary: nastyString },
              { weight: 1, arbitrary: fc.constant(['1', '2']) },
            ),
          ]),
        ),
        { requiredKeys: [] },
      ),
      extra: sometimes(
        fc.tuple(fc.constantFrom('foo', 'limit[]', '__proto__', 'a'.repeat(300)), nastyString),
        5,
      ),
    });
    // Often no query at all, so the success path is reached too (an unknown parameter is a 400 everywhere).
    const query = fc.oneof(
      { weight: 1, arbitrary: fc.constant({ documented: {} as Record<string, unknown>, extra: null }) },
      { weight: 2, arbitrary: fuzzedQuery },
    );
    const schema = op.op.requestBody?.content?.['application/json']?.schema;
    const valid = schemas.of(schema);
    const body = schema
      ? fc.oneof(
          { weight: 6, arbitrary: valid.map((v) => JSON.stringify(v)) },
          {
            weight: 5,
            arbitrary: fc
              .tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 3 }))
              .map(([v, ms]) => mutateJson(v, ms)),
          },
          {
            weight: 1,
            arbitrary: fc.oneof(
              fc.constantFrom(
                '',
                '{',
                'null',
                '[]',
                '"x"',
                '{"a":',
                '\ufeff{}',
                '{"__proto__":{"x":1}}',
                '1e999',
              ),
              fc.string(),
              valid.chain((v) => {
                const t = JSON.stringify(v) ?? '';
                return fc.nat({ max: t.length }).map((n) => t.slice(0, n));
              }),
            ),
          },
          { weight: 1, arbitrary: fc.constant(`{"name":"${'x'.repeat(300 * 1024)}"}`) },
        )
      : sometimes(
          fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? 'null'),
          3,
        );
    return fc.record({ auth, path, query, headers: sometimes(headerArb, 4), body });
  };

  it('answers every operation, as every principal, with no 5xx and only documented, well-formed responses', async () => {
    const ops = operationsOf(api.doc);
    expect(ops.length).toBeGreaterThan(30);
    const schemas = new SchemaArbitraries(api.doc, hints());
    const failures: string[] = [];
    let salt = 0;
    let sent = 0;
    let firstFailure: string | undefined;
    const succeeded = new Set<string>();
    for (const op of ops)
      for (const principal of PRINCIPALS) {
        const report = await check(
          requestArb(op, principal, schemas),
          async (r) => {
            const url =
              op.path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(r.path[k] as string)) +
              queryString(r.query.documented, r.query.extra);
            const headers: Record<string, string> = {};
            if (r.auth !== undefined) headers.authorization = r.auth;
            if (r.body !== null && r.body !== undefined) headers['content-type'] = 'application/json';
            Object.assign(headers, r.headers ?? {});
            const res = await api.send({
              method: op.method,
              url,
              headers,
              ...(r.body !== null && r.body !== undefined && op.method !== 'get' ? { payload: r.body } : {}),
            });
            sent++;
            if (res.status < 300) succeeded.add(`${op.method} ${op.path}`);
            const problems = api.problems(op.method, op.path, res);
            // An employer (key or user) reaching for another employer's resource: 404, as if it did not exist.
            if (
              (principal === 'employer' || principal === 'employerUser') &&
              r.auth === `Bearer ${tokens[principal]}` &&
              res.status < 300
            ) {
              const foreign = Object.entries(r.path).filter(([k, v]) =>
                idsFor(op.path, k).foreign.includes(v as string),
              );
              if (foreign.length)
                problems.push(
                  `${op.method} ${url}: an employer ${principal} read another employer's resource`,
                );
            }
            if (problems.length) {
              firstFailure ??= `${describeRequest(op.method, url, headers, r.body)}\n${problems.join('\n')}`;
              throw new Error(problems.join('\n'));
            }
          },
          fuzzOptions(FUZZ_RUNS, ++salt),
        );
        if (report)
          failures.push(
            `${op.method.toUpperCase()} ${op.path} as ${principal} (FUZZ_SEED=${FUZZ_SEED}): ` +
              `${report.split('\n').slice(0, 2).join(' ')}\n${firstFailure}`,
          );
        firstFailure = undefined;
      }
    // The principals still work (the run did not lock itself out and test nothing).
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(ops.length * PRINCIPALS.length);
    // Most operations were also reached on their success path (their 2xx bodies checked against the schema).
    const never = ops.map((o) => `${o.method} ${o.path}`).filter((o) => !succeeded.has(o));
    process.stderr.write(
      `fuzz routes: ${sent} requests, ${succeeded.size}/${ops.length} operations answered 2xx` +
        (never.length ? `; never: ${never.join(', ')}` : '') +
        '\n',
    );
    expect(succeeded.size).toBeGreaterThan(ops.length / 2);
    for (const p of ['admin', 'supervisor', 'inspector', 'employer', 'employerUser'])
      expect(
        (
          await api.send({
            method: 'GET',
            url: p === 'employer' ? '/api/v1/employer/cases' : '/api/v1/users/me',
            headers: { authorization: `Bearer ${tokens[p]}` },
          })
        ).status,
      ).toBe(200);
  }, 900_000);

  it('answers the routes outside the document (health, metrics, the queue board, the console, unknown paths) with no 5xx', async () => {
    const paths = [
      '/health/live',
      '/health/ready',
      '/metrics',
      '/admin/queues',
      '/admin/queues/api/queues',
      '/console/',
      '/api/v1/nope',
      '/api/docs',
      '/api/docs-json',
    ];
    const arb = fc.record({
      path: fc.constantFrom(...paths),
      suffix: sometimes(pathSegment(fc.constant('x')), 3),
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD'),
      auth: fc.oneof(
        fc.constant(undefined),
        fc.constantFrom(...badAuth(tokens.admin)),
        fc.constantFrom(`Bearer ${tokens.admin}`, `Bearer ${tokens.employer}`),
        ascii.map((a) => `Basic ${Buffer.from(`admin@test.local:${a}`).toString('base64')}`),
      ),
      body: sometimes(
        fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? 'null'),
        3,
      ),
    });
    const report = await check(
      arb,
      async (r) => {
        const url =
          r.suffix === null ? r.path : `${r.path.replace(/\/$/, '')}/${encodeURIComponent(r.suffix)}`;
        const headers: Record<string, string> = {};
        if (r.auth !== undefined) headers.authorization = r.auth;
        if (r.body !== null) headers['content-type'] = 'application/json';
        const res = await api.send({
          method: r.method,
          url,
          headers,
          ...(r.body !== null && !['GET', 'HEAD'].includes(r.method) ? { payload: r.body } : {}),
        });
        const problems =
          res.status >= 500 ? [`${r.method} ${url} → ${res.status}: ${res.body.slice(0, 300)}`] : [];
        problems.push(...api.unhandled.splice(0).map((u) => `unhandled rejection: ${u.slice(0, 500)}`));
        problems.push(...api.leakedNiks().map((l) => `NIK logged whole: ${l}`));
        if (problems.length) throw new Error(problems.join('\n'));
      },
      fuzzOptions(FUZZ_RUNS * 10, 999),
    );
    expect(report).toBeUndefined();
  }, 300_000);

  // Counterexamples the fuzz found, kept as plain regressions (each failed before its fix).
  it('refuses a body nested thousands deep with a 400 (class-transformer overflowed the stack: a 500)', async () => {
    for (const [url, payload] of [
      ['/api/v1/employers', deepJson(3000)],
      ['/api/v1/employers', `{"name":${deepJson(3000, '"x"')}}`],
      [`/api/v1/cases/${ids.casesA[0]}/transition`, `{"to":"in_review","version":${deepJson(3000)}}`],
    ] as const) {
      const res = await api.send({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' },
        payload,
      });
      expect({ url, status: res.status, type: res.type }).toEqual({
        url,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
      });
    }
    // A body of ordinary depth still reaches validation (and its field errors).
    const ok = await api.send({
      method: 'POST',
      url: '/api/v1/employers',
      headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: [[['x']]] }),
    });
    expect(ok.status).toBe(400);
    expect(JSON.parse(ok.body).errors.length).toBeGreaterThan(0);
  });

  it('refuses a token whose sub is not a user id (sub "1 OR 1=1" reached SQL as the actor: a 500)', async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const exp = Math.floor(Date.now() / 1000) + 600;
    for (const sub of ['1 OR 1=1', '1', 1.5, -1, null]) {
      const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub, role: 'admin', email: 'x@test.local', tv: 0, exp })}`;
      const token = `${head}.${createHmac('sha256', stack.env.JWT_SECRET!).update(head).digest('base64url')}`;
      const res = await api.send({
        method: 'POST',
        url: `/api/v1/cases/${ids.casesA[0]}/assign`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ assigneeId: ids.principalUsers.inspector }),
      });
      expect({ sub, status: res.status }).toEqual({ sub, status: 401 });
    }
  });

  it('documents what every operation may answer: 400, 401/403 when guarded, 404 by id, 413/415 with a body, 422 with an Idempotency-Key, 429', () => {
    const missing: string[] = [];
    for (const { method, path, op } of operationsOf(api.doc)) {
      const codes = Object.keys(op.responses ?? {});
      const guarded = !op.security || op.security.some((s) => Object.keys(s as object).length > 0);
      const want = ['400', '429'];
      if (guarded) want.push('401', '403');
      if ((op.parameters ?? []).some((p) => p.in === 'path')) want.push('404');
      if (method !== 'get') want.push('413', '415');
      if ((op.parameters ?? []).some((p) => p.in === 'header' && /^idempotency-key$/i.test(p.name)))
        want.push('422');
      for (const w of want) if (!codes.includes(w)) missing.push(`${method} ${path} ${w}`);
    }
    expect(missing).toEqual([]);
  });

  it('logged the requests (the NIK check is not vacuous), with NIKs masked', async () => {
    api.leakedNiks();
    const res = await api.send({
      method: 'GET',
      url: `/api/v1/workers/${NIK_A}`,
      headers: { authorization: `Bearer ${tokens.inspector}` },
    });
    expect(res.status).toBe(200);
    const text = api.logs.join('\n');
    expect(text).toContain('"level":');
    expect(text).toContain('6408********0003');
    expect(api.leakedNiks()).toEqual([]);
    expect(api.unhandled).toEqual([]);
  });
});

/** A failing request, short enough to read (long header values and bodies cut). */
export function describeRequest(method: string, url: string, headers: Record<string, string>, body: unknown) {
  const cut = (v: string, n: number) => (v.length > n ? `${v.slice(0, n)}…(${v.length} chars)` : v);
  const h = Object.entries(headers).map(([k, v]) => `${k}: ${cut(v, 80)}`);
  const b = typeof body === 'string' ? cut(body, 400) : '';
  return `${method.toUpperCase()} ${cut(url, 300)}\n  ${h.join('\n  ')}${b ? `\n  body: ${b}` : ''}`;
}

function queryString(q: Record<string, unknown>, extra: [string, string] | null): string {
  const pairs: [string, string][] = [];
  for (const [k, v] of Object.entries(q))
    for (const one of Array.isArray(v) ? v : [v]) pairs.push([k, String(one)]);
  if (extra) pairs.push(extra);
  const enc = pairs.filter(([k, v]) => isEncodable(k) && isEncodable(v));
  return enc.length
    ? `?${enc.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`
    : '';
}
