import { INestApplication } from '@nestjs/common';
import IORedis from 'ioredis';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig, withDatabase } from '@patuh/config';
import { hashPassword } from '@patuh/core';
import { createDataSource, dropDatabase, migrateUp, Role } from '@patuh/persistence';
import { ChildProcess, spawn } from 'child_process';
import { join } from 'path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { createWorkerApp } from '../../apps/worker/src/bootstrap';

const BASE_DB_URL = process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * One suite's private stack: its own database (patuh_t_<suite>_<pid>) and queue prefix, so suites and
 * parallel runs never see each other. Real MySQL and Redis, never mocks.
 */
export class TestStack {
  readonly config: AppConfig;
  readonly dbName: string;
  private ds?: DataSource;
  private apps: INestApplication[] = [];
  private children: ChildProcess[] = [];
  readonly rawEnv: Record<string, string>;

  constructor(
    readonly suite: string,
    env: Record<string, string> = {},
  ) {
    const tag = `${suite.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${process.pid}`;
    this.dbName = `patuh_t_${tag}`.slice(0, 64);
    this.rawEnv = {
      NODE_ENV: 'test',
      DATABASE_URL: withDatabase(BASE_DB_URL, this.dbName),
      REDIS_URL,
      QUEUE_PREFIX: `t_${tag}`.slice(0, 40),
      JWT_SECRET: 'test-secret-test-secret-0123456789',
      LOG_LEVEL: 'silent',
      SCHEDULER_ENABLED: 'false',
      ...env,
    };
    this.config = loadConfig(this.rawEnv);
  }

  get env() {
    return this.config.env;
  }

  /** Fresh database with every migration applied, and an empty queue namespace. */
  async setup(): Promise<this> {
    await dropDatabase(this.env.DATABASE_URL);
    await migrateUp(this.env.DATABASE_URL);
    await this.flushQueues();
    return this;
  }

  async db(): Promise<DataSource> {
    if (!this.ds) {
      this.ds = await createDataSource(this.env.DATABASE_URL, 4);
      await this.ds.initialize();
    }
    return this.ds;
  }

  /** The API in this process; `beforeInit` sees the app before its routes are registered (e.g. to hook onRoute). */
  async startApi(beforeInit?: (app: NestFastifyApplication) => void): Promise<INestApplication> {
    const app = await createApiApp(this.config, { logger: false });
    this.apps.push(app); // tracked before init, so teardown closes it even when init fails
    beforeInit?.(app as NestFastifyApplication);
    await app.init();
    // Fastify registers its routes and plugins on ready(); listen() does it, supertest's server does not.
    await (app as NestFastifyApplication).getHttpAdapter().getInstance().ready();
    return app;
  }

  /** A worker in this process (same code as apps/worker), optionally with other settings. */
  async startWorker(env: Record<string, string> = {}): Promise<INestApplication> {
    const config = Object.keys(env).length ? loadConfig({ ...this.rawEnv, ...env }) : this.config;
    const app = await createWorkerApp(config, { logger: false });
    this.apps.push(app); // tracked before init, so teardown closes it even when init fails
    await app.init();
    return app;
  }

  /** A worker as its own OS process (for kill -9 tests): the real entrypoint, this suite's database and prefix. */
  spawnWorker(env: Record<string, string> = {}): ChildProcess {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/worker/src/main.ts'],
      {
        cwd: join(__dirname, '../..'),
        env: { ...process.env, ...this.rawEnv, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.children.push(child);
    return child;
  }

  track(app: INestApplication): INestApplication {
    this.apps.push(app);
    return app;
  }

  async createUser(
    role: Role,
    email = `${role}@test.local`,
    password = 'password-123',
  ): Promise<{ id: number; email: string; password: string }> {
    const ds = await this.db();
    const res = await ds.query('INSERT INTO users (email, name, role, password_hash) VALUES (?, ?, ?, ?)', [
      email,
      `Test ${role}`,
      role,
      await hashPassword(password),
    ]);
    return { id: Number((res as { insertId: number }).insertId), email, password };
  }

  async flushQueues(): Promise<void> {
    const redis = new IORedis(REDIS_URL);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${this.env.QUEUE_PREFIX}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }

  async teardown(): Promise<void> {
    for (const child of this.children) if (child.exitCode === null) child.kill('SIGKILL');
    for (const app of this.apps.reverse()) await app.close().catch(() => undefined);
    this.apps = [];
    if (this.ds?.isInitialized) await this.ds.destroy();
    await this.flushQueues();
    if (!process.env.KEEP_TEST_DB) await dropDatabase(this.env.DATABASE_URL);
  }
}

export async function login(app: INestApplication, email: string, password: string): Promise<string> {
  const res = await request(app.getHttpServer())
    .post('/api/v1/auth/login')
    .send({ email, password })
    .expect(200);
  return (res.body as { accessToken: string }).accessToken;
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Polls until the check returns a value (not undefined), or fails after the timeout. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until)
      throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
