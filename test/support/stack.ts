import { INestApplication } from '@nestjs/common';
import IORedis from 'ioredis';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig, withDatabase } from '@patuh/config';
import { hashPassword } from '@patuh/core';
import { createDataSource, dropDatabase, migrateUp, Role } from '@patuh/persistence';
import { createApiApp } from '../../apps/api/src/bootstrap';

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

  constructor(
    readonly suite: string,
    env: Record<string, string> = {},
  ) {
    const tag = `${suite.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${process.pid}`;
    this.dbName = `patuh_t_${tag}`.slice(0, 64);
    this.config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: withDatabase(BASE_DB_URL, this.dbName),
      REDIS_URL,
      QUEUE_PREFIX: `t_${tag}`.slice(0, 40),
      JWT_SECRET: 'test-secret-test-secret-0123456789',
      LOG_LEVEL: 'silent',
      SCHEDULER_ENABLED: 'false',
      ...env,
    });
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

  async startApi(): Promise<INestApplication> {
    const app = await createApiApp(this.config, { logger: false });
    await app.init();
    this.apps.push(app);
    return app;
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
