import { ChildProcess, execFile, spawn } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';
import IORedis from 'ioredis';
import { createConnection } from 'mysql2/promise';

const run = promisify(execFile);
export const ROOT = join(__dirname, '../../..');

/** Waits on a condition with a deadline (never a fixed sleep for correctness); the last error is in the message. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

function listenable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/**
 * A free TCP port on loopback above `min` (the kernel's ephemeral range is above 32768 here), or, when
 * FAULT_PORTS=<from>-<to> is set (a shared machine handing each run its own range), one in that range.
 */
export async function freePort(min = 21000): Promise<number> {
  const range = /^(\d+)-(\d+)$/.exec(process.env.FAULT_PORTS ?? '');
  if (range) {
    const [from, to] = [Number(range[1]), Number(range[2])];
    for (let i = 0; i < 200; i++) {
      const port = from + Math.floor(Math.random() * (to - from + 1));
      if (await listenable(port)) return port;
    }
    throw new Error(`no free port in FAULT_PORTS ${from}-${to}`);
  }
  for (let i = 0; i < 50; i++) {
    const port = await new Promise<number>((resolve, reject) => {
      const s = createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    if (port > min) return port;
  }
  throw new Error('no free port');
}

export function tempDir(tag: string): string {
  return mkdtempSync(join(tmpdir(), `patuh-f-${tag}-`));
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((r) => child.once('exit', () => r()));
}

/** A private redis-server on its own port and folder: never the shared one at 6379. */
export class PrivateRedis {
  port = 0;
  private child?: ChildProcess;
  readonly dir = tempDir('redis');

  constructor(private readonly opts: { aof?: boolean } = {}) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    if (!this.port) this.port = await freePort(20000);
    const persistence = this.opts.aof
      ? ['--appendonly', 'yes', '--appendfsync', 'always', '--save', '']
      : ['--appendonly', 'no', '--save', ''];
    this.child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, ...persistence],
      { stdio: 'ignore' },
    );
    await until('redis up', async () => {
      const r = new IORedis(this.url, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      try {
        await r.connect();
        return (await r.ping()) === 'PONG';
      } finally {
        r.disconnect();
      }
    });
    return this;
  }

  /** SIGKILL: a crash; with AOF (appendfsync always) nothing acknowledged is lost, without it everything is. */
  async kill(): Promise<void> {
    if (!this.child) return;
    this.child.kill('SIGKILL');
    await exited(this.child);
    this.child = undefined;
  }

  /** Empties the folder too: the Redis that comes back has no data (a failover to an empty replica). */
  async wipe(): Promise<void> {
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A private MariaDB (mariadb-install-db into a temp folder, mariadbd on its own port and socket), for the
 * scenarios that take the database down. Never the shared one at 3306.
 */
export class PrivateMariaDb {
  port = 0;
  private child?: ChildProcess;
  readonly dir = tempDir('mariadb');

  get baseUrl(): string {
    return `mysql://root@127.0.0.1:${this.port}/`;
  }

  async install(): Promise<this> {
    await run('mariadb-install-db', [
      '--no-defaults',
      `--datadir=${join(this.dir, 'data')}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
    ]);
    this.port = await freePort(20000);
    return this;
  }

  async start(): Promise<this> {
    this.child = spawn(
      'mariadbd',
      [
        '--no-defaults',
        `--datadir=${join(this.dir, 'data')}`,
        `--port=${this.port}`,
        '--bind-address=127.0.0.1',
        `--socket=${join(this.dir, 'sock')}`,
        `--pid-file=${join(this.dir, 'pid')}`,
        '--user=root',
        '--skip-grant-tables',
        '--innodb-buffer-pool-size=64M',
        '--innodb-log-file-size=48M',
        '--max-connections=200',
        '--skip-log-bin',
      ],
      { stdio: 'ignore' },
    );
    await until(
      'mariadb up',
      async () => {
        const c = await createConnection({
          host: '127.0.0.1',
          port: this.port,
          user: 'root',
          connectTimeout: 1000,
        });
        await c.end();
        return true;
      },
      60_000,
      200,
    );
    return this;
  }

  /** SIGKILL: every connection drops at once, InnoDB recovers on the next start. */
  async kill(): Promise<void> {
    if (!this.child) return;
    this.child.kill('SIGKILL');
    await exited(this.child);
    this.child = undefined;
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** One of the real apps as its own OS process: apps/api/src/main.ts or apps/worker/src/main.ts under ts-node. */
export class AppProcess {
  readonly child: ChildProcess;
  private out = '';

  constructor(
    readonly app: 'api' | 'worker',
    env: Record<string, string>,
  ) {
    this.child = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        ...(env.FAULT_CLOCK_OFFSET_MS ? ['-r', './test/support/faults/clock.ts'] : []),
        `apps/${app}/src/main.ts`,
      ],
      { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const keep = (d: Buffer) => {
      this.out = (this.out + d.toString()).slice(-20_000);
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
  }

  get output(): string {
    return this.out;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The line each main.ts prints once it is up. */
  async ready(timeoutMs = 120_000): Promise<this> {
    const mark = this.app === 'api' ? 'Patuh API listening' : 'Patuh worker started';
    await until(
      `${this.app} ready`,
      async () => {
        if (!this.alive) throw new Error(`${this.app} exited: ${this.out.slice(-2000)}`);
        return this.out.includes(mark);
      },
      timeoutMs,
      100,
    ).catch((e: Error) => {
      throw new Error(`${e.message}\n${this.out.slice(-2000)}`);
    });
    return this;
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.alive) this.child.kill(signal);
    await exited(this.child);
  }

  exited(): Promise<void> {
    return exited(this.child);
  }
}
