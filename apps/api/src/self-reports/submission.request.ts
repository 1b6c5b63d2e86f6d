import { AppConfig } from '@patuh/config';
import { badRequest } from '@patuh/core';
import {
  canonicalJsonLines,
  checkCsvHeader,
  checkJsonShape,
  csvLineBound,
  csvRecordCount,
  entitiesOf,
  hashParts,
  ShapeError,
  SubmissionKind,
  tooManyPartRows,
  tooManyRows,
} from '@patuh/self-reports';
import type { SubmissionRequest } from './submission.upload';

export interface ParsedSubmission {
  format: 'json' | 'csv';
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
export function parseSubmission(
  req: SubmissionRequest,
  kind: SubmissionKind,
  config: AppConfig,
): ParsedSubmission {
  const maxRows = config.env.SELF_REPORT_MAX_ROWS;
  const maxTotal = config.env.SELF_REPORT_MAX_TOTAL_ROWS;
  const files = req.uploads ?? [];
  const isMultipart = (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');

  if (!isMultipart) {
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
