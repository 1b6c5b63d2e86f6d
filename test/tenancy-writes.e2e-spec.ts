import { INestApplication } from '@nestjs/common';
import { execFileSync } from 'child_process';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, eventually, login, TestStack } from './support/stack';
import { Seed } from './support/seed';

/** The PDF's text, read back with pdf-parse in a plain node process (as test/cases.e2e-spec.ts does). */
function pdfText(pdf: Buffer): string {
  const script =
    "const { PDFParse } = require('pdf-parse'); const chunks = [];" +
    "process.stdin.on('data', (c) => chunks.push(c)).on('end', async () => {" +
    'const p = new PDFParse({ data: Buffer.concat(chunks) }); const r = await p.getText(); await p.destroy();' +
    'process.stdout.write(r.text); });';
  return execFileSync(process.execPath, ['-e', script], { input: pdf, cwd: __dirname, encoding: 'utf8' });
}

type Report = {
  id: number;
  status: string;
  counts: Record<string, { accepted: number; rejected: number }>;
  errors: { entity: string; index: number; field: string | null; message: string }[];
  evaluation: { status: string | null };
};

/**
 * #16 item 3: one employer's self-report never writes another employer's data. A worker's name (and birth date) is
 * each employer's own report; a contract or enrolment is accepted only for a worker the same employer reported,
 * and the rejection reads the same whether or not the NIK is known elsewhere (no oracle).
 */
describe('tenancy in self-report writes (#16 item 3)', () => {
  const stack = new TestStack('tenancy');
  let api: INestApplication;
  let ds: DataSource;
  let employerA: number;
  let employerB: number;
  let keyA: string;
  let keyB: string;
  const tok: Record<string, string> = {};

  // Valid NIKs (digits 7-12 are DDMMYY).
  const NIK_A = '6408010101900001'; // A's worker, later also reported by B under another name
  const NIK_ONLY_A = '6408010202910002'; // reported by A alone
  const NIK_NOBODY = '6408010303920003'; // reported by no one

  const http = () => request(api.getHttpServer());
  const submit = async (key: string, body: unknown): Promise<Report> => {
    const res = await http()
      .post('/api/v1/self-reports')
      .set(bearer(key))
      .send(body as object);
    expect(res.status).toBe(202);
    return eventually(async () => {
      const r = await http().get(`/api/v1/self-reports/${res.body.id}`).set(bearer(key));
      return r.body.status === 'processed' && r.body.evaluation?.status === 'completed'
        ? (r.body as Report)
        : undefined;
    }, 30_000);
  };
  const contract = (ref: string, nik: string) => ({
    ref,
    nik,
    type: 'PKWT',
    startDate: '2025-01-01',
    endDate: '2025-12-31',
    monthlyWage: 4_000_000,
  });
  const aCase = async () => {
    const r = await http()
      .get('/api/v1/cases')
      .query({ employerId: employerA, nik: NIK_A, rule: 'ENROLMENT_MISSING' })
      .set(bearer(tok.inspector!))
      .expect(200);
    expect(r.body.items).toHaveLength(1);
    return r.body.items[0] as { id: number; workerName: string | null; version: number };
  };
  const letter = async (id: number) =>
    pdfText(
      (
        await http()
          .get(`/api/v1/cases/${id}/notice.pdf`)
          .set(bearer(tok.inspector!))
          .buffer(true)
          .parse((res, cb) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => cb(null, Buffer.concat(chunks)));
          })
          .expect(200)
      ).body as Buffer,
    );

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    const seed = new Seed(ds);
    employerA = await seed.employer({ name: 'PT Tenancy Satu', district: 'Bengalon' });
    employerB = await seed.employer({ name: 'PT Tenancy Dua', district: 'Bengalon' });
    for (const role of ['admin', 'supervisor', 'inspector'] as const) await stack.createUser(role);
    api = await stack.startApi();
    await stack.startWorker();
    for (const role of ['admin', 'supervisor', 'inspector'])
      tok[role] = await login(api, `${role}@test.local`, 'password-123');
    const mk = async (id: number) =>
      (await http().post(`/api/v1/employers/${id}/api-keys`).set(bearer(tok.admin!)).send({}).expect(201))
        .body.key as string;
    keyA = await mk(employerA);
    keyB = await mk(employerB);
  }, 120_000);
  afterAll(() => stack.teardown());

  it("B reporting A's worker under another name leaves A's case, letter and data with A's name", async () => {
    // A: the worker, a contract and no enrolment → ENROLMENT_MISSING for A.
    const a = await submit(keyA, {
      workers: [
        { nik: NIK_A, name: 'Siti Rahmawati', birthDate: '1990-01-01' },
        { nik: NIK_ONLY_A, name: 'Budi Santoso' },
      ],
      contracts: [contract('A-1', NIK_A)],
    });
    expect(a.errors).toEqual([]);
    const c = await aCase();
    expect(c.workerName).toBe('Siti Rahmawati');
    for (const to of ['in_review', 'confirmed'])
      await http()
        .post(`/api/v1/cases/${c.id}/transition`)
        .set(bearer(tok.inspector!))
        .send({ to })
        .expect(200);
    expect(await letter(c.id)).toContain('Siti Rahmawati');

    // B reports the same NIK under another name (and employs them: its own contract is accepted).
    const b = await submit(keyB, {
      workers: [{ nik: NIK_A, name: 'Nama Karangan B' }],
      contracts: [contract('B-1', NIK_A)],
    });
    expect(b.errors).toEqual([]);
    expect(b.counts.contracts).toEqual({ accepted: 1, rejected: 0 });

    // A's case, detail, employer view and letter still carry A's name, before and after a sweep.
    const check = async () => {
      expect((await aCase()).workerName).toBe('Siti Rahmawati');
      const detail = await http().get(`/api/v1/cases/${c.id}`).set(bearer(tok.inspector!)).expect(200);
      expect(detail.body.workerName).toBe('Siti Rahmawati');
      const own = await http().get(`/api/v1/employer/cases/${c.id}`).set(bearer(keyA)).expect(200);
      expect(own.body.workerName).toBe('Siti Rahmawati');
      const text = await letter(c.id);
      expect(text).toContain('Siti Rahmawati');
      expect(text).not.toContain('Nama Karangan B');
    };
    await check();
    const s = await http().post('/api/v1/sweeps').set(bearer(tok.supervisor!)).send({}).expect(202);
    await eventually(async () => {
      const r = await http().get(`/api/v1/sweeps/${s.body.id}`).set(bearer(tok.supervisor!));
      return r.body.status === 'completed' ? true : undefined;
    });
    await check();
    // B's own case about the worker carries B's name.
    const bCases = await http()
      .get('/api/v1/cases')
      .query({ employerId: employerB, nik: NIK_A, rule: 'ENROLMENT_MISSING' })
      .set(bearer(tok.inspector!))
      .expect(200);
    expect(bCases.body.items.map((x: { workerName: string }) => x.workerName)).toEqual(['Nama Karangan B']);

    // The inspector's worker page shows each employer's reported name; A's birth date is not lost to B's report.
    const w = await http().get(`/api/v1/workers/${NIK_A}`).set(bearer(tok.inspector!)).expect(200);
    expect(
      (w.body.reportedBy as { employerId: number; name: string; birthDate: string | null }[])
        .map(({ employerId, name, birthDate }) => ({ employerId, name, birthDate }))
        .sort((x, y) => x.employerId - y.employerId),
    ).toEqual([
      { employerId: employerA, name: 'Siti Rahmawati', birthDate: '1990-01-01' },
      { employerId: employerB, name: 'Nama Karangan B', birthDate: null },
    ]);
    expect(w.body.name).toBe('Nama Karangan B'); // the latest report
    expect(w.body.birthDate).toBe('1990-01-01');
  });

  it('a contract or enrolment for a NIK only another employer reported is rejected exactly as for a NIK nobody reported', async () => {
    const r = await submit(keyB, {
      contracts: [contract('B-ORACLE-1', NIK_ONLY_A), contract('B-ORACLE-2', NIK_NOBODY)],
      enrolments: [
        { nik: NIK_ONLY_A, kpj: '24011234567', programs: ['JKK', 'JKM'], effectiveFrom: '2025-01-01' },
        { nik: NIK_NOBODY, kpj: '24011234567', programs: ['JKK', 'JKM'], effectiveFrom: '2025-01-01' },
      ],
    });
    expect(r.counts.contracts).toEqual({ accepted: 0, rejected: 2 });
    expect(r.counts.enrolments).toEqual({ accepted: 0, rejected: 2 });
    const byEntity = (e: string) => r.errors.filter((x) => x.entity === e);
    for (const e of ['contracts', 'enrolments']) {
      const [known, unknown] = byEntity(e);
      expect(known).toMatchObject({ index: 0, field: 'nik' });
      expect(unknown).toMatchObject({ index: 1, field: 'nik' });
      // Same words whether or not the NIK exists elsewhere; Indonesian for people.
      expect(known!.message).toBe(unknown!.message);
      expect(known!.message).toMatch(/belum melaporkan pekerja/);
    }
    const [{ n }] = (await ds.query(
      `SELECT COUNT(*) AS n FROM contracts WHERE employer_id = ? AND ref LIKE 'B-ORACLE-%'`,
      [employerB],
    )) as { n: string }[];
    expect(Number(n)).toBe(0);
    const [{ e }] = (await ds.query('SELECT COUNT(*) AS e FROM enrolments WHERE employer_id = ?', [
      employerB,
    ])) as { e: string }[];
    expect(Number(e)).toBe(0);

    // Once B reports the worker itself (in the same report), its contract is accepted.
    const ok = await submit(keyB, {
      workers: [{ nik: NIK_ONLY_A, name: 'Budi S.' }],
      contracts: [contract('B-ORACLE-1', NIK_ONLY_A)],
    });
    expect(ok.errors).toEqual([]);
    expect(ok.counts.contracts).toEqual({ accepted: 1, rejected: 0 });
  });
});
