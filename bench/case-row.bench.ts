/**
 * npm run bench:case-row -- [--database patuh_bench_200000] [--runs 2] [--variants as-is,no-trigger,…]
 *
 * What one case row costs the database to write (issue #19, "the write floor"). The cases a bench database holds
 * (bench:sweep's first sweep leaves them) are written again, from this process, into scratch tables in a scratch
 * database (`<database>_case_row`, dropped at the end), in the engine's statements: multi-row prepared INSERTs of
 * 400 rows (the tail one by one), the engine's columns (CASE_COLUMNS), 4,000 rows per transaction, one connection.
 * For each variant of the table (or of the way rows are sent), prints the wall time and the CPU seconds of the
 * database server (when it runs on this machine) and of this process, and one JSON line last. The variants run in
 * turn, `--runs` times each, so a slow spell of a shared machine falls on all of them.
 *
 *   as-is            `cases` as the migrations leave it (CREATE TABLE … LIKE), with its names trigger recreated
 *   no-trigger       the same without the trigger
 *   bare             primary key and the identity index only, no trigger
 *   bare-no-evidence the same with evidence '{}'
 *   bare-tiny        the same with evidence '{}' and summaries cut to 20 characters
 *   load-data        as-is, the rows sent by LOAD DATA LOCAL INFILE (tab-separated) instead of prepared INSERTs
 *   text             as-is, the rows sent as text multi-row INSERTs (values escaped by mysql2)
 */
import { Readable } from 'stream';
import { createConnection } from 'mysql2';
import { loadConfig, mysqlConnectionOptions, withDatabase } from '@patuh/config';
import { CASE_COLUMNS, shapedChunks } from '@patuh/persistence';
import { cpuSeconds, localServerPid } from './proc';
import { casesTriggerOn } from './tables';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : def;
};
const log = (m: string) => console.error(`[bench:case-row] ${m}`);

const VARIANTS = [
  'as-is',
  'no-trigger',
  'bare',
  'bare-no-evidence',
  'bare-tiny',
  'load-data',
  'text',
] as const;
type Variant = (typeof VARIANTS)[number];

const TX_ROWS = 4000;

async function main() {
  const config = loadConfig(process.env);
  const source = arg('database', 'patuh_bench_200000');
  const scratch = `${source}_case_row`;
  const runs = Number(arg('runs', '2'));
  const variants = arg('variants', VARIANTS.join(','))
    .split(',')
    .filter((v): v is Variant => (VARIANTS as readonly string[]).includes(v));
  let stream: Readable | null = null;
  const conn = createConnection({
    ...mysqlConnectionOptions(withDatabase(config.env.DATABASE_URL, source)),
    infileStreamFactory: () => stream!,
  }).promise();
  const serverPid = localServerPid();

  const [rows] = (await conn.query({
    sql: `SELECT ${CASE_COLUMNS.join(',')} FROM cases ORDER BY employer_id, id`,
    rowsAsArray: true,
  })) as unknown as [unknown[][]];
  if (!rows.length) throw new Error(`${source}.cases is empty: run bench:sweep first`);
  log(`${rows.length} cases read from ${source}`);
  const evidence = CASE_COLUMNS.indexOf('evidence');
  const summaries = [CASE_COLUMNS.indexOf('summary'), CASE_COLUMNS.indexOf('summary_id')];

  const [[trigger]] = (await conn.query('SHOW CREATE TRIGGER cases_names')) as unknown as [
    [Record<string, string>],
  ];
  const triggerSql = (table: string) => casesTriggerOn(trigger['SQL Original Statement']!, table);

  await conn.query(`DROP DATABASE IF EXISTS ${scratch}`);
  await conn.query(`CREATE DATABASE ${scratch}`);
  const make = async (v: Variant): Promise<string> => {
    const t = `${scratch}.c_${v.replace(/-/g, '_')}`;
    await conn.query(`DROP TABLE IF EXISTS ${t}`);
    await conn.query(`CREATE TABLE ${t} LIKE ${source}.cases`);
    if (v === 'bare' || v.startsWith('bare-')) {
      const [ix] = (await conn.query(
        `SELECT DISTINCT index_name AS name FROM information_schema.statistics
          WHERE table_schema = ? AND table_name = ? AND index_name NOT IN ('PRIMARY', 'ux_cases_identity')`,
        [scratch, t.split('.')[1]],
      )) as unknown as [{ name: string }[]];
      if (ix.length) await conn.query(`ALTER TABLE ${t} ${ix.map((i) => `DROP INDEX ${i.name}`).join(', ')}`);
    } else if (v !== 'no-trigger') {
      await conn.query(`USE ${scratch}`);
      await conn.query(triggerSql(t.split('.')[1]!));
      await conn.query(`USE ${source}`);
    }
    return t;
  };

  const tsv = (v: unknown): string =>
    v === null || v === undefined
      ? '\\N'
      : v instanceof Date
        ? v.toISOString().slice(0, 23).replace('T', ' ')
        : String(v).replace(/[\\\t\n]/g, (ch) => (ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : '\\n'));

  const write = async (v: Variant, table: string) => {
    const tuple = `(${CASE_COLUMNS.map(() => '?').join(',')})`;
    const shape = (r: unknown[]): unknown[] => {
      if (!v.startsWith('bare-')) return r;
      const out = [...r];
      out[evidence] = '{}';
      if (v === 'bare-tiny') for (const i of summaries) out[i] = String(out[i]).slice(0, 20);
      return out;
    };
    for (let b = 0; b < rows.length; b += TX_ROWS) {
      const batch = rows.slice(b, b + TX_ROWS).map(shape);
      await conn.query('BEGIN');
      if (v === 'load-data') {
        stream = Readable.from([Buffer.from(batch.map((r) => r.map(tsv).join('\t')).join('\n') + '\n')]);
        await conn.query(
          `LOAD DATA LOCAL INFILE 'cases.tsv' INTO TABLE ${table} CHARACTER SET utf8mb4 (${CASE_COLUMNS.join(',')})`,
        );
      } else {
        for (const chunk of shapedChunks(batch)) {
          const sql = `INSERT INTO ${table} (${CASE_COLUMNS.join(',')}) VALUES ${chunk.map(() => tuple).join(',')}`;
          if (v === 'text') await conn.query(sql, chunk.flat());
          else await conn.execute(sql, chunk.flat() as never[]);
        }
      }
      await conn.query('COMMIT');
    }
  };

  const results: Record<string, { seconds: number[]; dbCpuSeconds: number[]; clientCpuSeconds: number[] }> =
    {};
  for (let run = 1; run <= runs; run++) {
    for (const v of variants) {
      const table = await make(v);
      const db0 = serverPid ? cpuSeconds(serverPid) : 0;
      const self0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      await write(v, table);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const self = process.cpuUsage(self0);
      const db = serverPid ? cpuSeconds(serverPid) - db0 : NaN;
      const client = (self.user + self.system) / 1e6;
      const r = (results[v] ??= { seconds: [], dbCpuSeconds: [], clientCpuSeconds: [] });
      r.seconds.push(round(seconds));
      r.dbCpuSeconds.push(round(db));
      r.clientCpuSeconds.push(round(client));
      log(
        `${v} (run ${run}/${runs}): ${seconds.toFixed(2)} s; CPU: database ${db.toFixed(2)} s, this process ${client.toFixed(2)} s`,
      );
      await conn.query(`DROP TABLE ${table}`);
    }
  }
  await conn.query(`DROP DATABASE ${scratch}`);
  await conn.end();
  console.log(JSON.stringify({ database: source, cases: rows.length, rowsPerTransaction: TX_ROWS, results }));
}

const round = (x: number) => Math.round(x * 100) / 100;

main().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  process.exit(1);
});
