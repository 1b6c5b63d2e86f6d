/**
 * npm run bench:api [-- --cases 1000000] [--duration 10] [--connections 16] [--regenerate] [--only list|detail|health]
 *
 * The case API under load, on loopback:
 *   - a database patuh_bench_api holding N synthetic cases (default 1,000,000; reused when already there):
 *     2,000 employers across Kutai Timur's 18 districts, 100,000 workers, cases with realistic severities,
 *     statuses and ~1 KB of evidence each, written with multi-row INSERTs;
 *   - EXPLAIN of the queue query (district + status, ORDER BY severity_rank, first_detected_at, id): it must be a
 *     range scan of ix_cases_district_queue with no filesort;
 *   - the API started as its own process (apps/api/src/main.ts; --built: dist/apps/api/main.js), one inspector's JWT;
 *   - autocannon: GET /api/v1/cases?district=<rotating>&status=open and GET /api/v1/cases/{random id}, each for
 *     `duration` seconds after a short warm-up.
 * The API's per-IP throttle (1,200/min) is a deployment guard, not capacity: the load spreads over 1,000 client
 * addresses with X-Forwarded-For (the bench sets TRUST_PROXY=loopback), as many inspectors behind the office proxy.
 * Prints one JSON line last.
 */
import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'child_process';
import { createHash } from 'crypto';
import { join } from 'path';
import { createPool, Pool } from 'mysql2/promise';
import { loadConfig, mysqlConnectionOptions, withDatabase } from '@patuh/config';
import { hashPassword } from '@patuh/core';
import { ensureDatabase, migrateUp } from '@patuh/persistence';
import { CASE_FROM, CASE_SELECT } from '@patuh/cases';

const root = join(__dirname, '..');
const arg = (name: string, def?: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : def;
};
const flag = (name: string) => process.argv.includes(`--${name}`);
const TOTAL = Number(arg('cases', '1000000'));
const DURATION = Number(arg('duration', '10'));
const CONNECTIONS = Number(arg('connections', '16'));
const PORT = Number(arg('port', '3917'));
const log = (m: string) => console.error(`[bench:api] ${m}`);

const SEVERITIES: [string, number, number][] = [
  ['critical', 1, 0.15],
  ['high', 2, 0.35],
  ['medium', 3, 0.3],
  ['low', 4, 0.2],
];
const STATUSES: [string, number][] = [
  ['open', 0.3],
  ['in_review', 0.1],
  ['confirmed', 0.05],
  ['notice_sent', 0.05],
  ['resolved', 0.4],
  ['dismissed', 0.1],
];
const RULES = [
  'ENROLMENT_MISSING',
  'ENROLMENT_LATE',
  'PROGRAM_INCOMPLETE',
  'WAGE_UNDER_REPORTED',
  'WAGE_BELOW_MINIMUM',
  'PKWT_DURATION_EXCEEDED',
  'PKWT_SERIAL_RENEWAL',
  'PKWT_LEGACY_BREACH',
];

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: number, table: [T, ...unknown[]][], weightAt: number): T => {
  let acc = 0;
  for (const row of table) {
    acc += row[weightAt] as number;
    if (r < acc) return row[0];
  }
  return table[table.length - 1]![0];
};

function evidence(r: () => number, nik: string): string {
  const periods = Array.from({ length: 3 }, (_, i) => ({
    from: `202${i + 2}-0${1 + Math.floor(r() * 8)}-01`,
    to: `202${i + 2}-1${Math.floor(r() * 2)}-28`,
    days: 100 + Math.floor(r() * 200),
  }));
  const contracts = Array.from({ length: 3 }, (_, i) => ({
    ref: `PKWT-${2022 + i}-${Math.floor(r() * 1000)}`,
    type: 'PKWT',
    startDate: `${2022 + i}-07-01`,
    endDate: `${2023 + i}-06-30`,
    monthlyWage: 3_500_000 + Math.floor(r() * 2_000_000),
  }));
  const est = Math.floor(r() * 20_000_000);
  return JSON.stringify({
    nik,
    referenceDay: '2025-06-30',
    enrolmentGraceDays: 0,
    uncoveredPeriods: periods,
    totalUncoveredDays: periods.reduce((a, p) => a + p.days, 0),
    everEnrolled: r() < 0.5,
    contracts,
    estimatedUnpaidContributions: est,
    contributionsByProgram: {
      JKK: Math.floor(est * 0.1),
      JKM: Math.floor(est * 0.1),
      JHT: Math.floor(est * 0.5),
      JP: Math.floor(est * 0.3),
    },
    programsCharged: ['JKK', 'JKM', 'JHT', 'JP'],
    jkkRiskGroup: 2,
    jkkRiskGroupAssumed: false,
  });
}

async function seedData(pool: Pool, districts: string[]): Promise<void> {
  const [[{ n }]] = (await pool.query('SELECT COUNT(*) AS n FROM cases')) as unknown as [[{ n: number }]];
  if (Number(n) >= TOTAL && !flag('regenerate')) {
    log(`reusing ${n} cases in the bench database`);
    return;
  }
  log(`generating ${TOTAL} cases (one-off; reused on later runs)`);
  await pool.query('SET FOREIGN_KEY_CHECKS = 0');
  for (const t of ['case_events', 'cases', 'contracts', 'enrolments', 'workers', 'employers']) {
    try {
      await pool.query(`DELETE FROM ${t}`);
    } catch {
      /* case_events is append-only (triggers): recreate via TRUNCATE below */
      await pool.query(`TRUNCATE TABLE ${t}`);
    }
  }
  const r = rng(42);
  const EMPLOYERS = 2000;
  const emp: unknown[][] = [];
  for (let i = 0; i < EMPLOYERS; i++)
    emp.push([
      String(9_200_000_000_000 + i),
      `PT Bench ${i} ${districts[i % districts.length]}`,
      ['micro', 'small', 'medium', 'large'][i % 4],
      i % 7 === 0 ? null : `2400${String(i).padStart(4, '0')}`,
      districts[i % districts.length],
    ]);
  await pool.query('INSERT INTO employers (nib, name, scale, npp, district) VALUES ?', [emp]);
  const [emps] = (await pool.query('SELECT id, district FROM employers ORDER BY id')) as unknown as [
    { id: number; district: string }[],
  ];
  const WORKERS = 100_000;
  for (let i = 0; i < WORKERS; i += 10_000) {
    const rows: unknown[][] = [];
    for (let j = i; j < i + 10_000; j++) rows.push([`6408${String(j).padStart(12, '0')}`]);
    // The name is each employer's report (employer_workers, migration 1764000000920): the cases carry it below.
    await pool.query('INSERT INTO workers (nik) VALUES ?', [rows]);
  }
  const start = Date.parse('2023-01-01T00:00:00Z');
  const span = Date.parse('2025-06-30T00:00:00Z') - start;
  const BATCH = 1000;
  const t0 = Date.now();
  for (let i = 0; i < TOTAL; i += BATCH) {
    const rows: unknown[][] = [];
    for (let j = i; j < Math.min(TOTAL, i + BATCH); j++) {
      const e = emps[Math.floor(r() * emps.length)]!;
      const sevName = pick(r(), SEVERITIES, 2);
      const sev = SEVERITIES.find((s) => s[0] === sevName)!;
      const status = pick(r(), STATUSES, 1);
      const w = Math.floor(r() * WORKERS);
      const nik = `6408${String(w).padStart(12, '0')}`;
      const ev = evidence(r, nik);
      const at = new Date(start + Math.floor(r() * span));
      const closed = status === 'resolved' || status === 'dismissed';
      rows.push([
        RULES[j % RULES.length],
        e.id,
        `${nik}|${j}`,
        nik,
        `Pekerja Bench ${w}`,
        e.district,
        sev[0],
        sev[1],
        status,
        `Worker ${nik.slice(0, 4)}******** has worked without BPJS Ketenagakerjaan coverage for several months.`,
        `Pekerja ${nik.slice(0, 4)}******** bekerja tanpa kepesertaan BPJS Ketenagakerjaan selama beberapa bulan.`,
        ev,
        createHash('sha1').update(ev).digest('hex'),
        'UU 24/2011 BPJS Art 15; PP 44/2015; Kutim policy: from the first day of work',
        '1.0.0',
        JSON.parse(ev).estimatedUnpaidContributions,
        at,
        at,
        closed ? at : null,
        status === 'resolved' ? 'condition_cleared' : status === 'dismissed' ? 'dismissed' : null,
        new Date(at.getTime() + 14 * 86_400_000),
        at,
      ]);
    }
    await pool.query(
      `INSERT INTO cases (rule, employer_id, subject_key, worker_nik, worker_name, district, severity, severity_rank, status, summary, summary_id,
         evidence, evidence_hash, legal_basis, rulebook_version, amount_at_stake, first_detected_at, last_detected_at, resolved_at,
         resolution, due_at, updated_at) VALUES ?`,
      [rows],
    );
    if ((i / BATCH) % 100 === 0)
      log(`  ${i + rows.length} cases (${Math.round((Date.now() - t0) / 1000)} s)`);
  }
  await pool.query('ANALYZE TABLE cases');
}

function listSql(): string {
  return `SELECT ${CASE_SELECT} FROM ${CASE_FROM} WHERE c.district = ? AND c.status = ?
            ORDER BY c.severity_rank, c.first_detected_at, c.id LIMIT 51`;
}

async function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

async function main() {
  const base = loadConfig(process.env);
  const dbUrl = withDatabase(base.env.DATABASE_URL, 'patuh_bench_api');
  await ensureDatabase(dbUrl);
  await migrateUp(dbUrl);
  const pool = createPool({ ...mysqlConnectionOptions(dbUrl), connectionLimit: 2 });
  const districts = (base.reference as { regency: { districts: string[] } }).regency.districts;
  await seedData(pool, districts);
  const [[{ total }]] = (await pool.query('SELECT COUNT(*) AS total FROM cases')) as unknown as [
    [{ total: number }],
  ];
  const [[{ maxId }]] = (await pool.query('SELECT MAX(id) AS maxId FROM cases')) as unknown as [
    [{ maxId: number }],
  ];

  const [plan] = (await pool.query(`EXPLAIN ${listSql()}`, ['Sangatta Utara', 'open'])) as unknown as [
    { table: string; type: string; key: string | null; rows: number; Extra: string | null }[],
  ];
  const casesPlan = plan.find((p) => p.table === 'c')!;
  log(`EXPLAIN cases: type=${casesPlan.type} key=${casesPlan.key} extra=${casesPlan.Extra ?? ''}`);
  const indexOk = casesPlan.key === 'ix_cases_district_queue' && !/filesort/i.test(casesPlan.Extra ?? '');

  const email = 'bench-inspector@patuh.local';
  const password = 'bench-password-123';
  await pool.query('DELETE FROM users WHERE email = ?', [email]);
  await pool.query('INSERT INTO users (email, name, role, password_hash) VALUES (?, ?, ?, ?)', [
    email,
    'Bench Inspector',
    'inspector',
    await hashPassword(password),
  ]);

  const built = flag('built');
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    JWT_SECRET: 'bench-secret-bench-secret-0123456789',
    DATABASE_URL: dbUrl,
    PORT: String(PORT),
    LOG_LEVEL: arg('log-level', 'warn')!,
    QUEUE_PREFIX: 'bench_api',
    SCHEDULER_ENABLED: 'false',
    TRUST_PROXY: 'loopback', // autocannon plays the office proxy (X-Forwarded-For per request)
  };
  // BENCH_API_NODE_FLAGS: more node flags for the API process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeFlags = (process.env.BENCH_API_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const api: ChildProcess = built
    ? spawn(process.execPath, [...nodeFlags, 'dist/apps/api/main.js'], {
        cwd: root,
        env,
        stdio: ['ignore', 'ignore', 'inherit'],
      })
    : spawn(
        process.execPath,
        [
          ...nodeFlags,
          '-r',
          'ts-node/register/transpile-only',
          '-r',
          'tsconfig-paths/register',
          'apps/api/src/main.ts',
        ],
        { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] },
      );
  const stop = () => api.exitCode === null && api.kill('SIGTERM');
  process.on('exit', stop);
  try {
    const url = `http://127.0.0.1:${PORT}`;
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${url}/health/live`)).ok) break;
      } catch {
        /* not yet */
      }
      if (i > 600) throw new Error('the API did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const headers = { authorization: `Bearer ${accessToken}` };
    let n = 0;
    /** One of 1,000 simulated client addresses, round robin. */
    const ip = () => {
      const k = n++ % 1000;
      return `10.0.${Math.floor(k / 250)}.${(k % 250) + 1}`;
    };
    const listReq = (): autocannon.Request => ({
      method: 'GET',
      path: '/',
      setupRequest: (req) => ({
        ...req,
        path: `/api/v1/cases?district=${encodeURIComponent(districts[n % districts.length]!)}&status=open`,
        headers: { ...headers, 'x-forwarded-for': ip() },
      }),
    });
    const r = rng(7);
    const detailReq = (): autocannon.Request => ({
      method: 'GET',
      path: '/',
      setupRequest: (req) => ({
        ...req,
        path: `/api/v1/cases/${1 + Math.floor(r() * Number(maxId))}`,
        headers: { ...headers, 'x-forwarded-for': ip() },
      }),
    });
    const sample = await fetch(`${url}/api/v1/cases?district=Bengalon&status=open`, { headers });
    const sampleBody = (await sample.json()) as { items: unknown[] };
    log(
      `sample list: ${sample.status}, ${sampleBody.items.length} items, ${JSON.stringify(sampleBody).length} bytes`,
    );

    const common = { url, connections: CONNECTIONS, pipelining: 1 };
    // --only list|detail|health runs that route alone (for profiling); the others report zeros.
    const only = arg('only');
    const wanted = (route: string) => !only || only === route;
    const skipped = {
      requests: { average: 0, total: 0 },
      latency: { p50: 0, p99: 0, max: 0 },
      non2xx: 0,
      errors: 0,
      timeouts: 0,
    } as unknown as autocannon.Result;
    log('warm-up (3 s)');
    if (wanted('list')) await run({ ...common, duration: 3, requests: [listReq()] });
    if (wanted('detail')) await run({ ...common, duration: 3, requests: [detailReq()] });
    log(`list: ${DURATION} s, ${CONNECTIONS} connections`);
    const list = wanted('list')
      ? await run({ ...common, duration: DURATION, requests: [listReq()] })
      : skipped;
    log(`detail: ${DURATION} s, ${CONNECTIONS} connections`);
    const detail = wanted('detail')
      ? await run({ ...common, duration: DURATION, requests: [detailReq()] })
      : skipped;
    // The ceiling of the HTTP stack on this machine right now: no auth, no database.
    log(`baseline GET /health/live: ${DURATION} s`);
    const baseline = wanted('health')
      ? await run({
          ...common,
          duration: DURATION,
          requests: [
            {
              method: 'GET',
              path: '/health/live',
              setupRequest: (req) => ({ ...req, headers: { 'x-forwarded-for': ip() } }),
            },
          ],
        })
      : skipped;
    const load = (await import('os')).loadavg()[0]!;
    const summary = (x: autocannon.Result) => ({
      requestsPerSec: Math.round(x.requests.average),
      p50Ms: x.latency.p50,
      p99Ms: x.latency.p99,
      maxMs: x.latency.max,
      non2xx: x.non2xx,
      errors: x.errors,
      timeouts: x.timeouts,
      total: x.requests.total,
    });
    const out = {
      bench: 'api',
      cases: Number(total),
      machine: { cpus: (await import('os')).cpus().length, db: 'MariaDB 10.11' },
      durationSec: DURATION,
      connections: CONNECTIONS,
      explain: { key: casesPlan.key, type: casesPlan.type, extra: casesPlan.Extra, indexOk },
      list: summary(list),
      detail: summary(detail),
      baselineHealthLive: summary(baseline),
      loadAverage1m: Math.round(load * 100) / 100,
      targets: {
        listRps: Math.round(list.requests.average) >= 1000,
        listP99: list.latency.p99 <= 50,
        detailP99: detail.latency.p99 <= 50,
      },
    };
    console.log(JSON.stringify(out));
  } finally {
    stop();
    await pool.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
