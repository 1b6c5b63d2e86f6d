/*
 * A Redis that comes back EMPTY (no persistence, or a failover to an empty replica) mid-sweep loses the sweep's
 * jobs. Before the reaper the sweep stayed `running` forever (measured: "sweep 1 ends: not within 120000 ms"); now
 * the reaper (libs/engine/src/sweep.reaper.ts; REAPER_STUCK_MS 5 s here) finds the batches the database has not
 * recorded and that have no job, re-drives them from the stored plan, and the sweep ends as a clean run.
 * Mid-upload: test/faults/redis-empty-upload.fault-spec.ts.
 */
import { cleanRun, FaultStack, Outcome } from '../support/faults/scenario';
import { PrivateRedis } from '../support/faults/procs';

const DB = process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/';
/** How long a stuck sweep or report may take to be re-driven or ended by the reaper. */
const BOUND_MS = 120_000;

describe('fault: Redis restarted empty mid-sweep', () => {
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

  it('the lost batches are re-driven from the database: the sweep completes as a clean run, within the bound', async () => {
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
    expect(await stack.finished(id, BOUND_MS)).toBe('completed');
    expect(await stack.outcome(id)).toEqual(clean);
    const [s] = await stack.sql<{ r: number }>('SELECT redrives AS r FROM sweeps WHERE id = ?', [id]);
    expect(Number(s!.r)).toBeGreaterThanOrEqual(1); // it was the reaper that ended it
  });
});
