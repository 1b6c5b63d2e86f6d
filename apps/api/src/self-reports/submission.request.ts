import { AppConfig } from '@patuh/config';
import { badRequest, MAX_BODY_DEPTH, nestedDeeperThan, ProblemException } from '@patuh/core';
import {
  canonicalJsonLines,
  checkCsvHeader,
  checkJsonShape,
  csvLineBound,
  csvRecordCount,
  entitiesOf,
  hashParts,
  readWorkbookShape,
  ShapeError,
  spreadsheetKind,
  SubmissionKind,
  XLSX_PART,
  tooManyPartRows,
  tooManyRows,
} from '@patuh/self-reports';
import type { SubmissionRequest } from './submission.upload';

export interface ParsedSubmission {
  format: 'json' | 'csv' | 'xlsx';
  parts: { name: string; data: Buffer }[];
  bodyHash: string;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** The Idempotency-Key header: 1-200 visible ASCII characters, or absent. */
export function idempotencyKeyOf(req: SubmissionRequest): string | null {
  const v = req.headers['idempotency-key'];
  if (v === undefined || v === '') return null;
  if (typeof v !== 'string' || !IDEMPOTENCY_KEY.test(v))
    throw badRequest('The Idempotency-Key header is not valid', [
      {
        path: 'Idempotency-Key',
        message: 'must be 1-200 visible ASCII characters (a UUID is a good choice)',
      },
    ]);
  return v;
}

/**
 * Checks a submission's shape (never its rows: those are checked one by one when processed) and returns its raw
 * parts. Anything wrong here is a 400 and nothing is stored.
 */
export async function parseSubmission(
  req: SubmissionRequest,
  kind: SubmissionKind,
  config: AppConfig,
): Promise<ParsedSubmission> {
  const maxRows = config.env.SELF_REPORT_MAX_ROWS;
  const maxTotal = config.env.SELF_REPORT_MAX_TOTAL_ROWS;
  const files = req.uploads ?? [];
  const isMultipart = (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');

  if (!isMultipart) {
    // Canonicalising recurses: a row nested thousands deep overflowed the stack (a 500; issue #16, the fuzz suite).
    if (nestedDeeperThan(req.body, MAX_BODY_DEPTH))
      throw badRequest('The submission does not have the expected shape', [
        { path: '', message: `the JSON is nested more than ${MAX_BODY_DEPTH} deep` },
      ]);
    const errors = checkJsonShape(req.body, kind, maxRows, maxTotal);
    if (errors.length) throw badRequest('The submission does not have the expected shape', errors);
    const json = Buffer.from(
      canonicalJsonLines(req.body as Record<string, unknown>, entitiesOf(kind)),
      'utf8',
    );
    const parts = [{ name: 'json', data: json }];
    return { format: 'json', parts, bodyHash: hashParts(parts) };
  }

  const entities = entitiesOf(kind);
  const expected = entities.map((e) => `${e}.csv`).join(', ');
  if (!files.length)
    throw badRequest(`Attach ${kind === 'employer' ? 'one or more of' : 'one CSV file,'} ${expected}`, [
      { path: 'files', message: 'no file in the request' },
    ]);
  const sheets = files.map((f) => spreadsheetKind(f.filename, f.mimetype));
  if (sheets.includes('refused'))
    throw new ProblemException(
      415,
      'Unsupported Media Type',
      'Macro-enabled and old Excel files (.xlsm, .xlsb, .xls) are not accepted: save the workbook as .xlsx',
    );
  if (sheets.includes('xlsx')) return parseWorkbook(files, kind, maxRows);
  const errors: ShapeError[] = [];
  const parts: { name: string; data: Buffer }[] = [];
  let total = 0;
  const counted: (() => number)[] = [];
  for (const f of files) {
    let entity: string | undefined;
    if (kind === 'sponsored') entity = 'rows';
    else {
      const byField = f.fieldname.replace(/\.csv$/i, '').toLowerCase();
      const byName = (f.filename ?? '').replace(/\.csv$/i, '').toLowerCase();
      entity = entities.find((e) => e === byField) ?? entities.find((e) => e === byName);
    }
    if (!entity) {
      errors.push({ path: f.fieldname, message: `unknown file; send ${expected}` });
      continue;
    }
    const name = `${entity}.csv`;
    if (parts.some((p) => p.name === name)) {
      errors.push({ path: f.fieldname, message: `${name} is attached twice` });
      continue;
    }
    const head = checkCsvHeader(entity as 'rows', name, f.buffer);
    if (!head.header) {
      errors.push(...head.errors);
      continue;
    }
    let rows = csvLineBound(f.buffer);
    if (rows > Math.min(maxRows, maxTotal)) rows = csvRecordCount(f.buffer, head.header.delimiter);
    if (rows > maxRows) errors.push(tooManyPartRows(name, rows, maxRows));
    else if (rows === 0) errors.push({ path: name, message: `${name} has a header row but no data rows` });
    total += rows;
    counted.push(() => csvRecordCount(f.buffer, head.header!.delimiter));
    parts.push({ name, data: f.buffer });
  }
  // The line counts are upper bounds (a quoted field may span lines): count exactly before refusing.
  if (!errors.length && total > maxTotal) total = counted.reduce((n, count) => n + count(), 0);
  if (!errors.length && total > maxTotal) errors.push(tooManyRows(total, maxTotal));
  if (errors.length) throw badRequest('The submission does not have the expected shape', errors);
  return { format: 'csv', parts, bodyHash: hashParts(parts) };
}

/**
 * One .xlsx workbook (issue #18), stored as uploaded; its sheets' headers are checked and its rows counted here, so
 * a workbook of the wrong shape is a 400 and nothing is stored. Its rows are checked when processed, like CSV rows.
 */
async function parseWorkbook(
  files: SubmissionRequest['uploads'] & object,
  kind: SubmissionKind,
  maxRows: number,
): Promise<ParsedSubmission> {
  if (kind !== 'employer')
    throw badRequest('The coverage list is accepted as CSV or JSON', [
      { path: files[0]!.fieldname, message: 'send the list as one CSV file' },
    ]);
  if (files.length !== 1)
    throw badRequest('Send one .xlsx workbook alone (its sheets are workers, contracts, enrolments)', [
      { path: 'files', message: 'a workbook goes without other files' },
    ]);
  const data = files[0]!.buffer;
  const shape = await readWorkbookShape(data);
  const errors = [...shape.errors];
  for (const s of shape.sheets)
    if (s.dataRows > maxRows)
      errors.push({
        path: s.sheet,
        message: `${s.sheet} has ${s.dataRows} rows; at most ${maxRows} per submission`,
      });
  if (errors.length) throw badRequest('The workbook does not have the expected shape', errors);
  const parts = [{ name: XLSX_PART, data }];
  return { format: 'xlsx', parts, bodyHash: hashParts(parts) };
}
