import { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Seed } from './support/seed';
import { bearer, eventually, login, TestStack } from './support/stack';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Report {
  id: number;
  status: string;
  format?: string;
  counts: Record<string, { accepted: number; rejected: number }>;
  errors: {
    entity: string;
    index: number;
    field: string | null;
    message: string;
    row?: number;
    sheet?: string;
  }[];
}

type Sheet = { name: string; rows: unknown[][] };
async function workbook(sheets: Sheet[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Excel's serial day number of a date (1900 system), as a date cell stores it. */
const serial = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000 + 25_569;

/**
 * Issue #18: an HR clerk's Excel workbook as a self-report: sheets workers, contracts, enrolments; dates as serial
 * numbers or text; a NIK stored as a number rejected with how to fix it; the template's example row skipped; and a
 * workbook of the wrong shape refused whole (nothing stored).
 */
describe('self-report as an .xlsx workbook (#18)', () => {
  const stack = new TestStack('self_report_xlsx', {
    SELF_REPORT_RATE_LIMIT: '1000',
    SELF_REPORT_REQUEUE_MS: '300',
    SELF_REPORT_MAX_BYTES: String(256 * 1024),
  });
  let api: INestApplication;
  let ds: DataSource;
  let admin: string;
  let key: string;
  let employer: number;

  const http = () => request(api.getHttpServer());
  const reportCount = async () =>
    Number(((await ds.query('SELECT COUNT(*) AS n FROM self_reports')) as { n: number }[])[0]!.n);
  const upload = (buf: Buffer, filename = 'laporan.xlsx', type = XLSX, idem?: string) => {
    const r = http().post('/api/v1/self-reports').set(bearer(key));
    if (idem) r.set('Idempotency-Key', idem);
    return r.attach('workbook', buf, { filename, contentType: type });
  };
  const processed = (id: number): Promise<Report> =>
    eventually(async () => {
      const r = await http().get(`/api/v1/self-reports/${id}`).set(bearer(key));
      return r.body.status === 'processed' || r.body.status === 'failed' ? (r.body as Report) : undefined;
    }, 30_000);

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    employer = await new Seed(ds).employer({ name: 'PT Sawit Muara Wahau' });
    const a = await stack.createUser('admin');
    api = await stack.startApi();
    await stack.startWorker();
    admin = await login(api, a.email, a.password);
    key = (
      await http().post(`/api/v1/employers/${employer}/api-keys`).set(bearer(admin)).send({}).expect(201)
    ).body.key as string;
  }, 120_000);
  afterAll(() => stack.teardown());

  it('serves a template whose example rows are skipped: uploaded as it is, it holds no data (400, nothing stored)', async () => {
    const res = await http()
      .get('/api/v1/self-reports/templates/laporan-mandiri.xlsx')
      .set(bearer(key))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (d: Buffer) => chunks.push(d));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toContain(XLSX);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['petunjuk', 'workers', 'contracts', 'enrolments']);
    expect(wb.getWorksheet('contracts')!.getRow(1).values).toEqual(
      expect.arrayContaining(['ref', 'nik', 'type', 'startDate', 'monthlyWage']),
    );
    expect(String(wb.getWorksheet('workers')!.getCell('A2').value)).toMatch(/^Contoh/);
    const before = await reportCount();
    const up = await upload(res.body as Buffer);
    expect(up.status).toBe(400);
    expect(JSON.stringify(up.body)).toMatch(/no data rows/);
    expect(await reportCount()).toBe(before);
  });

  it('takes serial and text dates, rejects a NIK stored as a number by its sheet and Excel row, and skips blank rows', async () => {
    const buf = await workbook([
      {
        name: 'workers',
        rows: [
          ['nik', 'name', 'birthDate'],
          ['Contoh: 6408014107950003', 'Siti (contoh)', '1995-07-01'],
          ['6408014107950003', 'Siti Rahmawati', serial('1995-07-01')],
          [6408010101900001, 'Budi Angka', '1990-01-01'],
          [],
          ['6408015505920002', 'Rina Teks', '1992-05-15'],
        ],
      },
      {
        name: 'contracts',
        rows: [
          ['ref', 'nik', 'type', 'startDate', 'endDate', 'monthlyWage'],
          ['PKWT-1', '6408014107950003', 'PKWT', serial('2024-01-01'), '2024-12-31', 3_900_000],
          ['PKWT-2', '6408015505920002', 'PKWT', '2024-02-01', serial('2025-01-31'), 3_900_000],
        ],
      },
      // An empty sheet (the header only) is no error: the clerk had nothing to report in it.
      { name: 'enrolments', rows: [['nik', 'kpj', 'programs', 'effectiveFrom']] },
      { name: 'catatan', rows: [['anything else is ignored']] },
    ]);
    const res = await upload(buf);
    expect(res.status).toBe(202);
    const r = await processed(res.body.id as number);
    expect(r.status).toBe('processed');
    expect(r.counts.workers).toEqual({ accepted: 2, rejected: 1 });
    expect(r.counts.contracts).toEqual({ accepted: 2, rejected: 0 });
    expect(r.errors).toEqual([
      {
        entity: 'workers',
        index: 1,
        field: 'nik',
        row: 4,
        sheet: 'workers',
        message: expect.stringMatching(/Teks/),
      },
    ]);
    const rows = (await ds.query(
      `SELECT w.nik, DATE_FORMAT(ew.birth_date, '%Y-%m-%d') AS b FROM workers w JOIN employer_workers ew ON ew.worker_id = w.id ORDER BY w.nik`,
    )) as { nik: string; b: string }[];
    expect(rows).toEqual([
      { nik: '6408014107950003', b: '1995-07-01' },
      { nik: '6408015505920002', b: '1992-05-15' },
    ]);
    const contracts = (await ds.query(
      `SELECT ref, DATE_FORMAT(start_date, '%Y-%m-%d') AS s, DATE_FORMAT(end_date, '%Y-%m-%d') AS e FROM contracts ORDER BY ref`,
    )) as { ref: string; s: string; e: string }[];
    expect(contracts).toEqual([
      { ref: 'PKWT-1', s: '2024-01-01', e: '2024-12-31' },
      { ref: 'PKWT-2', s: '2024-02-01', e: '2025-01-31' },
    ]);
    // The rejected rows come back as a workbook to fix: the sheet's header and the rejected row only.
    const back = await http()
      .get(`/api/v1/self-reports/${res.body.id}/rejected/workbook.xlsx`)
      .set(bearer(key))
      .buffer(true)
      .parse((resp, cb) => {
        const chunks: Buffer[] = [];
        resp.on('data', (d: Buffer) => chunks.push(d));
        resp.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(back.headers['content-type']).toContain(XLSX);
    const fix = new ExcelJS.Workbook();
    await fix.xlsx.load(back.body as unknown as ArrayBuffer);
    expect(fix.worksheets.map((w) => w.name)).toEqual(['workers']);
    const ws = fix.getWorksheet('workers')!;
    expect(ws.rowCount).toBe(2);
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['nik', 'name', 'birthDate']);
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual([
      6408010101900001,
      'Budi Angka',
      '1990-01-01',
    ]);
    // Fixed as the message says (the NIK typed as text), and sent again: accepted.
    ws.getCell('A2').value = '6408010101900001';
    const fixed = await upload(Buffer.from(await fix.xlsx.writeBuffer()), 'laporan-diperbaiki.xlsx');
    expect(fixed.status).toBe(202);
    const again = await processed(fixed.body.id as number);
    expect(again.counts.workers).toEqual({ accepted: 1, rejected: 0 });
    expect(again.errors).toEqual([]);
    // Only for workbooks: a JSON report has no rejected workbook.
    const json = await http()
      .post('/api/v1/self-reports')
      .set(bearer(key))
      .send({ workers: [{ nik: '6408016606930004', name: 'Dewi' }] });
    expect(
      (await http().get(`/api/v1/self-reports/${json.body.id}/rejected/workbook.xlsx`).set(bearer(key)))
        .status,
    ).toBe(409);
    // The same workbook again with its key: the same report, nothing new.
    const again1 = await upload(buf, 'laporan.xlsx', XLSX, 'wb-1');
    const again2 = await upload(buf, 'laporan.xlsx', XLSX, 'wb-1');
    expect(again2.body.id).toBe(again1.body.id);
  });

  it('a sheet missing is fine when another has rows; a workbook with none of the sheets, or a wrong column, is refused whole', async () => {
    const onlyWorkers = await workbook([
      {
        name: 'Pekerja',
        rows: [
          ['NIK', 'Name'],
          ['6408016606930004', 'Dewi'],
        ],
      },
    ]);
    const ok = await upload(onlyWorkers);
    expect(ok.status).toBe(202);
    expect((await processed(ok.body.id as number)).counts.workers).toEqual({ accepted: 1, rejected: 0 });

    const before = await reportCount();
    const none = await upload(
      await workbook([
        {
          name: 'Sheet1',
          rows: [
            ['nik', 'name'],
            ['1', '2'],
          ],
        },
      ]),
    );
    expect(none.status).toBe(400);
    expect(JSON.stringify(none.body)).toMatch(/workers, contracts, enrolments/);
    const wrong = await upload(
      await workbook([
        {
          name: 'workers',
          rows: [
            ['nik', 'nama lengkapnya'],
            ['6408016606930004', 'Dewi'],
          ],
        },
      ]),
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'workers', message: expect.stringMatching(/unknown column/) }),
      ]),
    );
    expect(await reportCount()).toBe(before);
  });

  it('refuses a macro-enabled workbook (415), a malformed one (400) and one over the size limit (413); nothing stored', async () => {
    const before = await reportCount();
    const good = await workbook([
      {
        name: 'workers',
        rows: [
          ['nik', 'name'],
          ['6408016606930004', 'Dewi'],
        ],
      },
    ]);
    const macro = await upload(good, 'laporan.xlsm', 'application/vnd.ms-excel.sheet.macroEnabled.12');
    expect(macro.status).toBe(415);
    expect(macro.headers['content-type']).toMatch(/problem\+json/);
    const broken = await upload(Buffer.from('PK\x03\x04 not really a zip at all, truncated'), 'laporan.xlsx');
    expect(broken.status).toBe(400);
    const text = await upload(Buffer.from('nik,name\n'), 'laporan.xlsx');
    expect(text.status).toBe(400);
    const big = await upload(Buffer.alloc(300 * 1024, 1), 'besar.xlsx');
    expect(big.status).toBe(413);
    expect(await reportCount()).toBe(before);
  });
});
