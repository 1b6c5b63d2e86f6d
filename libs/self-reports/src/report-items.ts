import { parse } from 'csv-parse';
import { Readable } from 'stream';
import { StringDecoder } from 'string_decoder';
import { canonicalHeader, EntityName } from './rows';
import { ReportParts } from './report-parts';
import { checkCsvHeader } from './submission';

/**
 * One row of a part in order: its raw value, or why the parser skipped it (and, when one field is to blame, which).
 * `row` is where the clerk finds it: the line of a CSV file (the header is line 1) or the row of an Excel sheet;
 * `sheet` the sheet's name.
 */
type Place = { row?: number; sheet?: string };
export type Item = ({ i: number; r: unknown } | { i: number; skip: string; field?: string }) & Place;

const CSV_SKIP_MESSAGES: Record<string, string> = {
  CSV_RECORD_INCONSISTENT_COLUMNS:
    'the row has a different number of fields than the header row / jumlah kolom pada baris ini berbeda dengan baris judul',
  CSV_INVALID_CLOSING_QUOTE:
    'the row has a misplaced double quote (") / tanda kutip ganda (") pada baris ini salah tempat',
  CSV_QUOTE_NOT_CLOSED: 'a double quote (") is never closed / tanda kutip ganda (") tidak ditutup',
};
const csvSkipMessage = (code: string | undefined) =>
  CSV_SKIP_MESSAGES[code ?? ''] ?? 'the row is not valid CSV / baris ini bukan CSV yang valid';

export function* arrayItems(list: unknown[]): Iterable<Item> {
  for (let i = 0; i < list.length; i++) yield { i, r: list[i] };
}

/** The rows of one entity from a JSON part laid out by canonicalJsonLines: one row per line. */
export async function* jsonLineItems(chunks: AsyncIterable<Buffer>, entity: string): AsyncIterable<Item> {
  const header = JSON.stringify(entity) + ':[';
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let inside = false;
  let i = 0;
  for await (const chunk of chunks) {
    const lines = (rest + decoder.write(chunk)).split('\n');
    rest = lines.pop()!;
    for (const line of lines) {
      if (!inside) {
        inside = line === header;
        continue;
      }
      if (line === ']' || line === '],') return;
      yield { i: i++, r: JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line) as unknown };
    }
  }
}

/** The records of one entity's CSV part, streamed; malformed records come out as skips, in order. */
export async function* csvItems(parts: ReportParts, entity: EntityName, chunks: number): AsyncIterable<Item> {
  const part = `${entity}.csv`;
  // The header was checked at submission; read it again for the delimiter.
  const delimiter = checkCsvHeader(entity, part, await parts.first(part)).header?.delimiter;
  let index = 0;
  const skipped: Item[] = [];
  const parser = Readable.from(parts.sliced(part, chunks)).pipe(
    parse({
      bom: true,
      delimiter: delimiter ?? ',',
      columns: (header: string[]) => header.map((h) => canonicalHeader(entity, h) ?? h),
      relax_column_count: false,
      trim: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      // context.lines: the line the record ends on (the header is line 1), where the clerk finds it.
      on_record: (record: Record<string, string>, context: { lines: number }) => ({
        i: index++,
        r: record,
        row: context.lines,
      }),
    }),
  );
  parser.on('skip', (err: { code?: string }) => skipped.push({ i: index++, skip: csvSkipMessage(err.code) }));
  for await (const item of parser as AsyncIterable<Item>) {
    while (skipped.length) yield skipped.shift()!;
    yield item;
  }
  while (skipped.length) yield skipped.shift()!;
}
