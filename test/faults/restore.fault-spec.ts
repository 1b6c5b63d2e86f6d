/*
 * After the restore the new sweep gets the id of a sweep whose jobs Redis still holds. Before job ids carried the
 * row's incarnation (sweep-<id>-<created at>-…), BullMQ dropped the new sweep's jobs as duplicates and it stayed
 * `queued` forever (measured: "sweep 1 ends: not within 120000 ms"); now its ids differ and it runs.
 */
import { createReadStream, createWriteStream } from 'fs';
import { join } from 'path';
import { spawn } from 'child_process';
import { cleanRun, FaultStack, Outcome } from '../support/faults/scenario';
import { PrivateRedis, tempDir } from '../support/faults/procs';

const DB = process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/';

function client(tool: 'mariadb-dump' | 'mariadb', args: string[], io: { in?: string; out?: string }) {
  const u = new URL(DB);
  const conn = [
    `--host=${u.hostname}`,
    `--port=${u.port || 3306}`,
    `--user=${decodeURIComponent(u.username || 'root')}`,
  ];
  if (u.password) conn.push(`--password=${decodeURIComponent(u.password)}`);
  return new Promise<void>((resolve, reject) => {
    const p = spawn(tool, [...conn, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d.toString()));
    if (io.out) p.stdout.pipe(createWriteStream(io.out));
    if (io.in) createReadStream(io.in).pipe(p.stdin);
    else p.stdin.end();
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${tool} exited ${code}: ${err}`))));
  });
}

/**
 * The database restored from a dump (mariadb-dump --single-transaction, the backup of docs/operations.md) taken
 * before a sweep, while Redis keeps its state (the sweep's finished jobs): the apps come back on the restored
 * database, and a new sweep (which gets the same id again) runs to the end with the case set of a clean run.
 */
describe('fault: the database restored from a dump, Redis kept', () => {
  const redis = new PrivateRedis();
  let clean: Outcome;
  let stack: FaultStack | undefined;
  const dir = tempDir('dump');

  beforeAll(async () => {
    await redis.start();
    clean = await cleanRun(DB, redis.url, 'rs');
  }, 300_000);
  afterAll(async () => {
    await stack?.teardown();
    await redis.stop();
  });

  it('a new sweep after the restore is not blocked and ends as a clean run', async () => {
    stack = new FaultStack('rs_restore', DB, redis.url);
    await stack.seed();
    const dump = join(dir, 'backup.sql');
    await client(
      'mariadb-dump',
      ['--single-transaction', '--routines', '--triggers', '--databases', stack.dbName],
      {
        out: dump,
      },
    );
    await stack.startApi();
    const w = await stack.startWorker().ready();
    await stack.login();
    const first = await stack.startSweep();
    expect(await stack.finished(first)).toBe('completed');

    // The restore: apps stopped, the database dropped and loaded from the dump; Redis untouched.
    await stack.api!.kill('SIGTERM');
    await w.kill('SIGTERM');
    await stack.sql(`DROP DATABASE \`${stack.dbName}\``).catch(() => undefined);
    await client('mariadb', [], { in: dump });
    expect(await stack.sql('SELECT id FROM sweeps')).toEqual([]);

    await stack.startApi();
    await stack.startWorker().ready();
    await stack.login();
    const again = await stack.startSweep();
    expect(again).toBe(first); // the restored AUTO_INCREMENT hands out the same id: the kept jobs' ids collide
    expect(await stack.finished(again, 90_000)).toBe('completed');
    expect(await stack.outcome(again)).toEqual(clean);
  });
});
