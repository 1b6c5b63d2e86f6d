/**
 * npm run bench:ingest [-- --contracts 100000 --sponsored 160000 --heap 512]
 *
 * In its own database (patuh_bench_ingest, recreated each run) and queue prefix, with the real API (in this
 * process) and one real worker (its own OS process, with the heap limit of `npm run start:worker`):
 *   (a) a CSV self-report of N contracts plus its workers.csv (2 contracts per worker): time from POST to
 *       "processed" as seen through GET /self-reports/{id}; rows/s over all rows, and over contracts;
 *   (b) the same submission again (every row an update);
 *   (c) the sponsored-coverage list of M rows as one CSV upload, POST to processed;
 *   (d) the same list as one JSON body (must fit the 20 MB limit);
 *   (e) a BPJS Ketenagakerjaan load (#17) of `--bpjs-rows` rows (default 1,000,000) as one raw CSV body, streamed
 *       from a file, across `--bpjs-npps` NPPs (default 5000): time from POST to "processed"; the API's RSS (this
 *       process) and the worker's RSS sampled every 250 ms from the POST to the end.
 * `--db NAME --prefix P --port N` move it off the defaults (patuh_bench_ingest, bench_ingest, an ephemeral port).
 *   (f) a self-report as one .xlsx workbook (#18) of `--xlsx-rows` rows (default 100,000: half workers, half their
 *       contracts), POST to processed, with the API process's peak RSS while the API reads the workbook;
 * `--only bpjs` runs (e) alone, `--only xlsx` (f) alone (the API's RSS is then the API's, not the earlier cases' strings too).
 * Prints one JSON line last.
 */
import { ChildProcess, spawn } from 'child_process';
import { createReadStream, createWriteStream, readFileSync, statSync, unlinkSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Readable } from 'stream';
import { INestApplication } from '@nestjs/common';
import { loadConfig, withDatabase } from '@patuh/config';
import { hashApiKey, hashPassword, newApiKey } from '@patuh/core';
import { createDataSource, dropDatabase, migrateUp } from '@patuh/persistence';
import { createApiApp } from '../apps/api/src/bootstrap';

const root = join(__dirname, '..');
const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : def;
};
const CONTRACTS = Number(arg('contracts', '100000'));
const SPONSORED = Number(arg('sponsored', '160000'));
const BPJS_ROWS = Number(arg('bpjs-rows', '1000000'));
const BPJS_NPPS = Number(arg('bpjs-npps', '5000'));
const ONLY = arg('only', '');
const XLSX_ROWS = Number(arg('xlsx-rows', '100000'));
const HEAP = arg('heap', '512'); // as npm run start:worker (ingest holds a whole report)
const log = (m: string) => console.error(`[bench:ingest] ${m}`);

/** A valid NIK for serial i: region 640801, a real birth date DDMMYY (women: DD + 40), a 4-digit serial. */
function nik(i: number): string {
  const d = i % 10080;
  const day = 1 + (d % 28);
  const dd = (d >> 1) % 2 ? day + 40 : day;
  const mm = 1 + (Math.floor(d / 28) % 12);
  const yy = 70 + Math.floor(d / 336);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `640801${p2(dd)}${p2(mm)}${p2(yy)}${String(Math.floor(i / 10080)).padStart(4, '0')}`;
}

function uniqueNiks(n: number, offset = 0): string[] {
  const out = new Set<string>();
  for (let i = offset; out.size < n; i++) out.add(nik(i));
  return [...out];
}

async function main() {
  const base = loadConfig(process.env);
  const dbUrl = withDatabase(base.env.DATABASE_URL, arg('db', 'patuh_bench_ingest'));
  const prefix = arg('prefix', 'bench_ingest');
  const rawEnv: Record<string, string> = {
    DATABASE_URL: dbUrl,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    SCHEDULER_ENABLED: 'false',
    JWT_SECRET: 'bench-secret-bench-secret-0123456789',
    SELF_REPORT_RATE_LIMIT: '1000',
    SELF_REPORT_MAX_IN_FLIGHT: '1000',
    SELF_REPORT_MAX_CONCURRENT_PER_KEY: '1000',
  };
  const config = loadConfig({ ...process.env, ...rawEnv });
  log(`fresh database ${arg('db', 'patuh_bench_ingest')}…`);
  await dropDatabase(dbUrl);
  await migrateUp(dbUrl);
  const ds = await createDataSource(dbUrl, 2);
  await ds.initialize();
  const emp = (await ds.query(
    `INSERT INTO employers (nib, name, scale, npp, district) VALUES ('9199999999999', 'PT Bench Ingest', 'large', '24009999', 'Sangatta Utara')`,
  )) as { insertId: number };
  const employerId = Number(emp.insertId);
  const key = newApiKey();
  await ds.query('INSERT INTO api_keys (employer_id, key_hash, prefix) VALUES (?, ?, ?)', [
    employerId,
    hashApiKey(key.key),
    key.prefix,
  ]);
  await ds.query(`INSERT INTO users (email, name, role, password_hash) VALUES (?, 'Bench', 'admin', ?)`, [
    'bench@ingest.local',
    await hashPassword('password-123'),
  ]);

  // Redis: a clean prefix.
  const { default: IORedis } = await import('ioredis');
  const redis = new IORedis(config.env.REDIS_URL);
  const stale = await redis.keys(`${prefix}:*`);
  if (stale.length) await redis.del(...stale);
  redis.disconnect();

  const app: INestApplication = await createApiApp(config, { logger: false });
  await app.listen(Number(arg('port', '0')), '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}/api/v1`;
  const worker: ChildProcess = spawn(
    process.execPath,
    [
      `--max-old-space-size=${HEAP}`,
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      'apps/worker/src/main.ts',
    ],
    {
      cwd: root,
      env: { ...process.env, ...rawEnv, WORKER_CONCURRENCY: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const peakRss = () => {
    try {
      const s = readFileSync(`/proc/${worker.pid}/status`, 'utf8');
      return Number(/VmHWM:\s+(\d+)/.exec(s)?.[1] ?? 0) * 1024;
    } catch {
      return 0;
    }
  };

  try {
    const login = await fetch(`${url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@ingest.local', password: 'password-123' }),
    });
    const adminToken = ((await login.json()) as { accessToken: string }).accessToken;

    const post = async (path: string, token: string, body: FormData | string): Promise<number> => {
      const res = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          ...(typeof body === 'string' ? { 'content-type': 'application/json' } : {}),
        },
        body,
      });
      if (res.status !== 202) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { id: number }).id;
    };
    const waitProcessed = async (id: number, token: string) => {
      for (;;) {
        const r = (await (
          await fetch(`${url}/self-reports/${id}`, { headers: { authorization: `Bearer ${token}` } })
        ).json()) as {
          status: string;
          counts: Record<string, { accepted: number; rejected: number }>;
          errorCount: number;
        };
        if (r.status === 'processed' || r.status === 'failed') return r;
        await new Promise((res) => setTimeout(res, 25));
      }
    };
    const form = (files: Record<string, string>) => {
      const f = new FormData();
      for (const [name, text] of Object.entries(files))
        f.append(name, new Blob([text], { type: 'text/csv' }), name);
      return f;
    };

    // Warm-up: wait until the worker runs (its start is not measured).
    log('starting the worker…');
    const warm = await post(
      '/self-reports',
      key.key,
      JSON.stringify({ workers: [{ nik: '6408014107950003', name: 'Warm Up' }] }),
    );
    await waitProcessed(warm, key.key);

    async function selfReportCases(): Promise<Record<string, unknown>> {
      // (a) N contracts + N/2 workers, as CSV.
      const workerCount = Math.ceil(CONTRACTS / 2);
      const niks = uniqueNiks(workerCount);
      let w = 'nik,name,birthDate\r\n';
      for (let i = 0; i < workerCount; i++) w += `${niks[i]},Pekerja ${i},\r\n`;
      let c = 'ref,nik,type,startDate,endDate,monthlyWage,position\r\n';
      for (let i = 0; i < CONTRACTS; i++) {
        const year = 2022 + (i % 2);
        c += `PKWT-${i},${niks[i % workerCount]},PKWT,${year}-01-01,${year}-12-31,${3_500_000 + (i % 7) * 100_000},"Operator, shift ${i % 3}"\r\n`;
      }
      const sizeMb = (Buffer.byteLength(w) + Buffer.byteLength(c)) / 1e6;
      log(`(a) ${CONTRACTS} contracts + ${workerCount} workers (${sizeMb.toFixed(1)} MB CSV)…`);
      const runContracts = async () => {
        const t0 = performance.now();
        const id = await post('/self-reports', key.key, form({ 'workers.csv': w, 'contracts.csv': c }));
        const accepted = performance.now() - t0;
        const r = await waitProcessed(id, key.key);
        const s = (performance.now() - t0) / 1000;
        if (r.status !== 'processed' || r.errorCount || r.counts.contracts!.accepted !== CONTRACTS)
          throw new Error(`unexpected outcome ${JSON.stringify(r).slice(0, 500)}`);
        return { seconds: s, acceptedMs: accepted };
      };
      const a = await runContracts();
      const rowsA = CONTRACTS + workerCount;
      log(
        `(a) ${a.seconds.toFixed(2)} s: ${Math.round(rowsA / a.seconds)} rows/s, ${Math.round(CONTRACTS / a.seconds)} contracts/s (202 after ${Math.round(a.acceptedMs)} ms)`,
      );
      const b = await runContracts();
      log(`(b) resubmitted (all updates) ${b.seconds.toFixed(2)} s: ${Math.round(rowsA / b.seconds)} rows/s`);
      const [{ n: contractsInDb }] = (await ds.query('SELECT COUNT(*) AS n FROM contracts')) as {
        n: number;
      }[];

      // (c) sponsored list, CSV.
      const sNiks = uniqueNiks(SPONSORED, 2_000_000);
      const districts = (config.reference as { regency: { districts: string[] } }).regency.districts;
      let s = 'nik,programs,effectiveFrom,effectiveTo,district\r\n';
      const rows: unknown[] = [];
      for (let i = 0; i < SPONSORED; i++) {
        const d = districts[i % districts.length]!;
        s += `${sNiks[i]},JKK|JKM,2025-01-01,2025-12-31,${d}\r\n`;
        rows.push({
          nik: sNiks[i],
          programs: ['JKK', 'JKM'],
          effectiveFrom: '2025-01-01',
          effectiveTo: '2025-12-31',
        });
      }
      log(`(c) sponsored list: ${SPONSORED} rows (${(Buffer.byteLength(s) / 1e6).toFixed(1)} MB CSV)…`);
      let t0 = performance.now();
      const sid = await post('/sponsored-coverage', adminToken, form({ 'rows.csv': s }));
      let r = await waitProcessed(sid, adminToken);
      const cSec = (performance.now() - t0) / 1000;
      if (r.counts.rows!.accepted !== SPONSORED)
        throw new Error(`sponsored: ${JSON.stringify(r).slice(0, 300)}`);
      log(`(c) ${cSec.toFixed(2)} s: ${Math.round(SPONSORED / cSec)} rows/s`);

      // (d) the same as JSON (every row an update now).
      const json = JSON.stringify({ rows });
      log(`(d) sponsored list as JSON (${(Buffer.byteLength(json) / 1e6).toFixed(1)} MB)…`);
      t0 = performance.now();
      const jid = await post('/sponsored-coverage', adminToken, json);
      r = await waitProcessed(jid, adminToken);
      const dSec = (performance.now() - t0) / 1000;
      if (r.counts.rows!.accepted !== SPONSORED)
        throw new Error(`sponsored json: ${JSON.stringify(r).slice(0, 300)}`);
      log(`(d) ${dSec.toFixed(2)} s: ${Math.round(SPONSORED / dSec)} rows/s`);

      return {
        contracts: CONTRACTS,
        workers: workerCount,
        csvMb: Number(sizeMb.toFixed(1)),
        firstSeconds: Number(a.seconds.toFixed(2)),
        firstRowsPerSecond: Math.round(rowsA / a.seconds),
        firstContractsPerSecond: Math.round(CONTRACTS / a.seconds),
        accepted202Ms: Math.round(a.acceptedMs),
        resubmitSeconds: Number(b.seconds.toFixed(2)),
        resubmitRowsPerSecond: Math.round(rowsA / b.seconds),
        contractsInDb: Number(contractsInDb),
        sponsoredRows: SPONSORED,
        sponsoredCsvSeconds: Number(cSec.toFixed(2)),
        sponsoredJsonSeconds: Number(dSec.toFixed(2)),
        jsonMb: Number((Buffer.byteLength(json) / 1e6).toFixed(1)),
      };
    }

    /** (e) A BPJS load of BPJS_ROWS rows across BPJS_NPPS NPPs, one raw CSV body streamed from a file. */
    async function bpjsCase(): Promise<Record<string, unknown>> {
      const npps = Math.max(1, BPJS_NPPS);
      for (let i = 0; i < npps; i += 1000) {
        const values = Array.from({ length: Math.min(1000, npps - i) }, (_, k) => {
          const n = i + k;
          return `('${String(9300000000000 + n)}', 'PT BPJS Bench ${n}', 'medium', 'BN${n}', 'Sangatta Utara')`;
        });
        await ds.query(`INSERT INTO employers (nib, name, scale, npp, district) VALUES ${values.join(',')}`);
      }
      const file = join(tmpdir(), `patuh-bench-bpjs-${process.pid}.csv`);
      const out = createWriteStream(file);
      let lines: string[] = ['npp,kpj,nik,programs,effectiveFrom,effectiveTo,reportedWage,paidThrough'];
      for (let i = 0; i < BPJS_ROWS; i++) {
        lines.push(
          `BN${i % npps},${String(20000000000 + i)},${nik(5_000_000 + i)},JKK|JKM|JHT|JP,2024-0${1 + (i % 9)}-01,,${3_500_000 + (i % 13) * 50_000},2025-0${1 + (i % 5)}`,
        );
        if (lines.length >= 10_000) {
          if (!out.write(lines.join('\n') + '\n'))
            await new Promise<void>((r) => out.once('drain', () => r()));
          lines = [];
        }
      }
      out.write(lines.join('\n') + '\n');
      await new Promise<void>((r) => out.end(() => r()));
      const mb = statSync(file).size / 1e6;
      log(`(e) BPJS load: ${BPJS_ROWS} rows, ${npps} NPPs (${mb.toFixed(1)} MB CSV)…`);
      const workerRss = () => {
        try {
          return (
            Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${worker.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024
          );
        } catch {
          return 0;
        }
      };
      const samples: { t: number; api: number; worker: number }[] = [];
      const t0 = performance.now();
      const sample = () =>
        samples.push({ t: performance.now() - t0, api: process.memoryUsage().rss, worker: workerRss() });
      sample();
      const timer = setInterval(sample, 250);
      try {
        const res = await fetch(`${url}/bpjs-records?asOf=2025-06-30`, {
          method: 'POST',
          headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'text/csv' },
          body: Readable.toWeb(createReadStream(file)) as unknown as RequestInit['body'],
          duplex: 'half',
        } as RequestInit & { duplex: 'half' });
        if (res.status !== 202) throw new Error(`bpjs-records: ${res.status} ${await res.text()}`);
        const id = ((await res.json()) as { id: number }).id;
        const acceptedMs = performance.now() - t0;
        let r: {
          status: string;
          counts: { accepted: number; rejected: number };
          failureReason: string | null;
        };
        for (;;) {
          r = (await (
            await fetch(`${url}/bpjs-records/loads/${id}`, {
              headers: { authorization: `Bearer ${adminToken}` },
            })
          ).json()) as typeof r;
          if (r.status === 'processed' || r.status === 'failed') break;
          await new Promise((res2) => setTimeout(res2, 100));
        }
        const sec = (performance.now() - t0) / 1000;
        sample();
        if (r.status !== 'processed' || r.counts.accepted !== BPJS_ROWS)
          throw new Error(`bpjs load: ${JSON.stringify(r).slice(0, 500)}`);
        const mbOf = (n: number) => Math.round(n / 1e6);
        const api = samples.map((x) => x.api);
        const wk = samples.map((x) => x.worker).filter((x) => x > 0);
        const third = (xs: number[], k: number) =>
          xs.slice(Math.floor((xs.length * k) / 3), Math.floor((xs.length * (k + 1)) / 3));
        const maxOf = (xs: number[]) => (xs.length ? Math.max(...xs) : 0);
        log(
          `(e) ${sec.toFixed(2)} s: ${Math.round(BPJS_ROWS / sec)} rows/s (202 after ${Math.round(acceptedMs)} ms)`,
        );
        return {
          bpjsRows: BPJS_ROWS,
          bpjsNpps: npps,
          bpjsCsvMb: Number(mb.toFixed(1)),
          bpjsAccepted202Ms: Math.round(acceptedMs),
          bpjsSeconds: Number(sec.toFixed(2)),
          bpjsRowsPerSecond: Math.round(BPJS_ROWS / sec),
          bpjsRssSamples: samples.length,
          // Peak RSS in each third of the run: flat memory shows as three close figures.
          bpjsApiRssMbByThird: [0, 1, 2].map((k) => mbOf(maxOf(third(api, k)))),
          bpjsWorkerRssMbByThird: [0, 1, 2].map((k) => mbOf(maxOf(third(wk, k)))),
          bpjsApiRssMbStartEnd: [mbOf(api[0]!), mbOf(api[api.length - 1]!)],
          bpjsWorkerRssMbStartEnd: [mbOf(wk[0] ?? 0), mbOf(wk[wk.length - 1] ?? 0)],
        };
      } finally {
        clearInterval(timer);
        unlinkSync(file);
      }
    }

    /** (f) One .xlsx workbook of XLSX_ROWS rows (sheets workers and contracts), as an HR clerk would upload it. */
    async function xlsxCase(): Promise<Record<string, unknown>> {
      const { default: ExcelJS } = await import('exceljs');
      const half = Math.floor(XLSX_ROWS / 2);
      const niks = uniqueNiks(half, 2_000_000);
      const file = join(tmpdir(), `patuh-bench-xlsx-${process.pid}.xlsx`);
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
      const ws = wb.addWorksheet('workers');
      ws.addRow(['nik', 'name', 'birthDate']).commit();
      for (let i = 0; i < half; i++) ws.addRow([niks[i], `Pekerja Excel ${i}`, '']).commit();
      ws.commit();
      const cs = wb.addWorksheet('contracts');
      cs.addRow(['ref', 'nik', 'type', 'startDate', 'endDate', 'monthlyWage', 'position']).commit();
      // Dates as Excel date cells (serial numbers), as a clerk's sheet has them.
      for (let i = 0; i < half; i++)
        cs.addRow([
          `XL-${i}`,
          niks[i],
          'PKWT',
          new Date(Date.UTC(2024, i % 12, 1)),
          new Date(Date.UTC(2024, 11, 31)),
          3_500_000 + (i % 7) * 100_000,
          'Operator',
        ]).commit();
      cs.commit();
      await wb.commit();
      const buf = readFileSync(file);
      unlinkSync(file);
      const mb = buf.length / 1e6;
      log(`(f) .xlsx workbook: ${XLSX_ROWS} rows (${mb.toFixed(1)} MB)…`);
      let apiPeak = process.memoryUsage().rss;
      const apiStart = apiPeak;
      const timer = setInterval(() => (apiPeak = Math.max(apiPeak, process.memoryUsage().rss)), 50);
      try {
        const f = new FormData();
        f.append(
          'workbook',
          new Blob([buf], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
          'laporan.xlsx',
        );
        const t0 = performance.now();
        const id = await post('/self-reports', key.key, f);
        const acceptedMs = performance.now() - t0;
        const r = await waitProcessed(id, key.key);
        const sec = (performance.now() - t0) / 1000;
        if (r.status !== 'processed' || r.errorCount || r.counts.contracts!.accepted !== half)
          throw new Error(`xlsx: unexpected outcome ${JSON.stringify(r).slice(0, 500)}`);
        log(
          `(f) ${sec.toFixed(2)} s: ${Math.round(XLSX_ROWS / sec)} rows/s (202 after ${Math.round(acceptedMs)} ms)`,
        );
        return {
          xlsxRows: XLSX_ROWS,
          xlsxMb: Number(mb.toFixed(1)),
          xlsxAccepted202Ms: Math.round(acceptedMs),
          xlsxSeconds: Number(sec.toFixed(2)),
          xlsxRowsPerSecond: Math.round(XLSX_ROWS / sec),
          xlsxApiRssMbStartPeak: [Math.round(apiStart / 1e6), Math.round(apiPeak / 1e6)],
        };
      } finally {
        clearInterval(timer);
      }
    }

    const out: Record<string, unknown> = { bench: 'ingest' };
    if (ONLY === '') Object.assign(out, await selfReportCases());
    if (ONLY === 'xlsx' || (ONLY === '' && XLSX_ROWS > 0)) Object.assign(out, await xlsxCase());
    if ((ONLY === '' || ONLY === 'bpjs') && BPJS_ROWS > 0) Object.assign(out, await bpjsCase());
    out.workerHeapLimitMb = Number(HEAP);
    out.workerPeakRssMb = Math.round(peakRss() / 1e6);
    console.log(JSON.stringify(out));
  } finally {
    worker.kill('SIGTERM');
    await app.close();
    await ds.destroy();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
