import { FaultStack } from '../support/faults/scenario';
import { PrivateRedis, until } from '../support/faults/procs';
import { employerKey, reportBody, reportsByKey, submit } from '../support/faults/uploads';

const DB = process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/';
const REPORTS = 12;
const SIZE = 1500;

/** Sends every report concurrently, each with its Idempotency-Key; SIGTERMs the API once `onFirst` says so. */
async function uploadAll(stack: FaultStack, key: string, onFirst?: () => Promise<void>) {
  let fired: Promise<void> | undefined;
  const results = await Promise.all(
    Array.from({ length: REPORTS }, async (_, n) => {
      const r = await submit(stack, key, `fault-${String(n).padStart(2, '0')}`, reportBody(n, SIZE));
      if (onFirst && !fired && 'status' in r && r.status === 202) fired = onFirst();
      return r;
    }),
  );
  await fired;
  return results;
}

/** What the reports came to, without ids and times: the key, the status, the counts, the number of errors. */
async function settled(stack: FaultStack, employerId: number) {
  const rows = await until(
    'every report processed',
    async () => {
      const r = await reportsByKey(stack, employerId);
      return r.length === REPORTS && r.every((x) => x.status === 'processed' || x.status === 'failed')
        ? r
        : undefined;
    },
    180_000,
    250,
  );
  return rows.map((r) => ({
    key: r.k,
    status: r.status,
    counts: JSON.parse(r.counts),
    errors: r.error_count,
  }));
}

/**
 * The API SIGTERMed while uploads are in flight: every upload answered 202 is processed, every unanswered one
 * (connection closed, or 503 while draining) is accepted when resent with its Idempotency-Key to the API that
 * comes back, and a resent answered one returns the same report: the reports are those of a clean run.
 */
describe('fault: API SIGTERM with uploads in flight', () => {
  const redis = new PrivateRedis();
  let clean: Awaited<ReturnType<typeof settled>>;
  let stack: FaultStack | undefined;

  beforeAll(async () => {
    await redis.start();
    const s = new FaultStack('up_clean', DB, redis.url);
    try {
      await s.seed(false);
      await s.startApi();
      await s.startWorker({ WORKER_CONCURRENCY: '2' }).ready();
      const { employerId, key } = await employerKey(s);
      const all = await uploadAll(s, key);
      expect(all.every((r) => 'status' in r && r.status === 202)).toBe(true);
      clean = await settled(s, employerId);
      expect(clean.every((r) => r.status === 'processed')).toBe(true);
    } finally {
      await s.teardown();
    }
  }, 300_000);
  afterAll(async () => {
    await stack?.teardown();
    await redis.stop();
  });

  it('every 202 is processed, every unanswered upload is resendable with its key', async () => {
    stack = new FaultStack('up_term', DB, redis.url);
    await stack.seed(false);
    const api = await stack.startApi();
    await stack.startWorker({ WORKER_CONCURRENCY: '2' }).ready();
    const { employerId, key } = await employerKey(stack);
    const first = await uploadAll(stack, key, () => api.kill('SIGTERM'));
    const accepted = first.flatMap((r, n) => ('status' in r && r.status === 202 ? [{ n, id: r.id! }] : []));
    const unanswered = first.flatMap((r, n) => ('status' in r && r.status === 202 ? [] : [n]));
    expect(accepted.length).toBeGreaterThan(0);
    // Nothing in between: an upload is either answered 202 or not answered (closed, or a 503 while draining).
    for (const r of first) if ('status' in r && r.status !== 202) expect(r.status).toBe(503);

    // Every 202 is already stored: the API answers only after the report and its job are saved.
    const stored = await reportsByKey(stack, employerId);
    for (const a of accepted) expect(stored.find((s) => s.id === a.id)).toBeDefined();

    await stack.startApi();
    for (const n of unanswered) {
      const r = await submit(stack, key, `fault-${String(n).padStart(2, '0')}`, reportBody(n, SIZE));
      expect(r).toMatchObject({ status: 202 });
    }
    for (const a of accepted) {
      const r = await submit(stack, key, `fault-${String(a.n).padStart(2, '0')}`, reportBody(a.n, SIZE));
      expect(r).toEqual({ status: 202, id: a.id });
    }
    expect(await settled(stack, employerId)).toEqual(clean);
  });
});
