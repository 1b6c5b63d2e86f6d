/*
 * PENDING (fails today, run by `npm run test:faults:pending`): a Redis that comes back EMPTY (no persistence,
 * or a failover to an empty replica) loses the sweep's and the report's jobs; nothing re-drives them, so the
 * sweep stays `running` forever (measured: "sweep 1 ends: not within 120000 ms"). Mid-upload passes today (the
 * API's requeue re-drives the report): test/faults/redis-empty-upload.fault-spec.ts. The reaper of issue #16
 * (re-drive the missing batches from the database, or end the sweep `failed` with the employers listed, within
 * a bounded time) is built in the next wave. Move this file to test/faults/ when it passes.
 */
import { cleanRun, FaultStack, Outcome } from '../../support/faults/scenario';
import { PrivateRedis } from '../../support/faults/procs';

const DB = process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/';
/** How long a stuck sweep or report may take to be re-driven or ended by the reaper. */
const BOUND_MS = 120_000;

describe('fault (pending): Redis restarted empty', () => {
  const redis = new PrivateRedis();
  let clean: Outcome;
  let stack: FaultStack | undefined;

  beforeAll(async () => {
    await redis.start();
    clean = await cleanRun(DB, redis.url, 're');
  }, 300_000);
  afterEach(async () => {
    await stack?.teardown();
    stack = undefined;
  });
  afterAll(() => redis.stop());

  it('mid-sweep: the sweep ends within the bound, completed as a clean run or failed with its employers listed', async () => {
    stack = new FaultStack('re_sweep', DB, redis.url);
    await stack.seed();
    await stack.startApi();
    await stack.startWorker().ready();
    await stack.login();
    const id = await stack.startSweep();
    await stack.midSweep(id);
    await redis.kill();
    await redis.wipe();
    await redis.start();
    const status = await stack.finished(id, BOUND_MS);
    const outcome = await stack.outcome(id);
    if (status === 'completed') expect(outcome).toEqual(clean);
    else {
      const [s] = await stack.sql<{ f: string | null }>(
        'SELECT failed_employer_ids AS f FROM sweeps WHERE id = ?',
        [id],
      );
      expect(JSON.parse(s!.f ?? '[]').length).toBeGreaterThan(0);
    }
  });
});
