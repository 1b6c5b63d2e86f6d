import IORedis, { RedisOptions } from 'ioredis';

/** ioredis options for BullMQ (workers need maxRetriesPerRequest: null). */
export function redisOptions(redisUrl: string): RedisOptions {
  const u = new URL(redisUrl);
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname && u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
  };
}

export function createRedis(redisUrl: string): IORedis {
  return new IORedis(redisOptions(redisUrl));
}
