import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Seed } from './support/seed';
import { bearer, eventually, login, TestStack } from './support/stack';

/** Distinct valid NIKs: region 640801, a real birth date DDMMYY, a serial. */
const nik = (i: number) => {
  const d = i % 10080;
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `640801${p2(1 + (d % 28))}${p2(1 + (Math.floor(d / 28) % 12))}${p2(70 + Math.floor(d / 336))}${String(Math.floor(i / 10080)).padStart(4, '0')}`;
};

/**
 * A worker killed with SIGKILL while it processes a large self-report: its transaction is rolled back by MySQL,
 * the job's lock lapses, a returning worker processes the report once, and every row lands exactly once.
 */
describe('self-report under a crash (kill -9 mid-processing)', () => {
  const LOCK = '2000';
  const stack = new TestStack('self_report_crash', {
    JOB_LOCK_MS: LOCK,
    SELF_REPORT_RATE_LIMIT: '1000',
    SELF_REPORT_MAX_IN_FLIGHT: '1000',
  });
  const WORKERS = 30_000;
  const CONTRACTS = 60_000;
  let api: INestApplication;
  let ds: DataSource;
  let key: string;
  let employerId: number;

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    employerId = await new Seed(ds).employer({});
    const admin = await stack.createUser('admin');
    api = await stack.startApi();
    const token = await login(api, admin.email, admin.password);
    key = (
      await request(api.getHttpServer())
        .post(`/api/v1/employers/${employerId}/api-keys`)
        .set(bearer(token))
        .send({})
        .expect(201)
    ).body.key;
  }, 60_000);
  afterAll(() => stack.teardown());

  it('processes the report once after the worker is killed, with no row lost or doubled', async () => {
    let w = 'nik,name\n';
    for (let i = 0; i < WORKERS; i++) w += `${nik(i)},Pekerja ${i}\n`;
    let c = 'ref,nik,type,startDate,endDate,monthlyWage\n';
    for (let i = 0; i < CONTRACTS; i++)
      c += `C-${i},${nik(i % WORKERS)},PKWT,2024-01-01,2024-12-31,4000000\n`;
    c += `BAD-1,${nik(1)},PKWT,2024-01-01,,4000000\n`; // one bad row: reported once, not twice
    let e = 'nik,kpj,programs,effectiveFrom\n';
    for (let i = 0; i < WORKERS; i++) e += `${nik(i)},24010000001,JKK|JKM,2024-01-01\n`;

    const child = stack.spawnWorker({ WORKER_CONCURRENCY: '1', LOG_LEVEL: 'silent', JOB_LOCK_MS: LOCK });
    const res = await request(api.getHttpServer())
      .post('/api/v1/self-reports')
      .set(bearer(key))
      .attach('workers.csv', Buffer.from(w), 'workers.csv')
      .attach('contracts.csv', Buffer.from(c), 'contracts.csv')
      .attach('enrolments.csv', Buffer.from(e), 'enrolments.csv');
    expect(res.status).toBe(202);
    const id = res.body.id as number;
    const status = async () =>
      ((await ds.query('SELECT status FROM self_reports WHERE id = ?', [id])) as { status: string }[])[0]!
        .status;

    // Mid-processing: the worker has taken the job and is writing rows.
    await eventually(async () => ((await status()) === 'processing' ? true : undefined), 90_000, 10);
    await new Promise((r) => setTimeout(r, 300));
    expect(await status()).toBe('processing');
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    // Nothing half-written: the transaction died with the worker.
    const count = async (table: string) =>
      Number(
        (
          (await ds.query(`SELECT COUNT(*) AS n FROM ${table} WHERE employer_id = ?`, [employerId])) as {
            n: number;
          }[]
        )[0]!.n,
      );
    await eventually(async () => ((await count('contracts')) === 0 ? true : undefined), 30_000);
    expect(await status()).toBe('processing');

    // A worker returns: the stalled job is taken again and the report is processed once.
    await stack.startWorker({ JOB_LOCK_MS: LOCK });
    const report = await eventually(
      async () => {
        const r = (await request(api.getHttpServer()).get(`/api/v1/self-reports/${id}`).set(bearer(key)))
          .body;
        return r.status === 'processed' || r.status === 'failed' ? r : undefined;
      },
      120_000,
      200,
    );
    expect(report.status).toBe('processed');
    expect(report.counts).toEqual({
      workers: { accepted: WORKERS, rejected: 0 },
      contracts: { accepted: CONTRACTS, rejected: 1 },
      enrolments: { accepted: WORKERS, rejected: 0 },
    });
    expect(report.errorCount).toBe(1);
    expect(report.errors).toEqual([
      // row: the CSV line the clerk finds it on (the header is line 1), added with #18.
      {
        entity: 'contracts',
        index: CONTRACTS,
        field: 'endDate',
        message: expect.any(String),
        row: CONTRACTS + 2,
      },
    ]);
    expect(await count('contracts')).toBe(CONTRACTS);
    expect(await count('enrolments')).toBe(WORKERS);
    const [{ n: workers }] = await ds.query('SELECT COUNT(*) AS n FROM workers');
    expect(Number(workers)).toBe(WORKERS);
    const [{ n: refs }] = await ds.query(
      'SELECT COUNT(DISTINCT ref) AS n FROM contracts WHERE employer_id = ? AND self_report_id = ?',
      [employerId, id],
    );
    expect(Number(refs)).toBe(CONTRACTS);
  }, 240_000);
});
