/**
 * The worksheets of an .xlsx, streamed row by row, read through the zip's central directory.
 *
 * exceljs's streaming `WorkbookReader` reads the zip in one forward pass (`unzipper.Parse`) and iterates its entries
 * with a helper that stops at the parser's `end` event, which unzipper emits when its input is written, not when its
 * entries are delivered. With a small archive parsed ahead of a slow consumer (a worksheet copied to a temp file
 * because `sharedStrings.xml` and `workbook.xml` come after it, as exceljs and Excel store them), the remaining
 * entries are dropped: the read fails with "Cannot read properties of undefined (reading 'sheets')" (exceljs
 * issue #3064, ~0.1-1 % of reads here under load) or, for a workbook whose `workbook.xml` comes first, later sheets
 * would be skipped silently. So this opens the archive by its central directory (`unzipper.Open.buffer`, as the
 * proposed upstream fix #3065 does), parses the parts the sheets depend on first (the workbook's relations, the
 * workbook, the shared strings), and hands each worksheet's entry, inflated as it is read, to exceljs's own
 * worksheet reader: the rows still stream, only the compressed archive is held (the callers hold it already).
 *
 * The exceljs methods used here are its reader's internal part parsers (exceljs 4.4.0, its last release); the
 * module's tests read real workbooks through them, so an upgrade that changes them fails there.
 */
import ExcelJS from 'exceljs';
import type { Readable } from 'stream';
import unzipper from 'unzipper';

export interface StreamedRow {
  number: number;
  values: unknown;
}
/** One worksheet: its name (from the workbook) and its rows, each read once, in order. */
export interface StreamedSheet extends AsyncIterable<StreamedRow> {
  name: string;
}

/** What of exceljs's WorkbookReader this reads through (its part parsers; not in its typings). */
interface ReaderParts {
  model?: { sheets?: unknown[] };
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncIterable<unknown>;
  _parseWorksheet(
    iterator: AsyncIterable<Buffer>,
    sheetNo: string,
  ): Iterable<{ eventType: string; value: StreamedSheet }>;
}

const SHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;

/**
 * The worksheets of the workbook in `buf`, in sheet-number order (sheet1.xml, sheet2.xml, …), each named as the
 * workbook names it. Read a sheet's rows (or drain them) before asking for the next sheet. Throws if the buffer is
 * not a zip or has no `xl/workbook.xml`; shared strings are cached (a sheet's text cells arrive as text).
 */
export async function* xlsxWorksheets(buf: Buffer): AsyncIterable<StreamedSheet> {
  const zip = await unzipper.Open.buffer(buf);
  const files = new Map(zip.files.filter((f) => f.type === 'File').map((f) => [f.path, f]));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(undefined as unknown as Readable, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  }) as unknown as ReaderParts;
  const rels = files.get('xl/_rels/workbook.xml.rels');
  if (rels) await reader._parseRels(rels.stream());
  const workbook = files.get('xl/workbook.xml');
  if (!workbook) throw new Error('the archive has no xl/workbook.xml (not an .xlsx workbook)');
  await reader._parseWorkbook(workbook.stream());
  if (!reader.model) throw new Error('xl/workbook.xml cannot be read');
  const strings = files.get('xl/sharedStrings.xml');
  if (strings) for await (const _ of reader._parseSharedStrings(strings.stream())) void _;
  const sheets = [...files.keys()]
    .map((path) => ({ path, no: SHEET.exec(path)?.[1] }))
    .filter((s): s is { path: string; no: string } => s.no !== undefined)
    .sort((a, b) => Number(a.no) - Number(b.no));
  for (const s of sheets) {
    const entry = files.get(s.path)!.stream();
    try {
      for (const ev of reader._parseWorksheet(entry, s.no)) if (ev.eventType === 'worksheet') yield ev.value;
    } finally {
      // A sheet left unread (the caller stopped early) is not left holding its inflater.
      entry.destroy();
    }
  }
}
