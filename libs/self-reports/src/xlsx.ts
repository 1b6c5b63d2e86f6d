/**
 * Self-reports as an Excel workbook (.xlsx; issue #18): sheets `workers`, `contracts`, `enrolments`, each with a
 * header row (the CSV column names) and one row per record. Read with exceljs's streaming reader (styles ignored, so
 * dates arrive as Excel serial numbers, which are accepted as are dates typed as text), so a 20 MB workbook is read
 * sheet by sheet, row by row. The template's example row (first cell starting "Contoh") and blank rows are skipped.
 */
import ExcelJS from 'exceljs';
import { canonicalHeader, EMPLOYER_ENTITIES, EntityName, FIELDS } from './rows';
import type { Item } from './report-items';
import type { ShapeError } from './submission';
import { xlsxWorksheets } from './xlsx-reader';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The one part a workbook submission is stored as (raw, as uploaded). */
export const XLSX_PART = 'workbook.xlsx';

/** What kind of spreadsheet an uploaded file is, by its name and type: an .xlsx, a macro or legacy one, or neither. */
export function spreadsheetKind(
  filename: string | undefined,
  mimetype: string | undefined,
): 'xlsx' | 'refused' | null {
  const name = (filename ?? '').toLowerCase();
  const type = (mimetype ?? '').toLowerCase();
  if (/\.(xlsm|xlsb|xltm|xls|xla|xlam)$/.test(name) || /macroenabled|ms-excel(?!\.sheet)/.test(type))
    return 'refused';
  if (name.endsWith('.xlsx') || type === XLSX_MIME) return 'xlsx';
  return null;
}

/** A zip file (every .xlsx is one) starts with "PK\x03\x04". */
export const looksLikeZip = (buf: Buffer): boolean =>
  buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;

/** Sheet names as a clerk may type them: any case, spaces around, the Indonesian names too. */
const SHEET_NAMES: Record<string, EntityName> = {
  workers: 'workers',
  pekerja: 'workers',
  contracts: 'contracts',
  kontrak: 'contracts',
  enrolments: 'enrolments',
  enrollments: 'enrolments',
  kepesertaan: 'enrolments',
};
const sheetEntity = (name: string): EntityName | undefined => SHEET_NAMES[name.trim().toLowerCase()];

const DATE_FIELDS = new Set([
  'birthDate',
  'startDate',
  'endDate',
  'effectiveFrom',
  'effectiveTo',
  'compensationPaidOn',
]);

export const XLSX_MSG = {
  nikAsNumber:
    'NIK is stored as a number in Excel, which loses its last digits (or shows it as 6.408E+15): format the column as Text and type the NIK again / ' +
    'NIK tersimpan sebagai angka di Excel sehingga digit terakhirnya hilang (atau tampil 6,408E+15): ubah format kolom menjadi Teks lalu ketik ulang NIK',
  kpjAsNumber:
    'KPJ is stored as a number in Excel and lost its leading zeros: format the column as Text and type it again / ' +
    'nomor KPJ tersimpan sebagai angka di Excel sehingga angka 0 di depannya hilang: ubah format kolom menjadi Teks lalu ketik ulang',
  notADate:
    'not a date Excel knows: type it as YYYY-MM-DD or use a date cell / bukan tanggal yang dikenali Excel: ketik sebagai TTTT-BB-HH atau gunakan sel tanggal',
};

/** Excel's serial day number (1900 date system, as every Windows Excel writes) to YYYY-MM-DD. */
export function excelSerialToIso(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2958466) return null;
  // Day 60 is Excel's 1900-02-29, which never was; from day 61 on, the epoch 1899-12-30 is exact.
  const days = Math.floor(serial) - (serial < 61 ? 1 : 0);
  const d = new Date(Date.UTC(1899, 11, serial < 61 ? 31 : 30) + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

type CellValue = ExcelJS.CellValue;

/** A cell's text as the checkers read it, or an error message for the field (numbers standing for NIKs). */
export function cellText(field: string, v: CellValue): { text: string } | { error: string } {
  if (v === null || v === undefined) return { text: '' };
  if (typeof v === 'string') return { text: v.trim() };
  if (typeof v === 'boolean') return { text: v ? 'true' : 'false' };
  if (v instanceof Date) return { text: v.toISOString().slice(0, 10) };
  if (typeof v === 'number') {
    if (field === 'nik') return { error: XLSX_MSG.nikAsNumber };
    if (field === 'kpj')
      return Number.isInteger(v) && v >= 1e10 ? { text: String(v) } : { error: XLSX_MSG.kpjAsNumber };
    if (DATE_FIELDS.has(field)) {
      const iso = excelSerialToIso(v);
      return iso ? { text: iso } : { error: XLSX_MSG.notADate };
    }
    return { text: Number.isInteger(v) ? String(v) : String(v) };
  }
  if (typeof v === 'object') {
    if ('richText' in v)
      return {
        text: v.richText
          .map((p) => p.text)
          .join('')
          .trim(),
      };
    if ('formula' in v || 'sharedFormula' in v)
      return cellText(field, (v as { result?: CellValue }).result ?? null);
    if ('text' in v) return { text: String((v as { text: unknown }).text).trim() };
    if ('error' in v) return { text: '' };
  }
  return { text: String(v as unknown as string) };
}

/** The workbook's sheets, streamed row by row (read through the zip's central directory; see xlsx-reader.ts). */
const reader = (buf: Buffer) => xlsxWorksheets(buf);

const rowCells = (values: unknown): CellValue[] =>
  Array.isArray(values) ? (values.slice(1) as CellValue[]) : [];
const isBlank = (cells: CellValue[]) =>
  cells.every((c) => c === null || c === undefined || (typeof c === 'string' && c.trim() === ''));
const isExample = (cells: CellValue[]) => {
  const first = cells.find((c) => c !== null && c !== undefined);
  return typeof first === 'string' && /^\s*(contoh|example)\b/i.test(first);
};

export interface SheetShape {
  entity: EntityName;
  sheet: string;
  /** Canonical field per column (index 0 = column A); null for a column left blank in the header. */
  columns: (string | null)[];
  dataRows: number;
}

/**
 * The workbook's shape, read once: which entity sheets it has, their header rows checked as a CSV header is
 * (known names, each once, the required ones present), and their data rows counted. Other sheets (e.g. the
 * template's instructions) are ignored. Errors name the sheet; anything wrong is a 400 and nothing is stored.
 */
export async function readWorkbookShape(
  buf: Buffer,
): Promise<{ sheets: SheetShape[]; errors: ShapeError[] }> {
  const sheets: SheetShape[] = [];
  const errors: ShapeError[] = [];
  if (!looksLikeZip(buf))
    return {
      sheets,
      errors: [{ path: XLSX_PART, message: 'the file is not an .xlsx workbook (not a zip file)' }],
    };
  try {
    for await (const ws of reader(buf)) {
      const name = ws.name ?? '';
      const entity = sheetEntity(name);
      if (!entity) {
        for await (const row of ws) void row; // drain: the reader moves on only once a sheet is read
        continue;
      }
      if (sheets.some((s) => s.entity === entity)) {
        errors.push({ path: name, message: `a second sheet for ${entity}` });
        for await (const row of ws) void row;
        continue;
      }
      let columns: (string | null)[] | undefined;
      let dataRows = 0;
      for await (const row of ws) {
        const cells = rowCells(row.values);
        if (isBlank(cells)) continue;
        if (!columns) {
          columns = [];
          for (const c of cells) {
            const t = cellText('', c);
            const text = 'text' in t ? t.text : '';
            if (!text) {
              columns.push(null);
              continue;
            }
            const f = canonicalHeader(entity, text);
            if (!f)
              errors.push({
                path: name,
                message: `unknown column "${text.slice(0, 40)}"; the columns are ${FIELDS[entity].map((x) => x.name).join(', ')}`,
              });
            else if (columns.includes(f)) errors.push({ path: name, message: `column ${f} appears twice` });
            columns.push(f ?? null);
          }
          for (const f of FIELDS[entity])
            if (f.required && !columns.includes(f.name))
              errors.push({ path: name, message: `the column ${f.name} is missing` });
          continue;
        }
        if (!isExample(cells)) dataRows++;
      }
      sheets.push({ entity, sheet: name, columns: columns ?? [], dataRows });
    }
  } catch (e) {
    return {
      sheets: [],
      errors: [
        { path: XLSX_PART, message: `the workbook cannot be read: ${(e as Error).message.slice(0, 200)}` },
      ],
    };
  }
  if (!errors.length && !sheets.length)
    errors.push({
      path: XLSX_PART,
      message: `the workbook has none of the sheets ${EMPLOYER_ENTITIES.join(', ')}`,
    });
  else if (!errors.length && sheets.every((s) => s.dataRows === 0))
    errors.push({ path: XLSX_PART, message: 'the workbook has no data rows (only headers and the example)' });
  return { sheets, errors };
}

/**
 * The records of one entity's sheet, in order, as the CSV reader gives them ({i, r} with the sheet's row number as
 * `row`); a cell that cannot stand for its field (a NIK stored as a number) makes the row a skip naming the field.
 */
export async function* xlsxItems(buf: Buffer, entity: EntityName): AsyncIterable<Item> {
  let i = 0;
  for await (const ws of reader(buf)) {
    const name = ws.name ?? '';
    if (sheetEntity(name) !== entity) {
      for await (const row of ws) void row;
      continue;
    }
    let columns: (string | null)[] | undefined;
    for await (const row of ws) {
      const cells = rowCells(row.values);
      if (isBlank(cells)) continue;
      if (!columns) {
        columns = cells.map((c) => {
          const t = cellText('', c);
          return 'text' in t && t.text ? (canonicalHeader(entity, t.text) ?? null) : null;
        });
        continue;
      }
      if (isExample(cells)) continue;
      const r: Record<string, string> = {};
      let problem: { field: string; message: string } | undefined;
      columns.forEach((field, c) => {
        if (!field) return;
        const t = cellText(field, cells[c] ?? null);
        if ('error' in t) problem ??= { field, message: t.error };
        else r[field] = t.text;
      });
      yield problem
        ? { i: i++, skip: problem.message, field: problem.field, row: row.number, sheet: name }
        : { i: i++, r, row: row.number, sheet: name };
    }
  }
}

/** What each column accepts, in words, for the template's instructions sheet. */
const ACCEPTED: Record<string, string> = {
  nik: '16 angka (NIK KTP), diketik sebagai teks / 16 digits, typed as text',
  name: 'nama lengkap / full name',
  birthDate: 'TTTT-BB-HH atau sel tanggal / YYYY-MM-DD or a date cell',
  ref: 'nomor kontrak, unik per perusahaan / contract number, unique per employer',
  type: 'PKWT (waktu tertentu / fixed term) atau PKWTT (tetap / permanent)',
  startDate: 'TTTT-BB-HH atau sel tanggal / YYYY-MM-DD or a date cell',
  endDate: 'TTTT-BB-HH; kosong untuk PKWTT / empty for PKWTT',
  monthlyWage: 'rupiah per bulan, angka bulat / rupiah a month, whole number',
  position: 'jabatan / position',
  compensationPaid: 'uang kompensasi yang dibayar, rupiah / compensation paid, rupiah',
  compensationPaidOn: 'TTTT-BB-HH',
  kpj: '11 angka nomor KPJ BPJS Ketenagakerjaan, diketik sebagai teks / 11 digits, as text',
  programs: 'JKK, JKM, JHT, JP dipisah | (mis. JKK|JKM|JHT) / separated by |',
  effectiveFrom: 'TTTT-BB-HH atau sel tanggal / YYYY-MM-DD or a date cell',
  effectiveTo: 'TTTT-BB-HH; kosong bila masih aktif / empty while active',
  reportedWage: 'upah yang dilaporkan ke BPJS, rupiah / wage reported to BPJS, rupiah',
};

/** The .xlsx template: a sheet per entity (header, one example row marked "Contoh"), and a sheet of instructions. */
export async function templateXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Patuh — Disnakertrans Kutai Timur';
  const help = wb.addWorksheet('petunjuk');
  help.columns = [
    { header: 'Lembar / sheet', width: 14 },
    { header: 'Kolom / column', width: 20 },
    { header: 'Wajib / required', width: 14 },
    { header: 'Contoh / example', width: 28 },
    { header: 'Nilai yang diterima / accepted values', width: 60 },
  ];
  help.getRow(1).font = { bold: true };
  for (const entity of EMPLOYER_ENTITIES) {
    const fields = FIELDS[entity];
    const ws = wb.addWorksheet(entity);
    ws.columns = fields.map((f) => ({ header: f.name, key: f.name, width: Math.max(14, f.name.length + 4) }));
    ws.getRow(1).font = { bold: true };
    // Every column as text, so Excel keeps NIKs and KPJ numbers whole.
    fields.forEach((_, c) => (ws.getColumn(c + 1).numFmt = '@'));
    const example = ws.addRow(fields.map((f, c) => (c === 0 ? `Contoh: ${f.example}` : f.example)));
    example.font = { italic: true, color: { argb: 'FF777777' } };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    for (const f of fields)
      help.addRow([
        entity,
        f.name,
        f.required ? 'ya / yes' : 'tidak / no',
        f.example,
        ACCEPTED[f.name] ?? '',
      ]);
    const typeCol = fields.findIndex((f) => f.name === 'type');
    if (typeCol >= 0)
      for (let r = 2; r <= 1000; r++)
        ws.getCell(r, typeCol + 1).dataValidation = {
          type: 'list',
          allowBlank: false,
          formulae: ['"PKWT,PKWTT"'],
          showErrorMessage: true,
          errorTitle: 'Jenis kontrak',
          error: 'PKWT (waktu tertentu) atau PKWTT (tetap)',
        };
  }
  help.addRow([]);
  help.addRow([
    'Baris contoh (kolom pertama diawali "Contoh") dan baris kosong dilewati saat diunggah. Tanggal: TTTT-BB-HH atau sel tanggal Excel. NIK dan KPJ: ketik sebagai teks.',
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * The rejected rows of a workbook submission, as a workbook to fix and upload again: each sheet that had rejected
 * rows, its header row, and those rows as uploaded (one streaming pass over the stored workbook). Its columns are
 * text, so a NIK typed again is kept whole.
 */
export async function rejectedWorkbook(
  buf: Buffer,
  rejected: { sheet: string; row: number }[],
): Promise<Buffer> {
  const bySheet = new Map<string, Set<number>>();
  for (const r of rejected) {
    let rows = bySheet.get(r.sheet);
    if (!rows) bySheet.set(r.sheet, (rows = new Set()));
    rows.add(r.row);
  }
  const out = new ExcelJS.Workbook();
  out.creator = 'Patuh — Disnakertrans Kutai Timur';
  for await (const ws of reader(buf)) {
    const name = ws.name ?? '';
    const wanted = bySheet.get(name);
    if (!wanted) {
      for await (const row of ws) void row;
      continue;
    }
    const sheet = out.addWorksheet(name);
    let header = true;
    for await (const row of ws) {
      const cells = rowCells(row.values);
      if (isBlank(cells)) continue;
      if (header || wanted.has(row.number)) {
        const added = sheet.addRow(cells.map((c) => (c instanceof Date ? c.toISOString().slice(0, 10) : c)));
        if (header) added.font = { bold: true };
        header = false;
      }
    }
    sheet.columns.forEach((c) => (c.numFmt = '@'));
  }
  return Buffer.from(await out.xlsx.writeBuffer());
}
