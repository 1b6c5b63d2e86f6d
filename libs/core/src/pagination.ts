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
