import { TestStack, eventually } from '../support/stack';

/**
 * Found while building the fuzz suites' log capture (issue #16): both apps buffer Nest's log lines until a logger
 * is attached and the logs are flushed, which Nest does in listen(). The worker without WORKER_HEALTH_PORT never
 * listens, so every line logged through Nest's Logger (its start-up, the ORM's failed queries, the processors'
 * warnings and errors) stayed in memory and never reached the log. The worker, as its own process, must log them.
 */
describe('the worker writes its Nest log lines (no health port)', () => {
  const stack = new TestStack('fuzz_worker_logs', { LOG_LEVEL: 'info' });
  beforeAll(() => stack.setup());
  afterAll(() => stack.teardown());

  it('logs its start-up through pino, as JSON lines', async () => {
    const child = stack.spawnWorker({ WORKER_HEALTH_PORT: '' });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => (out += c.toString('utf8')));
    await eventually(async () => (out.includes('Patuh worker started') ? true : undefined), 60_000);
    // Nest's own start-up lines (InstanceLoader, NestApplication) come through the app's logger.
    const lines = await eventually(async () => {
      const nest = out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { context?: string; msg?: string })
        .filter((l) => l.context === 'NestApplication' || l.context === 'InstanceLoader');
      return nest.length ? nest : undefined;
    }, 10_000);
    expect(lines.map((l) => l.context)).toContain('NestApplication');
    child.kill('SIGTERM');
  }, 90_000);
});
