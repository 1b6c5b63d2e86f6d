import { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Seed } from './support/seed';
import { bearer, eventually, login, TestStack } from './support/stack';

/** A valid NIK: region 640801, birth date DDMMYY (women: DD + 40), serial. */
const nik = (serial: number, ddmmyy = '410795') => `640801${ddmmyy}${String(serial).padStart(4, '0')}`;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Load {
  id: number;
  format: string;
  asOf: string;
  status: string;
  counts: { rows: number; accepted: number; rejected: number; npps: number };
  errorCount: number;
  nppsCurrent: number;
  npps: { npp: string; rows: number; rowsRejected: number; current: boolean }[];
  errors: { row: number; field: string | null; message: string; messageEn: string }[];
  failureReason: string | null;
}

const row = (npp: string, serial: number, over: Record<string, unknown> = {}) => ({
  npp,
  kpj: `2401${String(serial).padStart(7, '0')}`,
  nik: nik(serial),
  programs: ['JKK', 'JKM', 'JHT', 'JP'],
  effectiveFrom: '2024-01-01',
  effectiveTo: null,
  reportedWage: 3_900_000,
  paidThrough: '2025-05',
  ...over,
});
const HEADER = 'npp,kpj,nik,programs,effectiveFrom,effectiveTo,reportedWage,paidThrough';
const csvLine = (r: ReturnType<typeof row>) =>
  [
    r.npp,
    r.kpj,
    r.nik,
    (r.programs as string[]).join('|'),
    r.effectiveFrom,
    r.effectiveTo ?? '',
    r.reportedWage,
    r.paidThrough ?? '',
  ].join(',');

describe('BPJS Ketenagakerjaan records: loads (CONTRACT §9, issue #17)', () => {
  const stack = new TestStack('bpjs_records', {
    SELF_REPORT_RATE_LIMIT: '1000',
    SELF_REPORT_REQUEUE_MS: '300',
    BPJS_LOAD_MAX_BYTES: String(64 * 1024),
  });
  let api: INestApplication;
  let ds: DataSource;
  let admin: string;
  let inspector: string;
  let employerKey: string;
  let employerA: number;

  const http = () => request(api.getHttpServer());
  const count = async (table: string) =>
    Number(((await ds.query(`SELECT COUNT(*) AS n FROM ${table}`)) as { n: number }[])[0]!.n);
  const stored = async () => ({
    loads: await count('bpjs_loads'),
    parts: await count('bpjs_load_parts'),
    records: await count('bpjs_records'),
  });
  const coverage = async () =>
    Object.fromEntries(
      (
        (await ds.query('SELECT npp, load_id AS l FROM bpjs_npp_coverage ORDER BY npp')) as {
          npp: string;
          l: number;
        }[]
      ).map((r) => [r.npp, Number(r.l)]),
    );
  const processed = (id: number): Promise<Load> =>
    eventually(async () => {
      const r = await http().get(`/api/v1/bpjs-records/loads/${id}`).set(bearer(inspector));
      return ['processed', 'failed'].includes(r.body.status as string) ? (r.body as Load) : undefined;
    }, 30_000);
  const loadJson = async (body: unknown, idem?: string) => {
    const r = http().post('/api/v1/bpjs-records').set(bearer(admin));
    if (idem) r.set('Idempotency-Key', idem);
    return r.send(body as object);
  };
  const loadCsv = (csv: string | Buffer, asOf?: string, token = admin) =>
    http()
      .post('/api/v1/bpjs-records')
      .query(asOf ? { asOf } : {})
      .set(bearer(token))
      .set('Content-Type', 'text/csv')
      .send(Buffer.isBuffer(csv) ? csv : Buffer.from(csv, 'utf8'));
  const json = async (asOf: string, rows: unknown[]): Promise<Load> => {
    const res = await loadJson({ asOf, rows });
    expect(res.status).toBe(202);
    return processed(res.body.id as number);
  };

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    const seed = new Seed(ds);
    employerA = await seed.employer({ name: 'PT Tambang Verifikasi', npp: 'NPP-A1' });
    await seed.employer({ name: 'CV Kontraktor Verifikasi', npp: 'NPP-B1' });
    const a = await stack.createUser('admin');
    const i = await stack.createUser('inspector');
    api = await stack.startApi();
    await stack.startWorker();
    admin = await login(api, a.email, a.password);
    inspector = await login(api, i.email, i.password);
    employerKey = (
      await http().post(`/api/v1/employers/${employerA}/api-keys`).set(bearer(admin)).send({}).expect(201)
    ).body.key as string;
  });
  afterAll(() => stack.teardown());

  it('stores a JSON load before the 202, checks each row with its place and reason, and lists it with counts', async () => {
    const res = await loadJson({
      asOf: '2025-06-30',
      rows: [
        row('NPP-A1', 1),
        row('NPP-A1', 2, { paidThrough: null, effectiveTo: '2025-03-31' }),
        row('NPP-B1', 3),
        row('NPP-B1', 4, { kpj: '123', paidThrough: '2025-07' }),
        row('NPP-A1', 1), // the same (npp, nik, effectiveFrom) again
      ],
    });
    expect(res.status).toBe(202);
    expect(res.headers.location).toBe(`/api/v1/bpjs-records/loads/${res.body.id}`);
    expect(res.body.status).toBe('queued');
    const load = await processed(res.body.id as number);
    expect(load).toMatchObject({
      format: 'json',
      asOf: '2025-06-30',
      status: 'processed',
      counts: { rows: 5, accepted: 3, rejected: 2, npps: 2 },
      errorCount: 3,
    });
    expect(load.errors.map((e) => `${e.row}.${e.field}`)).toEqual(['3.kpj', '3.paidThrough', '4.null']);
    const kpj = load.errors.find((e) => e.field === 'kpj')!;
    expect(kpj.message).toMatch(/KPJ harus 11 digit/);
    expect(kpj.messageEn).toMatch(/kpj must be 11 digits/);
    expect(load.errors.find((e) => e.field === 'paidThrough')!.message).toMatch(
      /tidak boleh setelah bulan asOf \(2025-06\)/,
    );
    // NPP-B1 has a rejected row: listed with the load, but not judged on it (a view with a hole).
    expect(load.npps).toEqual([
      { npp: 'NPP-A1', rows: 2, rowsRejected: 1, current: false },
      { npp: 'NPP-B1', rows: 1, rowsRejected: 1, current: false },
    ]);
    const recs = (await ds.query(
      `SELECT nik, programs, DATE_FORMAT(paid_through, '%Y-%m-%d') AS p, DATE_FORMAT(effective_to, '%Y-%m-%d') AS t, reported_wage AS w
         FROM bpjs_records WHERE load_id = ? ORDER BY nik`,
      [load.id],
    )) as { nik: string; programs: string; p: string | null; t: string | null; w: number }[];
    expect(recs).toEqual([
      { nik: nik(1), programs: 'JKK,JKM,JHT,JP', p: '2025-05-01', t: null, w: 3900000 },
      { nik: nik(2), programs: 'JKK,JKM,JHT,JP', p: null, t: '2025-03-31', w: 3900000 },
      { nik: nik(3), programs: 'JKK,JKM,JHT,JP', p: '2025-05-01', t: null, w: 3900000 },
    ]);

    const list = await http().get('/api/v1/bpjs-records/loads').set(bearer(inspector)).expect(200);
    expect(list.body.items[0]).toMatchObject({
      id: load.id,
      counts: { rows: 5, accepted: 3, rejected: 2, npps: 2 },
    });
    expect(list.body.items[0].errors).toBeUndefined();
  });

  it('loads CSV (raw, ?asOf=, the "#" example row skipped) with rows placed by their line', async () => {
    const csv = [
      HEADER,
      '#24000001,24011234567,6408014107950003,JKK|JKM|JHT|JP,2024-01-01,,3900000,2025-05',
      csvLine(row('NPP-C1', 11)),
      csvLine(row('NPP-C1', 12, { effectiveFrom: '2024-02-30' })),
      '# allowed values: comment lines are skipped too',
      csvLine(row('NPP-C1', 13, { reportedWage: 0, paidThrough: '' })),
    ].join('\r\n');
    const res = await loadCsv(csv, '2025-06-30');
    expect(res.status).toBe(202);
    const load = await processed(res.body.id as number);
    expect(load).toMatchObject({
      format: 'csv',
      status: 'processed',
      counts: { rows: 3, accepted: 2, rejected: 1 },
    });
    expect(load.errors).toEqual([
      expect.objectContaining({
        row: 4,
        field: 'effectiveFrom',
        message: expect.stringMatching(/YYYY-MM-DD/),
      }),
    ]);
  });

  it('loads an .xlsx workbook (sheet records), raw and as a multipart file', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('notes').addRow(['not the records']);
    const ws = wb.addWorksheet('records');
    ws.addRow(HEADER.split(','));
    ws.addRow(['#example', '', '', '', '', '', '', '']);
    for (const s of [21, 22]) {
      const r = row('NPP-D1', s);
      ws.addRow([r.npp, r.kpj, r.nik, 'JKK|JKM', r.effectiveFrom, null, r.reportedWage, r.paidThrough]);
    }
    const bad = row('NPP-D1', 23);
    ws.addRow([
      bad.npp,
      bad.kpj,
      Number(bad.nik),
      'JKK',
      bad.effectiveFrom,
      null,
      bad.reportedWage,
      bad.paidThrough,
    ]);
    const file = Buffer.from(await wb.xlsx.writeBuffer());

    const raw = await http()
      .post('/api/v1/bpjs-records')
      .query({ asOf: '2025-06-30' })
      .set(bearer(admin))
      .set('Content-Type', XLSX)
      .send(file);
    expect(raw.status).toBe(202);
    const load = await processed(raw.body.id as number);
    expect(load).toMatchObject({
      format: 'xlsx',
      status: 'processed',
      counts: { rows: 3, accepted: 2, rejected: 1 },
    });
    // A NIK typed as a number has lost its digits: rejected at its sheet row (header = row 1, example = row 2).
    expect(load.errors).toEqual([expect.objectContaining({ row: 5, field: 'nik' })]);

    const multi = await http()
      .post('/api/v1/bpjs-records')
      .query({ asOf: '2025-06-29' })
      .set(bearer(admin))
      .attach('file', file, 'bpjs.xlsx');
    expect(multi.status).toBe(202);
    expect((await processed(multi.body.id as number)).counts).toMatchObject({ accepted: 2, rejected: 1 });
  });

  it('re-sending a load with its Idempotency-Key changes nothing; another body under that key → 422', async () => {
    const body = { asOf: '2025-06-30', rows: [row('NPP-E1', 31)] };
    const first = await loadJson(body, 'bpjs-load-e1');
    expect(first.status).toBe(202);
    await processed(first.body.id as number);
    const before = await stored();
    const cov = await coverage();
    // The same content with its keys in another order is the same body.
    const again = await loadJson({ rows: body.rows, asOf: body.asOf }, 'bpjs-load-e1');
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await stored()).toEqual(before);
    expect(await coverage()).toEqual(cov);
    const other = await loadJson({ asOf: '2025-06-30', rows: [row('NPP-E1', 32)] }, 'bpjs-load-e1');
    expect(other.status).toBe(422);
    expect(await stored()).toEqual(before);

    const csv = [HEADER, csvLine(row('NPP-E2', 33))].join('\n');
    const c1 = await loadCsv(csv, '2025-06-30').set('Idempotency-Key', 'bpjs-csv-e2');
    await processed(c1.body.id as number);
    const c2 = await loadCsv(csv, '2025-06-30').set('Idempotency-Key', 'bpjs-csv-e2');
    expect(c2.status).toBe(202);
    expect(c2.body.id).toBe(c1.body.id);
    expect((await loadCsv(csv, '2025-06-29').set('Idempotency-Key', 'bpjs-csv-e2')).status).toBe(422);
  });

  it('rejects a malformed body with a problem and stores nothing of it', async () => {
    const before = await stored();
    const problem = async (res: request.Response, status: number) => {
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      return res.body as { errors?: { path: string; message: string }[] };
    };
    expect((await problem(await loadJson({ rows: [row('NPP-X', 1)] }), 400)).errors).toEqual([
      expect.objectContaining({ path: 'asOf' }),
    ]);
    await problem(await loadJson({ asOf: '2025-02-30', rows: [row('NPP-X', 1)] }), 400);
    await problem(await loadJson({ asOf: '2999-01-01', rows: [row('NPP-X', 1)] }), 400);
    await problem(await loadJson({ asOf: '2025-06-30', rows: [] }), 400);
    await problem(await loadJson({ asOf: '2025-06-30', rows: [row('NPP-X', 1)], extra: 1 }), 400);
    await problem(
      await http()
        .post('/api/v1/bpjs-records')
        .set(bearer(admin))
        .set('Content-Type', 'application/json')
        .send('{"asOf":'),
      400,
    );
    await problem(await loadCsv([HEADER, csvLine(row('NPP-X', 1))].join('\n')), 400); // no asOf
    const cols = await problem(await loadCsv('npp,kpj,nik,salary\nX,1,2,3\n', '2025-06-30'), 400);
    expect(cols.errors!.map((e) => e.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/unknown column "salary"/),
        expect.stringMatching(/programs is missing/),
      ]),
    );
    await problem(await loadCsv(`${HEADER}\n#example only\n`, '2025-06-30'), 400);
    await problem(await loadCsv('', '2025-06-30'), 400);
    const big = [HEADER, ...Array.from({ length: 1000 }, (_, i) => csvLine(row('NPP-X', i + 1)))].join('\n');
    await problem(await loadCsv(big, '2025-06-30'), 413);
    await problem(
      await http()
        .post('/api/v1/bpjs-records')
        .query({ asOf: '2025-06-30' })
        .set(bearer(admin))
        .set('Content-Type', XLSX)
        .send(Buffer.from('not a zip')),
      400,
    );
    await problem(
      await http()
        .post('/api/v1/bpjs-records')
        .set(bearer(admin))
        .set('Content-Type', 'text/plain')
        .send('x'),
      415,
    );
    expect(await stored()).toEqual(before);
  });

  it('a later load for an NPP replaces the earlier one; an older load arriving later does not; delete restores the next', async () => {
    const may = await json('2025-05-31', [row('NPP-F1', 41), row('NPP-F2', 42)]);
    expect((await coverage())['NPP-F1']).toBe(may.id);
    const june = await json('2025-06-30', [row('NPP-F1', 41, { paidThrough: '2025-06' })]);
    expect(await coverage()).toMatchObject({ 'NPP-F1': june.id, 'NPP-F2': may.id });
    const april = await json('2025-04-30', [row('NPP-F1', 41, { paidThrough: '2025-03' })]);
    expect(await coverage()).toMatchObject({ 'NPP-F1': june.id, 'NPP-F2': may.id });
    expect(april.nppsCurrent).toBe(0);
    expect(april.npps).toEqual([{ npp: 'NPP-F1', rows: 1, rowsRejected: 0, current: false }]);

    // Deleting: inspectors may not; an admin may, the row stays (deleted), the records go, the next load in line counts.
    await http().delete(`/api/v1/bpjs-records/loads/${june.id}`).set(bearer(inspector)).expect(403);
    const del = await http().delete(`/api/v1/bpjs-records/loads/${june.id}`).set(bearer(admin)).expect(200);
    expect(del.body).toMatchObject({ id: june.id, status: 'deleted', nppsCurrent: 0 });
    expect(del.body.deletedAt).toEqual(expect.any(String));
    expect(await coverage()).toMatchObject({ 'NPP-F1': may.id, 'NPP-F2': may.id });
    await eventually(
      async () =>
        Number(
          (
            (await ds.query('SELECT COUNT(*) AS n FROM bpjs_records WHERE load_id = ?', [june.id])) as {
              n: number;
            }[]
          )[0]!.n,
        ) === 0 &&
        Number(
          (
            (await ds.query('SELECT COUNT(*) AS n FROM bpjs_load_parts WHERE load_id = ?', [june.id])) as {
              n: number;
            }[]
          )[0]!.n,
        ) === 0
          ? true
          : undefined,
      20_000,
    );
    await http().delete(`/api/v1/bpjs-records/loads/${june.id}`).set(bearer(admin)).expect(200);
    const listed = await http()
      .get('/api/v1/bpjs-records/loads')
      .query({ status: 'deleted' })
      .set(bearer(inspector))
      .expect(200);
    expect(listed.body.items.map((l: Load) => l.id)).toEqual([june.id]);
    await http().delete('/api/v1/bpjs-records/loads/999999').set(bearer(admin)).expect(404);
    // Deleting the last load of an NPP leaves it uncovered (judged on the employer's own report again).
    await http().delete(`/api/v1/bpjs-records/loads/${may.id}`).set(bearer(admin)).expect(200);
    expect(await coverage()).toMatchObject({ 'NPP-F1': april.id });
    expect((await coverage())['NPP-F2']).toBeUndefined();
  });

  it('re-evaluates the employers a load names (as a self-report does), and no other', async () => {
    // Two employers with an active PKWTT and no enrolment at all: evaluated, each gets a case.
    const seed = new Seed(ds);
    const named = await seed.employer({ name: 'PT Dinilai Ulang', npp: 'NPP-G1' });
    const other = await seed.employer({ name: 'PT Tidak Disebut', npp: 'NPP-G2' });
    for (const [e, s] of [
      [named, 71],
      [other, 72],
    ] as const)
      await seed.contract({
        employerId: e,
        workerId: await seed.worker(nik(s)),
        ref: `G-${s}`,
        type: 'PKWTT',
        start: '2024-01-01',
        end: null,
      });
    const cases = async (e: number) =>
      Number(
        (
          (await ds.query('SELECT COUNT(*) AS n FROM cases WHERE employer_id = ?', [e])) as { n: number }[]
        )[0]!.n,
      );
    expect(await cases(named)).toBe(0);
    await json('2025-06-30', [row('NPP-G1', 73)]);
    await eventually(async () => ((await cases(named)) > 0 ? true : undefined), 20_000);
    expect(await cases(other)).toBe(0);
  });

  it('templates: CSV and .xlsx with the header row, an example row marked "#" and the allowed values', async () => {
    const csv = await http().get('/api/v1/bpjs-records/template.csv').set(bearer(inspector)).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe(HEADER);
    expect(lines[1]!.startsWith('#')).toBe(true);
    expect(csv.text).toMatch(/JKK, JKM, JHT, JP, JKP/);
    // The template alone is no load: its only row is the example.
    expect((await loadCsv(csv.text, '2025-06-30')).status).toBe(400);

    const x = await http()
      .get('/api/v1/bpjs-records/template.xlsx')
      .set(bearer(inspector))
      .buffer(true)
      .parse((res, cb) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => cb(null, Buffer.concat(parts)));
      })
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.body as never);
    const ws = wb.getWorksheet('records')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(HEADER.split(','));
    expect(String((ws.getRow(2).values as unknown[])[1])).toMatch(/^#/);
    expect(wb.getWorksheet('allowed')).toBeDefined();
  });

  it('is for admins and inspectors only: to an employer none of it exists (404), inspectors may not load (403)', async () => {
    const any = (await http().get('/api/v1/bpjs-records/loads').set(bearer(admin)).expect(200)).body.items[0]
      .id as number;
    await http().get('/api/v1/bpjs-records/loads').set(bearer(employerKey)).expect(404);
    await http().get(`/api/v1/bpjs-records/loads/${any}`).set(bearer(employerKey)).expect(404);
    await http().get('/api/v1/bpjs-records/template.csv').set(bearer(employerKey)).expect(404);
    await http().delete(`/api/v1/bpjs-records/loads/${any}`).set(bearer(employerKey)).expect(404);
    const before = await stored();
    expect(
      (await loadCsv([HEADER, csvLine(row('NPP-A1', 61))].join('\n'), '2025-06-30', employerKey)).status,
    ).toBe(404);
    expect(
      (await loadCsv([HEADER, csvLine(row('NPP-A1', 61))].join('\n'), '2025-06-30', inspector)).status,
    ).toBe(403);
    expect(await stored()).toEqual(before);
    await http().get('/api/v1/bpjs-records/loads').expect(401);
  });
});
