import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Seed } from './support/seed';
import { bearer, login, TestStack } from './support/stack';

const nik = (serial: number) => `6408010101900${String(serial).padStart(3, '0')}`;

/** Body size (413), rows per submission (400), files per request, and the per-key rate limit (429 + Retry-After). */
describe('self-report limits', () => {
  const stack = new TestStack('self_report_limits', {
    SELF_REPORT_MAX_BYTES: '4096',
    SELF_REPORT_MAX_ROWS: '5',
    SELF_REPORT_RATE_LIMIT: '3',
    SELF_REPORT_RATE_TTL_MS: '60000',
  });
  let api: INestApplication;
  let ds: DataSource;
  let adminToken: string;
  const keys: string[] = [];
  const http = () => request(api.getHttpServer());
  const stored = async () =>
    Number(((await ds.query('SELECT COUNT(*) AS n FROM self_reports')) as { n: number }[])[0]!.n) +
    Number(((await ds.query('SELECT COUNT(*) AS n FROM self_report_parts')) as { n: number }[])[0]!.n);
  const workers = (n: number, pad = 0) =>
    Array.from({ length: n }, (_, i) => ({ nik: nik(i), name: 'x'.repeat(pad) || `W ${i}` }));

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    const seed = new Seed(ds);
    const admin = await stack.createUser('admin');
    api = await stack.startApi();
    adminToken = await login(api, admin.email, admin.password);
    for (let i = 0; i < 4; i++) {
      const id = await seed.employer({});
      keys.push(
        (await http().post(`/api/v1/employers/${id}/api-keys`).set(bearer(adminToken)).send({}).expect(201))
          .body.key,
      );
    }
  }, 60_000);
  afterAll(() => stack.teardown());

  it('a body over the size limit → 413 problem, nothing stored (JSON and multipart)', async () => {
    const json = await http()
      .post('/api/v1/self-reports')
      .set(bearer(keys[0]!))
      .send({ workers: workers(5, 1000) });
    expect(json.status).toBe(413);
    expect(json.headers['content-type']).toMatch(/application\/problem\+json/);
    const csv = 'nik,name\n' + `${nik(1)},${'y'.repeat(5000)}\n`;
    const multi = await http()
      .post('/api/v1/self-reports')
      .set(bearer(keys[0]!))
      .attach('workers.csv', Buffer.from(csv), 'workers.csv');
    expect(multi.status).toBe(413);
    expect(multi.headers['content-type']).toMatch(/application\/problem\+json/);
    const sponsored = await http()
      .post('/api/v1/sponsored-coverage')
      .set(bearer(adminToken))
      .attach('rows.csv', Buffer.from('nik,programs,effectiveFrom\n' + 'z'.repeat(5000)), 'rows.csv');
    expect(sponsored.status).toBe(413);
    expect(await stored()).toBe(0);
  });

  it('more rows than SELF_REPORT_MAX_ROWS, or too many files → 400, nothing stored', async () => {
    const json = await http()
      .post('/api/v1/self-reports')
      .set(bearer(keys[1]!))
      .send({ workers: workers(6) });
    expect(json.status).toBe(400);
    expect(json.body.errors[0]).toEqual({ path: 'workers', message: expect.stringMatching(/at most 5/) });
    const csv =
      'nik,name\n' +
      workers(6)
        .map((w) => `${w.nik},${w.name}`)
        .join('\n') +
      '\n';
    const multi = await http()
      .post('/api/v1/self-reports')
      .set(bearer(keys[1]!))
      .attach('workers.csv', Buffer.from(csv), 'workers.csv');
    expect(multi.status).toBe(400);
    const files = await http()
      .post('/api/v1/self-reports')
      .set(bearer(keys[1]!))
      .attach('workers.csv', Buffer.from('nik,name\n1,a\n'), 'workers.csv')
      .attach('contracts.csv', Buffer.from('nik,name\n1,a\n'), 'contracts.csv')
      .attach('enrolments.csv', Buffer.from('nik,name\n1,a\n'), 'enrolments.csv')
      .attach('extra.csv', Buffer.from('nik,name\n1,a\n'), 'extra.csv');
    expect(files.status).toBe(400);
    // Exactly at the limit is fine (another key: every attempt counts against the rate limit).
    const five = await http()
      .post('/api/v1/self-reports')
      .set(bearer(keys[0]!))
      .send({ workers: workers(5) });
    expect(five.status).toBe(202);
    expect(await stored()).toBe(2); // that one report and its one part
  });

  it('rate limit per key: over SELF_REPORT_RATE_LIMIT → 429 with Retry-After; other keys unaffected', async () => {
    const send = (key: string) =>
      http()
        .post('/api/v1/self-reports')
        .set(bearer(key))
        .send({ workers: workers(1) });
    for (let i = 0; i < 3; i++) expect((await send(keys[2]!)).status).toBe(202);
    const limited = await send(keys[2]!);
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await send(keys[3]!)).status).toBe(202);
  });
});
