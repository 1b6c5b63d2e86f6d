/**
 * npm run bench:load [-- --duration 60] [--connections 8] [--workers 12000] [--employers 240] [--split]
 *
 * A bounded soak on loopback (not in CI): the real API and worker as processes (test/support/faults), a private
 * redis-server, a database patuh_f_bench_load on the local MariaDB seeded with the synthetic regency. For
 * `duration` seconds, all at once:
 *   - autocannon on the case API (GET /api/v1/cases?district=<rotating>&status=open, a supervisor's JWT, the
 *     load spread over 1,000 client addresses with X-Forwarded-For as bench:api does);
 *   - sweeps of every employer, one after another;
 *   - one employer flooding self-reports (2,000 workers and contracts each, back to back, 4 in flight; a refusal
 *     (429: the default limits of 4 reports in flight per employer, 2 upload bodies at once per key) is retried
 *     after 1 s);
 *   - another employer sending a small report every 5 s, timed from 202 to processed (does the flood starve it?);
 *   - the API's and the worker's RSS sampled every 2 s (/proc/<pid>/status).
 * Stops by itself (the duration, then at most 3 minutes for the queues to drain), kills what it started, prints
 * one JSON line last.
 */
import autocannon from 'autocannon';
import { readFileSync } from 'fs';
import { FaultStack } from '../test/support/faults/scenario';
import { PrivateRedis, until } from '../test/support/faults/procs';
import { employerKey, reportBody, submit } from '../test/support/faults/uploads';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : def;
};
const DURATION = Math.min(600, Number(arg('duration', '60')));
const CONNECTIONS = Number(arg('connections', '8'));
/** --split: two worker processes, one for ingest and one for evaluation and alerts (WORKER_QUEUES). */
const SPLIT = process.argv.includes('--split');
const DB = process.env.DATABASE_URL?.replace(/\/[^/]*$/, '/') ?? 'mysql://root@127.0.0.1:3306/';
const log = (m: string) => console.error(`[bench:load] ${m}`);

function rssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

const pct = (xs: number[], p: number) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

async function main() {
  const redis = await new PrivateRedis().start();
  const stack = new FaultStack('bench_load', DB, redis.url, {
    SWEEP_BATCH_SIZE: '50',
    JOB_LOCK_MS: '30000',
    SELF_REPORT_RATE_LIMIT: '100000',
    TRUST_PROXY: 'loopback', // autocannon plays the office proxy: its X-Forwarded-For spreads the load
    // The default limits of reports in flight per employer and of upload bodies held at once (the fault harness
    // raises them for its scenarios).
    SELF_REPORT_MAX_IN_FLIGHT: '4',
    SELF_REPORT_MAX_CONCURRENT_PER_KEY: '2',
    SELF_REPORT_MAX_CONCURRENT_BODIES: '6',
  });
  const t0 = Date.now();
  try {
    log('seeding');
    await stack.seed();
    const api = await stack.startApi();
    const worker = await stack
      .startWorker({ WORKER_CONCURRENCY: '2', ...(SPLIT ? { WORKER_QUEUES: 'ingest' } : {}) })
      .ready();
    const evalWorker = SPLIT
      ? await stack.startWorker({ WORKER_CONCURRENCY: '2', WORKER_QUEUES: 'evaluation,alerts' }).ready()
      : undefined;
    await stack.login();
    const flood = await employerKey(stack);
    const [{ id: otherId }] = await stack.sql<{ id: number }>(
      'SELECT id FROM employers ORDER BY id DESC LIMIT 1',
    );
    const savedToken = stack.token;
    await stack.login('adm@f.local');
    const otherKey = (await stack.http('POST', `/api/v1/employers/${otherId}/api-keys`, {})).body
      .key as string;
    stack.token = savedToken;
    const districts = (await stack.sql<{ d: string }>('SELECT DISTINCT district AS d FROM employers')).map(
      (r) => r.d,
    );
    log(`seeded in ${Date.now() - t0} ms; soak for ${DURATION} s`);

    const samples: { t: number; api: number | null; worker: number | null; evalWorker?: number | null }[] =
      [];
    const start = Date.now();
    const sampler = setInterval(
      () =>
        samples.push({
          t: Math.round((Date.now() - start) / 1000),
          api: rssMb(api.child.pid),
          worker: rssMb(worker.child.pid),
          ...(evalWorker ? { evalWorker: rssMb(evalWorker.child.pid) } : {}),
        }),
      2000,
    );
    const end = start + DURATION * 1000;

    // Sweeps, one after another.
    const sweeps: { id: number; ms: number; status: string }[] = [];
    const sweeping = (async () => {
      while (Date.now() < end) {
        const s0 = Date.now();
        const id = await stack.startSweep();
        const status = await stack.finished(id, 600_000);
        sweeps.push({ id, ms: Date.now() - s0, status });
      }
    })();

    // The flooding employer: 4 uploads in flight, back to back.
    const floodRes = { sent: 0, accepted: 0, refused: 0, errors: 0 };
    let n = 0;
    const flooding = Promise.all(
      Array.from({ length: 4 }, async () => {
        while (Date.now() < end) {
          const k = n++;
          floodRes.sent++;
          const r = await submit(stack, flood.key, `flood-${k}`, reportBody(k, 2000));
          if ('error' in r) floodRes.errors++;
          else if (r.status === 202) floodRes.accepted++;
          else {
            // Refused (429: too many of its reports in flight): back off a second, not the Retry-After's 30 s,
            // so the flood keeps pressing.
            floodRes.refused++;
            await new Promise((res) => setTimeout(res, 1000));
          }
        }
      }),
    );

    // The other employer: a small report every 5 s, 202 to processed.
    const otherLatency: number[] = [];
    const otherIds: { id: number; at: number }[] = [];
    const other = (async () => {
      let k = 0;
      while (Date.now() < end) {
        const r = await submit(stack, otherKey, `other-${k}`, reportBody(100_000 + k++, 20));
        if ('status' in r && r.status === 202) otherIds.push({ id: r.id!, at: Date.now() });
        await new Promise((res) => setTimeout(res, 5000));
      }
    })();

    // The case API under autocannon for the whole soak.
    let ipN = 0;
    const ip = () => {
      const k = ipN++ % 1000;
      return `10.0.${Math.floor(k / 250)}.${(k % 250) + 1}`;
    };
    const headers = { authorization: `Bearer ${stack.token}` };
    const cannon = await new Promise<autocannon.Result>((resolve, reject) =>
      autocannon(
        {
          url: stack.url(''),
          connections: CONNECTIONS,
          duration: DURATION,
          requests: [
            {
              method: 'GET',
              path: '/',
              setupRequest: (req) => ({
                ...req,
                path: `/api/v1/cases?district=${encodeURIComponent(districts[ipN % districts.length]!)}&status=open`,
                headers: { ...headers, 'x-forwarded-for': ip() },
              }),
            },
          ],
        },
        (err, res) => (err ? reject(err) : resolve(res)),
      ),
    );
    await Promise.all([flooding, other]);
    log('soak over; waiting for the queues to drain (at most 3 min)');
    await sweeping.catch((e) => log(`sweep: ${String(e)}`));
    const drained = await until(
      'reports processed',
      async () => {
        const [{ left }] = await stack.sql<{ left: number }>(
          `SELECT COUNT(*) AS \`left\` FROM self_reports WHERE status IN ('queued', 'processing')`,
        );
        return Number(left) === 0 ? true : undefined;
      },
      180_000,
      500,
    ).catch(() => false);
    clearInterval(sampler);
    for (const o of otherIds) {
      const [r] = await stack.sql<{ ms: number | null }>(
        `SELECT TIMESTAMPDIFF(MICROSECOND, received_at, processed_at) / 1000 AS ms FROM self_reports WHERE id = ?`,
        [o.id],
      );
      if (r?.ms != null) otherLatency.push(Math.round(Number(r.ms)));
    }
    const [{ rows }] = await stack.sql<{ rows: number }>('SELECT COUNT(*) AS `rows` FROM contracts');
    const series = (k: 'api' | 'worker' | 'evalWorker') =>
      samples.map((s) => s[k]).filter((x): x is number => x !== null);
    const third = (xs: number[], i: number) =>
      xs.slice(Math.floor((i * xs.length) / 3), Math.floor(((i + 1) * xs.length) / 3));
    const maxOf = (xs: number[]) => (xs.length ? Math.max(...xs) : null);
    const result = {
      bench: 'load',
      durationS: DURATION,
      connections: CONNECTIONS,
      caseApi: {
        requests: cannon.requests.total,
        rps: Math.round(cannon.requests.average),
        p50Ms: cannon.latency.p50,
        p99Ms: cannon.latency.p99,
        errors: cannon.errors,
        timeouts: cannon.timeouts,
        non2xx: cannon.non2xx,
      },
      sweeps: {
        finished: sweeps.length,
        ms: sweeps.map((s) => s.ms),
        statuses: [...new Set(sweeps.map((s) => s.status))],
      },
      flood: { ...floodRes, contractsStored: Number(rows) },
      otherEmployer: {
        reports: otherIds.length,
        processedMsP50: pct(otherLatency, 50),
        processedMsMax: maxOf(otherLatency),
      },
      drained,
      rssMb: {
        api: {
          first: series('api')[0] ?? null,
          maxByThird: [0, 1, 2].map((i) => maxOf(third(series('api'), i))),
          last: series('api').at(-1) ?? null,
        },
        worker: {
          first: series('worker')[0] ?? null,
          maxByThird: [0, 1, 2].map((i) => maxOf(third(series('worker'), i))),
          last: series('worker').at(-1) ?? null,
        },
        ...(SPLIT
          ? {
              evalWorker: {
                first: series('evalWorker')[0] ?? null,
                maxByThird: [0, 1, 2].map((i) => maxOf(third(series('evalWorker'), i))),
                last: series('evalWorker').at(-1) ?? null,
              },
            }
          : {}),
      },
      samples,
    };
    console.log(JSON.stringify(result));
  } finally {
    await stack.teardown(!!process.env.KEEP_TEST_DB);
    await redis.stop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
