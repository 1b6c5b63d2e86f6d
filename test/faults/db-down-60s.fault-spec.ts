/*
 * The database down for 60 s mid-sweep: the batches use up their 5 attempts (exponential backoff from 1 s, about
 * 15 s) while it is away, and could not even record their failure. Before the reaper the sweep stayed `running`
 * forever with half its employers evaluated; now a batch fails for good only in the reaper's last round, so the
 * reaper re-drives the failed batches once the database is back and the sweep ends as a clean run.
 */
import { cleanRun, FaultStack, Outcome } from '../support/faults/scenario';
import { PrivateMariaDb, PrivateRedis } from '../support/faults/procs';

describe('fault: the database down 60 s mid-sweep', () => {
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

  it('the sweep completes as a clean run within 2 minutes of the database coming back', async () => {
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
    expect(await stack.finished(id, 120_000)).toBe('completed');
    expect(await stack.outcome(id)).toEqual(clean);
  }, 420_000);
});
