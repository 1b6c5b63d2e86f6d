import { cleanRun, FaultStack, Outcome } from '../support/faults/scenario';
import { PrivateMariaDb, PrivateRedis } from '../support/faults/procs';

/**
 * The stores under the apps fail mid-sweep: a Redis with AOF (appendfsync always) killed and restarted on its
 * data, and a private MariaDB killed and back after 3 s (every connection drops; InnoDB recovers). Jobs are
 * retried (5 attempts, exponential backoff from 1 s), and the sweep ends with the case set and counts of a
 * clean run on the same seeded data and the same servers.
 */
describe('fault: Redis and the database fail mid-sweep', () => {
  const redis = new PrivateRedis({ aof: true });
  const maria = new PrivateMariaDb();
  let clean: Outcome;
  let stack: FaultStack | undefined;

  beforeAll(async () => {
    await redis.start();
    await maria.install();
    await maria.start();
    clean = await cleanRun(maria.baseUrl, redis.url, 'rd');
  }, 300_000);
  afterEach(async () => {
    await stack?.teardown();
    stack = undefined;
  });
  afterAll(async () => {
    await redis.stop();
    await maria.stop();
  });

  it('Redis with AOF SIGKILLed and restarted mid-sweep: the sweep completes as a clean run', async () => {
    stack = new FaultStack('rd_aof', maria.baseUrl, redis.url);
    await stack.seed();
    await stack.startApi();
    await stack.startWorker().ready();
    await stack.login();
    const id = await stack.startSweep();
    await stack.midSweep(id);
    await redis.kill();
    await redis.start(); // same port, same folder: the AOF is replayed
    expect(await stack.finished(id)).toBe('completed');
    expect(await stack.outcome(id)).toEqual(clean);
  });

  it('the database down 3 s mid-sweep: the sweep completes as a clean run', async () => {
    stack = new FaultStack('rd_db3', maria.baseUrl, redis.url);
    await stack.seed();
    await stack.startApi();
    const w = await stack.startWorker().ready();
    await stack.login();
    const id = await stack.startSweep();
    await stack.midSweep(id);
    await maria.kill();
    await new Promise((r) => setTimeout(r, 3000)); // the outage itself, not a wait for a condition
    await maria.start();
    expect(await stack.finished(id)).toBe('completed');
    expect(w.alive).toBe(true);
    expect(await stack.outcome(id)).toEqual(clean);
  });
});
