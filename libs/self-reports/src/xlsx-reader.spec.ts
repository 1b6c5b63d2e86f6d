import { pbkdf2 } from 'crypto';
import ExcelJS from 'exceljs';
import { xlsxWorksheets } from './xlsx-reader';

async function workbook(sheets: { name: string; rows: unknown[][] }[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function readAll(buf: Buffer): Promise<{ name: string; rows: unknown[][] }[]> {
  const out: { name: string; rows: unknown[][] }[] = [];
  for await (const ws of xlsxWorksheets(buf)) {
    const rows: unknown[][] = [];
    for await (const row of ws) rows.push((row.values as unknown[]).slice(1));
    out.push({ name: ws.name, rows });
  }
  return out;
}

const SHEETS = [
  {
    name: 'workers',
    rows: [
      ['nik', 'name'],
      ['6408014107950003', 'Siti Rahmawati'],
      [6408010101900001, 'Budi Angka'],
    ],
  },
  {
    name: 'contracts',
    rows: [
      ['ref', 'monthlyWage'],
      ['PKWT-1', 3_900_000],
    ],
  },
  { name: 'enrolments', rows: [['nik', 'kpj']] },
  { name: 'catatan', rows: [['anything else']] },
];

describe('xlsxWorksheets (the zip read by its central directory)', () => {
  it('gives every sheet in order, named by the workbook, with its shared strings resolved and numbers kept', async () => {
    expect(await readAll(await workbook(SHEETS))).toEqual(SHEETS);
  });

  // exceljs's one-pass reader (issue #3064) drops the entries after a worksheet it parks in a temp file when that
  // file's write waits for libuv's thread pool while the zip parser runs ahead (in production: other uploads'
  // inflating and hashing). Run through this test it failed it in each of 3 runs (and lost parts in 8-14 of 300
  // reads in a longer probe); reading by the central directory has no such race.
  it('never loses a part, even with the thread pool busy and reads overlapping', async () => {
    const buf = await workbook(SHEETS);
    const names = SHEETS.map((s) => s.name).join();
    let busy = true;
    const hog = Promise.all(
      Array.from({ length: 8 }, async () => {
        while (busy) await new Promise((r) => pbkdf2('x', 'y', 20_000, 32, 'sha256', r));
      }),
    );
    let failures = 0;
    let next = 0;
    try {
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next++ < 200) {
            try {
              const got = await readAll(buf);
              if (got.map((s) => s.name).join() !== names || got[0]!.rows.length !== 3) failures++;
            } catch {
              failures++;
            }
          }
        }),
      );
    } finally {
      busy = false;
      await hog;
    }
    expect(failures).toBe(0);
  }, 60_000);

  it('lets a caller stop early and drain or skip sheets', async () => {
    const seen: string[] = [];
    for await (const ws of xlsxWorksheets(await workbook(SHEETS))) {
      seen.push(ws.name);
      if (ws.name === 'workers') for await (const row of ws) void row;
      if (ws.name === 'contracts') break;
    }
    expect(seen).toEqual(['workers', 'contracts']);
  });

  it('refuses what is not a workbook: not a zip, or a zip with no xl/workbook.xml', async () => {
    await expect(readAll(Buffer.from('nik,name\n'))).rejects.toThrow();
    const zip = new ExcelJS.Workbook();
    zip.addWorksheet('x');
    // A valid zip that is not a workbook: the workbook's own parts renamed away.
    const buf = Buffer.from(await zip.xlsx.writeBuffer());
    const renamed = Buffer.from(
      buf.toString('latin1').replaceAll('xl/workbook.xml', 'xl/workbook.xmX'),
      'latin1',
    );
    await expect(readAll(renamed)).rejects.toThrow(/no xl\/workbook\.xml/);
  });
});
