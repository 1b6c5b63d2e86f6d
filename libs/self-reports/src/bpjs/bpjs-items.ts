/**
 * Reading a BPJS load's body as rows, streamed: CSV by csv-parse, .xlsx by exceljs's streaming WorkbookReader
 * (sheet `records`), JSON from the one-row-per-line layout the API stores (canonicalJsonLines). Each yields
 * `{row, r}` (the row's place: CSV line, sheet row, or index in `rows`) or `{row, skip}` for a row the parser
 * could not read. Comment rows (first cell starting with "#", the templates' example) are skipped silently.
 */
import { parse as parseSync } from 'csv-parse/sync';
import { StringDecoder } from 'string_decoder';
import { BpjsFieldError, bpjsHeader, checkBpjsHeader, isCommentCell } from './bpjs-rows';
import { jsonLineItems } from '../report-items';
import { xlsxWorksheets } from '../xlsx-reader';

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

/**
 * The CSV's records, streamed from its chunks. Lines without a double quote (nearly all of a BPJS export) are
 * split on the delimiter; a line with quotes is parsed by csv-parse, joined with the next lines while a quoted
 * field is open (a field may hold a line break). Blank lines and lines starting with "#" are skipped. `row` is
 * the line number (the header is 1; a record spanning lines is placed at its first).
 */
export async function* bpjsCsvItems(chunks: AsyncIterable<Buffer>): AsyncIterable<BpjsItem> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let lineNo = 0;
  let columns: (string | null)[] | null = null;
  let delimiter = ',';
  let pending: string | null = null;
  let pendingAt = 0;
  const quotes = (l: string) => {
    let n = 0;
    for (let i = l.indexOf('"'); i !== -1; i = l.indexOf('"', i + 1)) n++;
    return n;
  };
  const record = (cells: string[], at: number): BpjsItem => {
    if (cells.length !== columns!.length)
      return { row: at, skip: CSV_SKIPS.CSV_RECORD_INCONSISTENT_COLUMNS! };
    const r: Record<string, string> = {};
    for (let c = 0; c < cells.length; c++) {
      const name = columns![c];
      if (name) r[name] = cells[c]!.trim();
    }
    return { row: at, r };
  };
  const quoted = (text: string, at: number): BpjsItem => {
    try {
      const rows = parseSync(text, { delimiter, relax_column_count: true }) as string[][];
      return record(rows[0] ?? [], at);
    } catch (e) {
      return { row: at, skip: csvSkip((e as { code?: string }).code) };
    }
  };
  const line = (raw: string): BpjsItem | null => {
    lineNo++;
    let l = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (pending !== null) {
      pending += '\n' + l;
      if (quotes(pending) % 2) return null;
      const text = pending;
      pending = null;
      return quoted(text, pendingAt);
    }
    if (lineNo === 1 && l.charCodeAt(0) === 0xfeff) l = l.slice(1);
    if (!columns) {
      if (!l.trim()) return null;
      delimiter = csvDelimiter(l);
      columns = (csvHeaderCells(l) ?? []).map((h) => bpjsHeader(h));
      return null;
    }
    if (!l.trim() || isCommentCell(l)) return null;
    if (l.indexOf('"') === -1) return record(l.split(delimiter), lineNo);
    if (quotes(l) % 2) {
      pending = l;
      pendingAt = lineNo;
      return null;
    }
    return quoted(l, lineNo);
  };
  for await (const chunk of chunks) {
    const text = rest + decoder.write(chunk);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      const item = line(text.slice(start, nl));
      start = nl + 1;
      if (item) yield item;
    }
    rest = text.slice(start);
  }
  rest += decoder.end();
  if (rest) {
    const item = line(rest);
    if (item) yield item;
  }
  if (pending !== null) yield { row: pendingAt, skip: CSV_SKIPS.CSV_QUOTE_NOT_CLOSED! };
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

/**
 * The worksheets of an .xlsx body, each streamed row by row (shared strings cached). The compressed archive is
 * gathered first (it is bounded by BPJS_LOAD_MAX_BYTES and was held whole when it was submitted): a zip is read by
 * its central directory, which exceljs's one-pass reader loses entries without (see xlsx-reader.ts).
 */
export async function* xlsxSheets(chunks: AsyncIterable<Buffer>): AsyncIterable<SheetReader> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(c);
  for await (const ws of xlsxWorksheets(Buffer.concat(parts))) yield ws as unknown as SheetReader;
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
