/**
 * The clerk's own CSV file, read in the browser the way the API reads it (libs/self-reports: BOM, `,` or `;` from
 * the header row, RFC 4180 quotes, blank lines skipped): to name each rejected row by the row number the clerk sees
 * in Excel, and to give back only the rejected rows, under the same header, to fix and upload again.
 */
export type CsvRecord = { cells: string[]; row: number };
export type CsvFile = { delimiter: ',' | ';'; header: CsvRecord | null; records: CsvRecord[] };

const BOM = '\uFEFF';

/** Every record with its spreadsheet row (1-based; a blank line is a row of its own, a quoted line break is not). */
function records(text: string, delimiter: string): { cells: string[]; row: number; blank: boolean }[] {
  const out: { cells: string[]; row: number; blank: boolean }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let raw = '';
  let row = 1;
  const end = () => {
    cells.push(cell);
    out.push({ cells, row, blank: raw.trim() === '' });
    row++;
    cells = [];
    cell = '';
    raw = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          raw += '""';
          i++;
        } else {
          quoted = false;
          raw += c;
        }
      } else {
        cell += c;
        raw += c;
      }
      continue;
    }
    if (c === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
      raw += c;
    } else if (c === delimiter) {
      cells.push(cell);
      cell = '';
      raw += c;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      end();
    } else {
      cell += c;
      raw += c;
    }
  }
  if (raw !== '' || cells.length) end();
  return out;
}

export function parseCsv(input: string): CsvFile {
  const text = input.startsWith(BOM) ? input.slice(1) : input;
  const firstLine = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  const all = records(text, delimiter).filter((r) => !r.blank);
  const [header, ...data] = all;
  return {
    delimiter,
    header: header ? { cells: header.cells, row: header.row } : null,
    records: data.map(({ cells, row }) => ({ cells, row })),
  };
}

const cell = (v: string, delimiter: string) =>
  v.includes('"') || v.includes(delimiter) || /[\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;

/** The header and only the records at `indices` (0-based data rows), as a CSV Excel opens in UTF-8. */
export function rejectedCsv(file: CsvFile, indices: Iterable<number>): string {
  const d = file.delimiter;
  const line = (cells: string[]) => cells.map((c) => cell(c, d)).join(d);
  const wanted = [...new Set(indices)].sort((a, b) => a - b).filter((i) => file.records[i]);
  return (
    BOM +
    [file.header?.cells ?? [], ...wanted.map((i) => file.records[i]!.cells)].map(line).join('\r\n') +
    '\r\n'
  );
}

/** The spreadsheet row of data row `index`: from the file when we have it, else index + 2 (the header is row 1). */
export function rowNumber(file: CsvFile | undefined, index: number): number {
  return file?.records[index]?.row ?? index + 2;
}

/** A bilingual API message "English / Indonesian" in the reader's language (the whole text when not split). */
export function messageIn(message: string, lang: 'id' | 'en'): string {
  const at = message.indexOf(' / ');
  if (at < 0) return message;
  return lang === 'id' ? message.slice(at + 3) : message.slice(0, at);
}
