import { badRequest } from './problem';

/** Opaque keyset cursors: base64url JSON of the last row's sort key. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(key) &&
      key.length === arity &&
      key.every((k) => typeof k === 'string' || typeof k === 'number')
    )
      return key as (string | number)[];
  } catch {
    /* fall through */
  }
  throw badRequest('The cursor is not valid', [
    { path: 'cursor', message: 'not a cursor returned by this list' },
  ]);
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A list's page size: `limit` (default `dflt`) clamped to 1..max. */
export function pageLimit(limit: number | undefined, dflt: number, max: number): number {
  return Math.min(Math.max(limit ?? dflt, 1), max);
}

/**
 * The one keyset page: `rows` were read with `LIMIT limit + 1` in the list's order; returns the first `limit` and,
 * when there were more, the cursor of the last one (`keyOf` gives its sort key, as decodeCursor reads it back).
 */
export function keysetPage<T>(
  rows: readonly T[],
  limit: number,
  keyOf: (last: T) => readonly (string | number)[],
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
