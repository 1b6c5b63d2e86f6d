import { DataSource, QueryFailedError } from 'typeorm';
import { insertRows } from '@patuh/persistence';
import { TestStack } from './support/stack';

describe('insertRows: multi-row prepared statements inside a transaction', () => {
  const stack = new TestStack('bulk');
  let ds: DataSource;

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    await ds.query(
      `CREATE TABLE bulk_probe (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, k varchar(20) NOT NULL UNIQUE,
        v text NULL, n bigint NULL, d date NULL, at datetime(3) NULL)`,
    );
  });
  afterAll(async () => {
    await stack.teardown();
  });

  const rowsOf = (n: number, prefix: string) =>
    Array.from({ length: n }, (_, i) => ({
      k: `${prefix}${i}`,
      v: i % 7 === 0 ? undefined : `quote ' "double" \\ back, é, 😀 ${i}`,
      n: 9_000_000_000 + i,
      d: '2025-02-28',
      at: new Date(Date.UTC(2025, 1, 28, 23, 59, 59, 123)),
    }));
  const cols = ['k', 'v', 'n', 'd', 'at'];
  const values = (r: ReturnType<typeof rowsOf>[number]) => [r.k, r.v, r.n, r.d, r.at];

  it('writes every row exactly (text, big integers, dates, UTC instants, undefined as NULL) and reports ids', async () => {
    const firstIds: number[] = [];
    await ds.transaction((m) =>
      insertRows(m, 'bulk_probe', cols, rowsOf(531, 'a'), values, {
        onChunk: (chunk, res) => {
          firstIds.push(res.insertId);
          expect(res.affectedRows).toBe(chunk.length);
        },
      }),
    );
    expect(firstIds).toHaveLength(5); // 400 + 100 + 25 + 5 + 1
    const back = (await ds.query(`SELECT k, v, n, d, at FROM bulk_probe WHERE k LIKE 'a%' ORDER BY id`)) as {
      k: string;
      v: string | null;
      n: string;
      d: string;
      at: Date;
    }[];
    expect(back).toHaveLength(531);
    expect(back.map((r) => r.k)).toEqual(rowsOf(531, 'a').map((r) => r.k));
    expect(back[0]!.v).toBeNull();
    expect(back[1]!.v).toBe(`quote ' "double" \\ back, é, 😀 1`);
    expect(String(back[530]!.n)).toBe('9000000530');
    expect(back[3]!.d).toBe('2025-02-28');
    expect(new Date(back[3]!.at).toISOString()).toBe('2025-02-28T23:59:59.123Z');
  });

  it('joins the caller’s transaction: a rollback takes the rows with it', async () => {
    await expect(
      ds.transaction(async (m) => {
        const executed = async () =>
          Number(
            ((await m.query(`SHOW SESSION STATUS LIKE 'Com_stmt_execute'`)) as { Value: string }[])[0]!.Value,
          );
        const before = await executed();
        await insertRows(m, 'bulk_probe', cols, rowsOf(30, 'b'), values);
        // Two prepared statements (25 + 5 rows) ran on this transaction's own session.
        expect((await executed()) - before).toBe(2);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(Number((await ds.query(`SELECT COUNT(*) AS n FROM bulk_probe WHERE k LIKE 'b%'`))[0].n)).toBe(0);
  });

  it('upserts with ON DUPLICATE KEY UPDATE, and reports a duplicate as QueryFailedError with the driver code', async () => {
    await ds.transaction((m) =>
      insertRows(m, 'bulk_probe', ['k', 'v'], [{ k: 'a1' }, { k: 'c1' }], (r) => [r.k, 'updated'], {
        onDuplicate: 'v = VALUES(v)',
      }),
    );
    const got = (await ds.query(`SELECT k, v FROM bulk_probe WHERE k IN ('a1', 'c1') ORDER BY k`)) as {
      k: string;
      v: string;
    }[];
    expect(got).toEqual([
      { k: 'a1', v: 'updated' },
      { k: 'c1', v: 'updated' },
    ]);
    const err = await ds
      .transaction((m) => insertRows(m, 'bulk_probe', ['k'], [{ k: 'a2' }], (r) => [r.k]))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueryFailedError);
    expect((err as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe(
      'ER_DUP_ENTRY',
    );
  });

  it('keeps every statement under max_allowed_packet: 400 rows larger than the packet together are split by bytes', async () => {
    await ds.query(
      `CREATE TABLE bulk_big (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, v mediumtext NOT NULL)`,
    );
    const [{ n }] = (await ds.query('SELECT @@max_allowed_packet AS n')) as { n: string }[];
    // 400 rows (one shaped chunk by count) whose values together are 1.25 times the packet: one statement of
    // them is refused by the server ("packet bigger than max_allowed_packet").
    const size = Math.ceil((Number(n) * 1.25) / 400);
    const rows = Array.from({ length: 400 }, (_, i) => String(i).padStart(8, '0') + 'x'.repeat(size));
    const chunks: number[] = [];
    await ds.transaction((m) =>
      insertRows(m, 'bulk_big', ['v'], rows, (v) => [v], { onChunk: (c) => void chunks.push(c.length) }),
    );
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.reduce((a, b) => a + b, 0)).toBe(400);
    const back = (await ds.query(`SELECT LEFT(v, 8) AS k, LENGTH(v) AS len FROM bulk_big ORDER BY id`)) as {
      k: string;
      len: number;
    }[];
    expect(back.map((r) => r.k)).toEqual(rows.map((r) => r.slice(0, 8)));
    expect(back.every((r) => Number(r.len) === size + 8)).toBe(true);
  }, 120_000);
});
