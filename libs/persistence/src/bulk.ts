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

interface RawConnection {
  execute(sql: string, values: unknown[], cb: (err: Error | null, result: unknown) => void): void;
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
 * INSERT … VALUES (…), (…) [ON DUPLICATE KEY UPDATE …] for any number of rows, in shaped chunks. Calls
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
  for (const chunk of shapedChunks(rows)) {
    const sql =
      `INSERT INTO ${table} (${columns.join(',')}) VALUES ${chunk.map(() => tuple).join(',')}` +
      (opts.onDuplicate ? ` ON DUPLICATE KEY UPDATE ${opts.onDuplicate}` : '');
    const params: unknown[] = [];
    for (const row of chunk) for (const v of values(row)) params.push(v);
    const result = await executePrepared(m, sql, params);
    if (opts.onChunk) await opts.onChunk(chunk, result);
  }
}
