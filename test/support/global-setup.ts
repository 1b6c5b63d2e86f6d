import { createConnection } from 'mysql2/promise';
import IORedis from 'ioredis';

/** Fails fast, with what to do, when MySQL or Redis is not reachable: the e2e suites use the real ones. */
export default async function globalSetup(): Promise<void> {
  const dbUrl = new URL(process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/');
  try {
    const c = await createConnection({
      host: dbUrl.hostname,
      port: Number(dbUrl.port || 3306),
      user: decodeURIComponent(dbUrl.username || 'root'),
      password: decodeURIComponent(dbUrl.password),
      connectTimeout: 3000,
    });
    await c.end();
  } catch (e) {
    throw new Error(
      `MySQL is not reachable at ${dbUrl.host} (${(e as Error).message}). Run: bash scripts/services.sh`,
      { cause: e },
    );
  }
  const redis = new IORedis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 3000,
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    throw new Error(`Redis is not reachable (${(e as Error).message}). Run: bash scripts/services.sh`, {
      cause: e,
    });
  } finally {
    redis.disconnect();
  }
}
