import { EntityManager, QueryFailedError } from 'typeorm';

/**
 * Multi-row statements as server-side prepared statements (the binary protocol): values travel length-prefixed,
 * so nothing is escaped into a large SQL text and the server does not parse one. For the sweep's case inserts
 * this halves the time per row (docs/benchmarks.md). Rows are cut into chunks of a few fixed sizes only, so a
 * connection prepares a handful of statements per table however batch sizes vary (mysql2 caches them per
 * connection; the server's max_prepared_stmt_count is never approached).
 */
export const ROW_SHAPES: readonly number[] = [400, 100, 25, 5, 1];

/** Splits rows into consecutive chunks whose sizes are all in ROW_SHAPES (largest first). */
export function shapedChunks<T>(rows: readonly T[], shapes: readonly number[] = ROW_SHAPES): T[][] {
  const out: T[][] = [];
  let i = 0;
  for (const size of shapes) {
    while (rows.length - i >= size) {
      out.push(rows.slice(i, i + size));
      i += size;
    }
  }
  return out;
}

/** The server's max_allowed_packet, read once per data source (it does not change while the server runs). */
const packets = new WeakMap<object, Promise<number>>();

/** The server's max_allowed_packet in bytes (read once per data source, then cached). */
export function maxAllowedPacket(m: EntityManager): Promise<number> {
  const key = m.connection as object;
  let p = packets.get(key);
  if (!p) {
    p = (m.query('SELECT @@max_allowed_packet AS n') as Promise<{ n: number | string }[]>).then(
      (rows) => Number(rows[0]?.n) || 4 * 1024 * 1024,
      (e: unknown) => {
        packets.delete(key);
        throw e;
      },
    );
    packets.set(key, p);
  }
  return p;
}

/**
 * The bytes one statement may carry: a quarter of max_allowed_packet (room for escaping, which can double a
 * text value, and for the statement around the values), at least 64 KB.
 */
export async function statementBudget(m: EntityManager): Promise<number> {
  return Math.max(64 * 1024, Math.floor((await maxAllowedPacket(m)) / 4));
}

/** The UTF-8 bytes of a string, exactly. */
const utf8Bytes = (s: string): number => Buffer.byteLength(s);
/** At most the UTF-8 bytes of a string, read from its length alone: a UTF-16 code unit is at most 3 bytes. */
const utf8BytesBound = (s: string): number => 3 * s.length;

/**
 * An estimate of the bytes a row's values take on the wire (strings by their UTF-8 length, or by `stringBytes`;
 * numbers as 8).
 */
export function valueBytes(
  values: readonly unknown[],
  stringBytes: (s: string) => number = utf8Bytes,
): number {
  let n = 0;
  for (const v of values) {
    if (typeof v === 'string') n += stringBytes(v) + 4;
    else if (Buffer.isBuffer(v)) n += v.length + 4;
    else if (v === null || v === undefined) n += 1;
    else if (v instanceof Date) n += 12;
    else if (typeof v === 'object') n += Buffer.byteLength(JSON.stringify(v)) + 4;
    else n += 8;
  }
  return n;
}

/**
 * Cuts rows into consecutive runs of at most `budget` bytes each (by `bytes`); a single row larger than the
 * budget is a run of its own (the server then says whether it fits at all).
 */
export function byteRuns<T>(rows: readonly T[], bytes: (row: T) => number, budget: number): T[][] {
  const out: T[][] = [];
  let run: T[] = [];
  let size = 0;
  for (const row of rows) {
    const b = bytes(row);
    if (run.length && size + b > budget) {
      out.push(run);
      run = [];
      size = 0;
    }
    run.push(row);
    size += b;
  }
  if (run.length) out.push(run);
  return out;
}

/**
 * An upper bound of valueBytes that reads no string's bytes: a string of n UTF-16 code units takes at most 3n
 * bytes of UTF-8. Dates, numbers and NULLs as valueBytes counts them; objects exactly.
 */
export const valueBytesBound = (values: readonly unknown[]): number => valueBytes(values, utf8BytesBound);

/**
 * The sizes of consecutive chunks of rows (given as their values), each a size from ROW_SHAPES and within `budget`
 * bytes: shaped first, and only a chunk whose upper bound (valueBytesBound) passes the budget is measured exactly
 * and cut again by bytes. Rows of a few kilobytes in chunks of 400 stay well within a quarter of the default
 * max_allowed_packet, so the common case counts no string's UTF-8 bytes at all.
 */
export function budgetedChunkSizes(rows: readonly (readonly unknown[])[], budget: number): number[] {
  const out: number[] = [];
  for (const chunk of shapedChunks(rows)) {
    let bound = 0;
    for (const r of chunk) bound += valueBytesBound(r);
    if (bound <= budget) out.push(chunk.length);
    else
      for (const run of byteRuns(chunk, (r) => valueBytes(r), budget))
        for (const c of shapedChunks(run)) out.push(c.length);
  }
  return out;
}

interface RawConnection {
  execute(sql: string, values: unknown[], cb: (err: Error | null, result: unknown) => void): void;
  query(
    opts: { sql: string; values: unknown[]; rowsAsArray: boolean },
    cb: (err: Error | null, result: unknown) => void,
  ): void;
}

/**
 * Runs one read with each row an array of its columns in SELECT order (mysql2's rowsAsArray: no object and no key
 * per row, for the engine's largest reads), on the transaction's own connection, or on a connection of its own
 * when `m` is not in a transaction. The connection's type casts apply (DATE as 'YYYY-MM-DD'). Errors come back as
 * TypeORM's QueryFailedError, as from `m.query`.
 */
export async function queryArrays<T extends unknown[]>(
  m: EntityManager,
  sql: string,
  params: unknown[],
): Promise<T[]> {
  const own = m.queryRunner ? null : m.connection.createQueryRunner('slave');
  const runner = (m.queryRunner ?? own) as unknown as { connect: () => Promise<unknown> };
  try {
    const conn = (await runner.connect()) as RawConnection;
    return await new Promise<T[]>((resolve, reject) =>
      conn.query({ sql, values: params, rowsAsArray: true }, (err, rows) =>
        err ? reject(new QueryFailedError(sql, params, err)) : resolve(rows as T[]),
      ),
    );
  } finally {
    await own?.release();
  }
}

export interface WriteResult {
  insertId: number;
  affectedRows: number;
}

/**
 * Runs one statement as a prepared statement on the transaction's own connection (the caller's EntityManager
 * must come from a transaction, so the statement joins it). Without a query runner, falls back to a text query.
 * Errors come back as TypeORM's QueryFailedError, as from `m.query`. `undefined` is sent as NULL.
 */
export async function executePrepared(
  m: EntityManager,
  sql: string,
  params: unknown[],
): Promise<WriteResult> {
  const values = params.map((v) => (v === undefined ? null : v));
  const runner = m.queryRunner as unknown as { connect?: () => Promise<unknown> } | undefined;
  const conn = (runner?.connect ? await runner.connect() : null) as RawConnection | null;
  if (!conn || typeof conn.execute !== 'function') return (await m.query(sql, values)) as WriteResult;
  return new Promise<WriteResult>((resolve, reject) =>
    conn.execute(sql, values, (err, result) =>
      err ? reject(new QueryFailedError(sql, values, err)) : resolve(result as WriteResult),
    ),
  );
}

/**
 * INSERT … VALUES (…), (…) [ON DUPLICATE KEY UPDATE …] for any number of rows, in shaped chunks, each statement
 * within a quarter of the server's max_allowed_packet (statementBudget). Calls
 * `onChunk` with each chunk and its result (the first insert id of a chunk, for reading ids back).
 */
export async function insertRows<T>(
  m: EntityManager,
  table: string,
  columns: readonly string[],
  rows: readonly T[],
  values: (row: T) => unknown[],
  opts: { onDuplicate?: string; onChunk?: (chunk: T[], result: WriteResult) => Promise<void> | void } = {},
): Promise<void> {
  const tuple = `(${columns.map(() => '?').join(',')})`;
  // Each row's values built once, for the byte budget and for the statement.
  const all = rows.map((r) => values(r));
  // Bounded by bytes too: 400 rows of large evidence could exceed max_allowed_packet, which the server refuses.
  const budget = rows.length > 1 ? await statementBudget(m) : Infinity;
  const sizes =
    budget === Infinity ? shapedChunks(all).map((c) => c.length) : budgetedChunkSizes(all, budget);
  // One statement text per chunk size (a handful: ROW_SHAPES), built once per call.
  const statements = new Map<number, string>();
  let at = 0;
  for (const size of sizes) {
    const chunk = rows.slice(at, at + size);
    let sql = statements.get(size);
    if (sql === undefined) {
      sql =
        `INSERT INTO ${table} (${columns.join(',')}) VALUES ${Array.from({ length: size }, () => tuple).join(',')}` +
        (opts.onDuplicate ? ` ON DUPLICATE KEY UPDATE ${opts.onDuplicate}` : '');
      statements.set(size, sql);
    }
    const params: unknown[] = [];
    for (let i = at; i < at + size; i++) for (const v of all[i]!) params.push(v);
    at += size;
    const result = await executePrepared(m, sql, params);
    if (opts.onChunk) await opts.onChunk(chunk, result);
  }
}
