import { INestApplication } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ClientRequest, request as rawRequest } from 'http';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Seed } from './support/seed';
import { bearer, eventually, login, TestStack } from './support/stack';

const nik = (serial: number) => `6408010101900${String(serial).padStart(3, '0')}`;
const workers = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({ nik: nik(from + i), name: `Pekerja ${from + i}` }));

/**
 * Issue #16 item 5, one employer cannot starve the rest: reports in flight per employer (429), rows per
 * submission in all parts together (400), contracts per NIK (rejected row by row), and fair queueing: the first
 * report of every employer is processed before any employer's second, and a small sweep is not held behind every
 * batch of a large one. Orderings are read from the database, never from timings.
 */
describe('self-reports: limits per employer and fair queueing', () => {
  const stack = new TestStack('self_report_fair', {
    SELF_REPORT_MAX_ROWS: '50',
    SELF_REPORT_MAX_TOTAL_ROWS: '60',
    SELF_REPORT_MAX_CONTRACTS_PER_NIK: '3',
    SELF_REPORT_MAX_IN_FLIGHT: '3',
    SELF_REPORT_MAX_CONCURRENT_PER_KEY: '1',
    SELF_REPORT_MAX_CONCURRENT_BODIES: '2',
    SELF_REPORT_RATE_LIMIT: '1000',
    SWEEP_BATCH_SIZE: '1',
    WORKER_CONCURRENCY: '1',
  });
  let api: INestApplication;
  let ds: DataSource;
  let adminToken: string;
  let supervisorToken: string;
  const employers: number[] = [];
  const keys: string[] = [];
  const http = () => request(api.getHttpServer());
  const stored = async () =>
    Number(((await ds.query('SELECT COUNT(*) AS n FROM self_reports')) as { n: number }[])[0]!.n) +
    Number(((await ds.query('SELECT COUNT(*) AS n FROM self_report_parts')) as { n: number }[])[0]!.n);
  const send = (key: string, body: object) => http().post('/api/v1/self-reports').set(bearer(key)).send(body);

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    const seed = new Seed(ds);
    const admin = await stack.createUser('admin');
    const supervisor = await stack.createUser('supervisor');
    api = await stack.startApi();
    adminToken = await login(api, admin.email, admin.password);
    supervisorToken = await login(api, supervisor.email, supervisor.password);
    for (let i = 0; i < 5; i++) {
      const id = await seed.employer({});
      employers.push(id);
      keys.push(
        (await http().post(`/api/v1/employers/${id}/api-keys`).set(bearer(adminToken)).send({}).expect(201))
          .body.key,
      );
    }
  }, 60_000);
  afterAll(() => stack.teardown());

  it('upload bodies held at once: per key (429) and in all (503), before a byte is parsed; released when answered', async () => {
    // Port 0: the OS picks a free one (a fixed port can collide with another process).
    await (api as NestFastifyApplication).listen(0, '127.0.0.1');
    const address = (api as NestFastifyApplication).getHttpServer().address();
    const PORT = typeof address === 'object' && address ? address.port : 0;
    expect(PORT).toBeGreaterThan(0);
    const open: ClientRequest[] = [];
    // An upload whose body is still arriving: it holds its slot.
    const slow = (key: string) => {
      const req = rawRequest({
        host: '127.0.0.1',
        port: PORT,
        method: 'POST',
        path: '/api/v1/self-reports',
        headers: {
          Authorization: `Bearer ${key}`,
          'Content-Type': 'application/json',
          'Content-Length': 1000,
        },
      });
      req.on('error', () => undefined);
      req.write('{"workers":');
      open.push(req);
    };
    // An upload the gate lets through is refused by shape (400), so nothing is stored whatever happens.
    const probe = async (key: string) => (await send(key, {})).status;
    const before = await stored();
    slow(keys[0]!);
    await eventually(async () => ((await probe(keys[0]!)) === 429 ? true : undefined), 10_000, 50);
    const limited = await send(keys[0]!, {});
    expect(limited.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(limited.headers['retry-after']).toBe('1');
    expect(limited.body).toMatchObject({
      status: 429,
      detail: expect.stringMatching(/paling banyak 1 unggahan/),
    });
    expect(await probe(keys[1]!)).toBe(400); // another key is read
    slow(keys[1]!);
    await eventually(async () => ((await probe(keys[2]!)) === 503 ? true : undefined), 10_000, 50);
    for (const r of open) r.destroy();
    await eventually(async () => ((await probe(keys[0]!)) === 400 ? true : undefined), 10_000, 50);
    await eventually(async () => ((await probe(keys[2]!)) === 400 ? true : undefined), 10_000, 50);
    expect(await stored()).toBe(before);
  });

  it('more reports in flight than SELF_REPORT_MAX_IN_FLIGHT → 429 problem with Retry-After, nothing stored; other employers unaffected', async () => {
    for (let i = 0; i < 3; i++)
      expect((await send(keys[0]!, { workers: workers(2, i * 2) })).status).toBe(202);
    const before = await stored();
    const json = await send(keys[0]!, { workers: workers(1, 90) });
    expect(json.status).toBe(429);
    expect(json.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(json.headers['retry-after']).toBe('30');
    expect(json.body.detail).toMatch(/at most 3 at once/);
    expect(json.body.detail).toMatch(/masih antre atau sedang diproses/);
    // Refused before a multipart body is read.
    const multi = await http()
      .post('/api/v1/self-reports')
      .set(bearer(keys[0]!))
      .attach('workers.csv', Buffer.from(`nik,name\n${nik(91)},A\n`), 'workers.csv');
    expect(multi.status).toBe(429);
    expect(await stored()).toBe(before);
    // Another employer is not held back by the first one's reports.
    expect((await send(keys[1]!, { workers: workers(2, 20) })).status).toBe(202);
  });

  it('more rows than SELF_REPORT_MAX_TOTAL_ROWS in all parts together → 400 naming the total (JSON and CSV), nothing stored', async () => {
    const before = await stored();
    const contracts = workers(30).map((w, i) => ({
      ref: `T-${i}`,
      nik: w.nik,
      type: 'PKWTT',
      startDate: '2024-01-01',
      monthlyWage: 4_000_000,
    }));
    const json = await send(keys[2]!, { workers: workers(40), contracts });
    expect(json.status).toBe(400);
    expect(json.body.errors).toEqual([
      { path: '', message: expect.stringMatching(/70 rows in all; at most 60 .*paling banyak 60 baris/) },
    ]);
    const csv = (n: number, from: number) =>
      Buffer.from(
        'nik,name\n' +
          workers(n, from)
            .map((w) => `${w.nik},${w.name}`)
            .join('\n') +
          '\n',
      );
    const contractsCsv = Buffer.from(
      'ref,nik,type,startDate,monthlyWage\n' +
        workers(35)
          .map((w, i) => `T-${i},${w.nik},PKWTT,2024-01-01,4000000`)
          .join('\n') +
        '\n',
    );
    const multi = await http()
      .post('/api/v1/self-reports')
      .set(bearer(keys[2]!))
      .attach('workers.csv', csv(35, 0), 'workers.csv')
      .attach('contracts.csv', contractsCsv, 'contracts.csv');
    expect(multi.status).toBe(400);
    expect(multi.body.errors[0].message).toMatch(/70 rows in all; at most 60/);
    expect(await stored()).toBe(before);
  });

  it('fair queueing: every employer’s first report is processed before any employer’s second; a small sweep is not held behind a large one', async () => {
    // Queued with no worker running: employer 0 has 3 reports (ids a1 < a2 < a3), employer 1 one, sent after
    // them; employer 3 one, sent last.
    const late = await send(keys[3]!, { workers: workers(2, 40) });
    expect(late.status).toBe(202);
    // A sweep of every employer (5 batches of 1 employer), then a sweep of one employer.
    const big = await http().post('/api/v1/sweeps').set(bearer(supervisorToken)).send({}).expect(202);
    const small = await http()
      .post('/api/v1/sweeps')
      .set(bearer(supervisorToken))
      .send({ employerIds: [employers[4]] })
      .expect(202);

    await stack.startWorker();
    const reports = await eventually(async () => {
      const rows = (await ds.query(
        `SELECT id, employer_id AS e, status, processed_at AS at FROM self_reports ORDER BY id`,
      )) as { id: number; e: number; status: string; at: Date }[];
      return rows.length === 5 && rows.every((r) => r.status === 'processed') ? rows : undefined;
    }, 60_000);
    const order = [...reports].sort((a, b) => +new Date(a.at) - +new Date(b.at) || a.id - b.id);
    // The place of each report in its own employer's line (0 = its first), in processing order: round robin
    // means every 0 before any 1, and every 1 before any 2. (First come, first served would give 0, 1, 2, 0, 0.)
    const ranks = order.map((r) => reports.filter((x) => x.e === r.e && x.id < r.id).length);
    expect(ranks).toEqual([0, 0, 0, 1, 2]);

    const finished = async (id: number) =>
      eventually(async () => {
        const [s] = (await ds.query(`SELECT status, finished_at AS at FROM sweeps WHERE id = ?`, [id])) as {
          status: string;
          at: Date;
        }[];
        return s?.status === 'completed' ? new Date(s.at) : undefined;
      }, 60_000);
    const smallAt = await finished(small.body.id);
    await finished(big.body.id);
    // The small sweep's one batch ran before the large sweep's second: it did not wait for all five.
    const [second] = (await ds.query(
      `SELECT finished_at AS at FROM sweep_batches WHERE sweep_id = ? AND batch_no = 1`,
      [big.body.id],
    )) as { at: Date }[];
    expect(+smallAt).toBeLessThanOrEqual(+new Date(second!.at));
  });

  it('more contracts for one NIK than SELF_REPORT_MAX_CONTRACTS_PER_NIK: the rows beyond it are rejected one by one', async () => {
    const w = workers(1, 60)[0]!;
    const contracts = Array.from({ length: 5 }, (_, i) => ({
      ref: `N-${i}`,
      nik: w.nik,
      type: 'PKWT',
      startDate: `202${i}-01-01`,
      endDate: `202${i}-06-30`,
      monthlyWage: 4_000_000,
    }));
    const res = await send(keys[4]!, { workers: [w], contracts });
    expect(res.status).toBe(202);
    const report = await eventually(async () => {
      const r = await http().get(`/api/v1/self-reports/${res.body.id}`).set(bearer(keys[4]!));
      return r.body.status === 'processed' ? r.body : undefined;
    }, 60_000);
    expect(report.counts.contracts).toEqual({ accepted: 3, rejected: 2 });
    expect(report.errors).toEqual(
      [3, 4].map((index) => ({
        entity: 'contracts',
        index,
        field: 'nik',
        message: expect.stringMatching(/already has 3 contracts in this report.*sudah memiliki 3 kontrak/),
      })),
    );
    const [{ n }] = (await ds.query(`SELECT COUNT(*) AS n FROM contracts WHERE employer_id = ?`, [
      employers[4],
    ])) as { n: number }[];
    expect(Number(n)).toBe(3);
  });
});
