/**
 * Reading a BPJS load's body as rows, streamed: CSV by csv-parse, .xlsx by exceljs's streaming WorkbookReader
 * (sheet `records`), JSON from the one-row-per-line layout the API stores (canonicalJsonLines). Each yields
 * `{row, r}` (the row's place: CSV line, sheet row, or index in `rows`) or `{row, skip}` for a row the parser
 * could not read. Comment rows (first cell starting with "#", the templates' example) are skipped silently.
 */
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { Readable } from 'stream';
import { BpjsFieldError, bpjsHeader, checkBpjsHeader, isCommentCell } from './bpjs-rows';
import { jsonLineItems } from '../report-items';

export type BpjsItem = { row: number; r: unknown } | { row: number; skip: BpjsFieldError };

export const XLSX_SHEET = 'records';

const skip = (message: string, messageEn: string): BpjsFieldError => ({ field: null, message, messageEn });
const CSV_SKIPS: Record<string, BpjsFieldError> = {
  CSV_RECORD_INCONSISTENT_COLUMNS: skip(
    'jumlah kolom pada baris ini berbeda dengan baris judul',
    'the row has a different number of fields than the header row',
  ),
  CSV_INVALID_CLOSING_QUOTE: skip(
    'tanda kutip ganda (") pada baris ini salah tempat',
    'the row has a misplaced double quote (")',
  ),
  CSV_QUOTE_NOT_CLOSED: skip('tanda kutip ganda (") tidak ditutup', 'a double quote (") is never closed'),
};
const csvSkip = (code: string | undefined) =>
  CSV_SKIPS[code ?? ''] ?? skip('baris ini bukan CSV yang valid', 'the row is not valid CSV');

/** The delimiter of a header line: "," or, for a spreadsheet saved in an Indonesian locale, ";". */
export const csvDelimiter = (headerLine: string) =>
  headerLine.includes(';') && !headerLine.includes(',') ? ';' : ',';

/** Parses a CSV header line into cells ('' when it is not valid CSV). */
export function csvHeaderCells(line: string): string[] | null {
  try {
    return ((parseSync(line, { delimiter: csvDelimiter(line), trim: true }) as string[][])[0] ?? []).map(
      String,
    );
  } catch {
    return null;
  }
}

/** The CSV's records, streamed from its chunks. */
export async function* bpjsCsvItems(
  chunks: AsyncIterable<Buffer>,
  firstChunk: Buffer,
): AsyncIterable<BpjsItem> {
  const start = firstChunk.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])) ? 3 : 0;
  const nl = firstChunk.indexOf(0x0a, start);
  const headerLine = firstChunk
    .subarray(start, nl < 0 ? firstChunk.length : nl)
    .toString('utf8')
    .replace(/\r$/, '');
  const skipped: BpjsItem[] = [];
  const parser = Readable.from(chunks).pipe(
    parse({
      bom: true,
      delimiter: csvDelimiter(headerLine),
      columns: (header: string[]) => header.map((h) => bpjsHeader(h) ?? h),
      relax_column_count: false,
      trim: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      comment: '#',
      comment_no_infix: true,
      on_record: (record: Record<string, string>, ctx: { lines: number }) => ({ row: ctx.lines, r: record }),
    }),
  );
  parser.on('skip', (err: { code?: string; lines?: number }) =>
    skipped.push({ row: err.lines ?? 0, skip: csvSkip(err.code) }),
  );
  for await (const item of parser as AsyncIterable<BpjsItem>) {
    while (skipped.length) yield skipped.shift()!;
    yield item;
  }
  while (skipped.length) yield skipped.shift()!;
}

/** A JSON load's rows (the stored one-row-per-line layout), with their 0-based index in `rows`. */
export async function* bpjsJsonItems(chunks: AsyncIterable<Buffer>): AsyncIterable<BpjsItem> {
  for await (const it of jsonLineItems(chunks, 'rows')) {
    if ('skip' in it) continue;
    yield { row: it.i, r: it.r };
  }
}

/** An .xlsx cell as the row checks read it: text stays text, numbers and dates become their written form. */
function cellText(v: unknown, field: string): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) {
    const d = v.toISOString().slice(0, 10);
    return field === 'paidThrough' ? d.slice(0, 7) : d;
  }
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown };
    if (Array.isArray(o.richText)) return o.richText.map((t) => t.text).join('');
    if (o.result !== undefined) return cellText(o.result, field);
    if (o.text !== undefined) return cellText(o.text, field);
    return null;
  }
  // A NIK stored as a number has lost digits (spreadsheets keep 15): left a number, it is rejected as such.
  if (typeof v === 'number' && field !== 'nik') return String(v);
  return v;
}

interface SheetRow {
  number: number;
  values: unknown[];
}
interface SheetReader extends AsyncIterable<SheetRow> {
  name: string;
}

/** The worksheets of an .xlsx body, streamed (exceljs WorkbookReader; shared strings are cached by it). */
export async function* xlsxSheets(chunks: AsyncIterable<Buffer>): AsyncIterable<SheetReader> {
  const { stream } = (await import('exceljs')).default;
  const reader = new stream.xlsx.WorkbookReader(Readable.from(chunks), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  for await (const ws of reader as unknown as AsyncIterable<SheetReader>) yield ws;
}

/** Reads the header row of the `records` sheet: its cells, or why it cannot be read. */
export async function xlsxHeader(
  chunks: AsyncIterable<Buffer>,
): Promise<{ cells?: string[]; dataRows: boolean; error?: string }> {
  try {
    for await (const ws of xlsxSheets(chunks)) {
      if (ws.name.trim().toLowerCase() !== XLSX_SHEET) {
        for await (const _ of ws) void _; // drain
        continue;
      }
      let cells: string[] | undefined;
      for await (const row of ws) {
        const values = row.values.slice(1).map((v) => cellText(v, ''));
        if (!cells) {
          cells = values.map((v) => (v === null || v === undefined ? '' : String(v)));
          while (cells.length && cells[cells.length - 1] === '') cells.pop();
          continue;
        }
        if (values.some((v) => v !== null && v !== '') && !isCommentCell(values[0]))
          return { cells, dataRows: true };
      }
      return cells
        ? { cells, dataRows: false }
        : { error: `the sheet "${XLSX_SHEET}" is empty`, dataRows: false };
    }
  } catch (e) {
    return {
      error: `the file is not a readable .xlsx workbook (${(e as Error).message.slice(0, 120)})`,
      dataRows: false,
    };
  }
  return { error: `the workbook has no sheet named "${XLSX_SHEET}"`, dataRows: false };
}

/** The rows of the `records` sheet, streamed, with their sheet row numbers (the header is row 1). */
export async function* bpjsXlsxItems(chunks: AsyncIterable<Buffer>): AsyncIterable<BpjsItem> {
  for await (const ws of xlsxSheets(chunks)) {
    if (ws.name.trim().toLowerCase() !== XLSX_SHEET) {
      for await (const _ of ws) void _;
      continue;
    }
    let columns: (string | null)[] | null = null;
    for await (const row of ws) {
      const raw = row.values.slice(1);
      if (!columns) {
        columns = raw.map((v) => {
          const t = cellText(v, '');
          return t === null ? null : bpjsHeader(String(t));
        });
        const check = checkBpjsHeader(columns.filter((c): c is string => c !== null));
        if (check.errors.length) throw new Error(`sheet ${XLSX_SHEET}: ${check.errors.join('; ')}`);
        continue;
      }
      if (isCommentCell(cellText(raw[0], ''))) continue;
      const r: Record<string, unknown> = {};
      let any = false;
      for (let c = 0; c < columns.length; c++) {
        const name = columns[c];
        if (!name) continue;
        const v = cellText(raw[c], name);
        if (v !== null && v !== '') any = true;
        r[name] = v;
      }
      if (any) yield { row: row.number, r };
    }
    return;
  }
}

/**
 * The .xlsx template: sheet `records` with the header row (cells formatted as Text, so NIKs keep their 16
 * digits) and one example row marked "#" (skipped on load); sheet `allowed` lists each field's allowed values.
 */
export async function bpjsTemplateXlsx(): Promise<Buffer> {
  const ExcelJS = (await import('exceljs')).default;
  const { BPJS_FIELDS } = await import('./bpjs-rows');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(XLSX_SHEET);
  ws.columns = BPJS_FIELDS.map((f) => ({ header: f.name, key: f.name, width: 20, style: { numFmt: '@' } }));
  ws.addRow(BPJS_FIELDS.map((f, i) => (i === 0 ? `#${f.example}` : f.example)));
  ws.getRow(1).font = { bold: true };
  const allowed = wb.addWorksheet('allowed');
  allowed.columns = [
    { header: 'field', key: 'field', width: 16 },
    { header: 'required', key: 'required', width: 10 },
    { header: 'allowed values / nilai yang diterima', key: 'allowed', width: 90 },
  ];
  for (const f of BPJS_FIELDS)
    allowed.addRow({ field: f.name, required: f.required ? 'ya / yes' : 'tidak / no', allowed: f.allowed });
  allowed.addRow({});
  allowed.addRow({
    field: '#',
    allowed: 'Baris di sheet records yang diawali "#" (contoh) dilewati / rows starting with "#" are skipped',
  });
  allowed.addRow({
    field: 'asOf',
    allowed: 'kirim sebagai parameter ?asOf=YYYY-MM-DD / send as the query parameter ?asOf=YYYY-MM-DD',
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
