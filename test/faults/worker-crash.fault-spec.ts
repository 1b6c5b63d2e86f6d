import { cleanRun, FaultStack, Outcome } from '../support/faults/scenario';
import { PrivateRedis } from '../support/faults/procs';

const DB = process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/';

/**
 * Workers that die mid-sweep (SIGKILL: no shutdown hook runs), alone or one of two: the open transaction is
 * rolled back by MariaDB, the job's lock lapses (JOB_LOCK_MS 2 s), a worker takes the job again, and the sweep
 * ends with exactly the case set and counts of a clean run.
 */
describe('fault: workers killed mid-sweep', () => {
  const redis = new PrivateRedis();
  let clean: Outcome;
  let stack: FaultStack | undefined;

  beforeAll(async () => {
    await redis.start();
    clean = await cleanRun(DB, redis.url, 'wk');
  }, 300_000);
  afterEach(async () => {
    await stack?.teardown();
    stack = undefined;
  });
  afterAll(() => redis.stop());

  it('a lone worker SIGKILLed mid-sweep: a new worker finishes it, the outcome is the clean run', async () => {
    stack = new FaultStack('wk_kill', DB, redis.url);
    await stack.seed();
    await stack.startApi();
    const w = await stack.startWorker().ready();
    await stack.login();
    const id = await stack.startSweep();
    await stack.midSweep(id);
    await w.kill('SIGKILL');
    // Whatever committed is whole: no case without its 'detected' event.
    expect(
      await stack.sql(
        `SELECT c.id FROM cases c LEFT JOIN case_events e ON e.case_id = c.id AND e.type = 'detected' WHERE e.id IS NULL`,
      ),
    ).toEqual([]);
    expect((await stack.progress(id)).status).toBe('running');
    await stack.startWorker().ready();
    expect(await stack.finished(id)).toBe('completed');
    expect(await stack.outcome(id)).toEqual(clean);
  });

  it('two workers, one SIGKILLed mid-sweep: the other finishes alone, the outcome is the clean run', async () => {
    stack = new FaultStack('wk_two', DB, redis.url);
    await stack.seed();
    await stack.startApi();
    const [a, b] = [stack.startWorker(), stack.startWorker()];
    await Promise.all([a.ready(), b.ready()]);
    await stack.login();
    const id = await stack.startSweep();
    await stack.midSweep(id);
    await a.kill('SIGKILL');
    expect(await stack.finished(id)).toBe('completed');
    expect(b.alive).toBe(true);
    expect(await stack.outcome(id)).toEqual(clean);
  });

  it('a sweep across midnight WITA: started before, finished after, the outcome is the clean run', async () => {
    // No configurable clock in the code (libs/config/src/time.ts reads the wall clock), so the day change is
    // simulated per process (test/support/faults/clock.ts): the API and the first worker run at 23:58:30 WITA
    // (Asia/Makassar, UTC+8), the worker that finishes the sweep at 00:01:30 the next day. The sweep's explicit
    // asOf holds across the change: the same cases, counts and evidence as a clean run.
    const WITA = 8 * 3600_000;
    const nextMidnight = Math.ceil((Date.now() + WITA) / 86_400_000) * 86_400_000 - WITA;
    const before = String(nextMidnight - 90_000 - Date.now());
    const after = String(nextMidnight + 90_000 - Date.now());
    stack = new FaultStack('wk_midnight', DB, redis.url, { BUSINESS_TZ: 'Asia/Makassar' });
    await stack.seed();
    await stack.startApi({ FAULT_CLOCK_OFFSET_MS: before });
    const w1 = await stack.startWorker({ FAULT_CLOCK_OFFSET_MS: before }).ready();
    await stack.login();
    const id = await stack.startSweep();
    await stack.midSweep(id);
    await w1.kill('SIGKILL');
    await stack.startWorker({ FAULT_CLOCK_OFFSET_MS: after }).ready();
    expect(await stack.finished(id)).toBe('completed');
    const [{ as_of }] = await stack.sql<{ as_of: string }>('SELECT as_of FROM sweeps WHERE id = ?', [id]);
    expect(as_of).toBe('2025-06-30');
    expect(await stack.outcome(id)).toEqual(clean);
  });
});
