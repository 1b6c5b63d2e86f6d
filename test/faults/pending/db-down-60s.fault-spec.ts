/*
 * PENDING (fails today, run by `npm run test:faults:pending`): with the database down for 60 s the batches use
 * up their 5 attempts (exponential backoff from 1 s: about 31 s) and are never counted, so the sweep stays
 * `running` forever with half its employers evaluated. The reaper of issue #16 (re-drive the missing batches,
 * or end the sweep `failed` with the employers listed, within a bounded time) is built in the next wave.
 * Move this file to test/faults/ when it passes.
 */
import { cleanRun, FaultStack, Outcome } from '../../support/faults/scenario';
import { PrivateMariaDb, PrivateRedis } from '../../support/faults/procs';

describe('fault (pending): the database down 60 s mid-sweep', () => {
  const redis = new PrivateRedis();
  const maria = new PrivateMariaDb();
  let clean: Outcome;
  let stack: FaultStack | undefined;

  beforeAll(async () => {
    await redis.start();
    await maria.install();
    await maria.start();
    clean = await cleanRun(maria.baseUrl, redis.url, 'd60');
  }, 300_000);
  afterAll(async () => {
    await stack?.teardown();
    await redis.stop();
    await maria.stop();
  });

  it('the sweep ends within 2 minutes of the database coming back, completed as a clean run or failed with its employers listed', async () => {
    stack = new FaultStack('d60', maria.baseUrl, redis.url);
    await stack.seed();
    await stack.startApi();
    await stack.startWorker().ready();
    await stack.login();
    const id = await stack.startSweep();
    await stack.midSweep(id);
    await maria.kill();
    await new Promise((r) => setTimeout(r, 60_000)); // the outage itself, not a wait for a condition
    await maria.start();
    const status = await stack.finished(id, 120_000);
    if (status === 'completed') expect(await stack.outcome(id)).toEqual(clean);
    else {
      const [s] = await stack.sql<{ f: string | null }>(
        'SELECT failed_employer_ids AS f FROM sweeps WHERE id = ?',
        [id],
      );
      expect(JSON.parse(s!.f ?? '[]').length).toBeGreaterThan(0);
    }
  }, 420_000);
});
