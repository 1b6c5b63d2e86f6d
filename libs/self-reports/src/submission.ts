/**
 * Whole-submission checks made by the API before anything is stored (a wrong shape is a 400 and nothing is kept),
 * and the canonical form and hash of a body (for Idempotency-Key replays).
 */
import { createHash } from 'crypto';
import { parse as parseSync } from 'csv-parse/sync';
import { canonicalHeader, EMPLOYER_ENTITIES, EntityName, FIELDS } from './rows';

export interface ShapeError {
  path: string;
  message: string;
}

export type SubmissionKind = 'employer' | 'sponsored';

/** The entities a submission of this kind may carry (JSON keys; CSV file names without ".csv"). */
export function entitiesOf(kind: SubmissionKind): readonly EntityName[] {
  return kind === 'employer' ? EMPLOYER_ENTITIES : ['rows'];
}

/** The whole submission has more rows than allowed (all parts together). */
export const tooManyRows = (rows: number, max: number): ShapeError => ({
  path: '',
  message: `the submission has ${rows} rows in all; at most ${max} per submission (split it into several) / laporan ini berisi ${rows} baris; paling banyak ${max} baris per laporan (bagi menjadi beberapa laporan)`,
});

/** One part has more rows than allowed. */
export const tooManyPartRows = (path: string, rows: number, max: number): ShapeError => ({
  path,
  message: `${path} has ${rows} rows; at most ${max} per submission / ${path} berisi ${rows} baris; paling banyak ${max} baris per laporan`,
});

/**
 * Top-level shape of a JSON submission: an object with only the known arrays, at least one non-empty, each ≤
 * maxRows, all together ≤ maxTotalRows.
 */
export function checkJsonShape(
  body: unknown,
  kind: SubmissionKind,
  maxRows: number,
  maxTotalRows = Number.MAX_SAFE_INTEGER,
): ShapeError[] {
  const entities = entitiesOf(kind);
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return [{ path: '', message: `the body must be a JSON object with ${entities.join(', ')}` }];
  const errors: ShapeError[] = [];
  let rows = 0;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (!(entities as readonly string[]).includes(k)) {
      errors.push({ path: k, message: `unknown property; expected ${entities.join(', ')}` });
      continue;
    }
    if (v === undefined || v === null) continue;
    if (!Array.isArray(v)) errors.push({ path: k, message: `${k} must be an array of rows` });
    else if (v.length > maxRows) errors.push(tooManyPartRows(k, v.length, maxRows));
    else rows += v.length;
  }
  if (!errors.length && rows > maxTotalRows) errors.push(tooManyRows(rows, maxTotalRows));
  if (!errors.length && rows === 0)
    errors.push({ path: '', message: `send at least one row in ${entities.join(', ')}` });
  return errors;
}

/** JSON with object keys sorted, so the same content hashes the same whatever the key order. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return '[' + v.map(canonicalJson).join(',') + ']';
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJson(o[k])).join(',') + '}';
}

/**
 * The stored form of a JSON submission: canonical JSON (keys sorted) laid out one row per line, entities in
 * processing order, e.g. `{\n"workers":[\n{…},\n{…}\n],\n"contracts":[\n{…}\n]\n}`. Still one valid JSON
 * document, and a worker can stream it line by line instead of parsing 20 MB at once.
 */
export function canonicalJsonLines(body: Record<string, unknown>, entities: readonly string[]): string {
  const keys = entities.filter((k) => Array.isArray(body[k]));
  const out: string[] = ['{'];
  keys.forEach((k, ki) => {
    const rows = body[k] as unknown[];
    out.push(JSON.stringify(k) + ':[');
    for (let i = 0; i < rows.length; i++) out.push(canonicalJson(rows[i]) + (i < rows.length - 1 ? ',' : ''));
    out.push(ki < keys.length - 1 ? '],' : ']');
  });
  out.push('}');
  return out.join('\n');
}

/** sha256 over the parts (sorted by name), each framed by its name and length. */
export function hashParts(parts: { name: string; data: Buffer }[]): string {
  const h = createHash('sha256');
  for (const p of [...parts].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    h.update(`${p.name}\n${p.data.length}\n`);
    h.update(p.data);
  }
  return h.digest('hex');
}

export interface CsvHeader {
  /** The delimiter: "," or, for files saved by a spreadsheet in an Indonesian locale, ";". */
  delimiter: string;
  /** Canonical field names, in the file's column order. */
  columns: string[];
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Reads and checks a CSV file's header row: known names only, each once, every required field present. */
export function checkCsvHeader(
  entity: EntityName,
  file: string,
  buf: Buffer,
): { header?: CsvHeader; errors: ShapeError[] } {
  let start = buf.subarray(0, 3).equals(BOM) ? 3 : 0;
  while (start < buf.length && (buf[start] === 0x0a || buf[start] === 0x0d)) start++;
  const nl = buf.indexOf(0x0a, start);
  const line = buf
    .subarray(start, nl < 0 ? buf.length : nl)
    .toString('utf8')
    .replace(/\r$/, '');
  if (!line.trim())
    return { errors: [{ path: file, message: 'the file is empty; the first row must name the columns' }] };
  const delimiter = line.includes(';') && !line.includes(',') ? ';' : ',';
  let cells: string[];
  try {
    cells = (parseSync(line, { delimiter, trim: true }) as string[][])[0] ?? [];
  } catch {
    return { errors: [{ path: file, message: 'the header row is not valid CSV' }] };
  }
  const errors: ShapeError[] = [];
  const columns: string[] = [];
  for (const cell of cells) {
    const name = canonicalHeader(entity, cell);
    if (!name) {
      errors.push({
        path: file,
        message: `unknown column "${cell.slice(0, 40)}"; the columns are ${FIELDS[entity].map((f) => f.name).join(', ')}`,
      });
    } else if (columns.includes(name)) {
      errors.push({ path: file, message: `column ${name} appears twice` });
    } else columns.push(name);
  }
  for (const f of FIELDS[entity])
    if (f.required && !columns.includes(f.name))
      errors.push({ path: file, message: `the column ${f.name} is missing` });
  return errors.length ? { errors } : { header: { delimiter, columns }, errors };
}

/** An upper bound of a CSV file's data rows (its line count after the header); exact unless fields span lines. */
export function csvLineBound(buf: Buffer): number {
  let n = 0;
  let i = -1;
  while ((i = buf.indexOf(0x0a, i + 1)) !== -1) n++;
  const last = buf.length && buf[buf.length - 1] !== 0x0a ? 1 : 0;
  return Math.max(0, n + last - 1);
}

/** Exact count of data rows (records after the header, blank lines skipped). */
export function csvRecordCount(buf: Buffer, delimiter: string): number {
  const records = parseSync(buf, {
    bom: true,
    delimiter,
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
  }) as unknown[];
  return Math.max(0, records.length - 1);
}
