import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { ConfigError, parseEnv } from './env';
import { findRepoRoot } from './reference';
import { todayIn } from './time';

describe('parseEnv', () => {
  it('applies the contract defaults', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      DATABASE_URL: 'mysql://root@127.0.0.1:3306/patuh',
      REDIS_URL: 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: 'patuh',
      PORT: 3000,
      BUSINESS_TZ: 'Asia/Makassar',
      SWEEP_CRON: '0 2 * * *',
      SPONSORED_TARGET: 160000,
    });
  });

  it.each([
    ['PORT', '70000', /PORT must be at most 65535/],
    ['QUEUE_PREFIX', 'a:b', /QUEUE_PREFIX/],
    ['REDIS_URL', 'http://x', /REDIS_URL must be a URL/],
    ['BOOTSTRAP_ADMIN_PASSWORD', 'short', /BOOTSTRAP_ADMIN_PASSWORD must be at least 8/],
  ])('names %s when it is wrong', (name, value, message) => {
    expect(() => parseEnv({ [name]: value })).toThrow(message);
    try {
      parseEnv({ [name]: value });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).variable).toBe(name);
      expect((e as Error).message).not.toContain('\n');
    }
  });

  it('never echoes a secret value', () => {
    expect(() => parseEnv({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
    try {
      parseEnv({ JWT_SECRET: 'short' });
    } catch (e) {
      expect((e as Error).message).not.toContain('short"');
    }
  });

  it('requires the bootstrap admin pair together, and a JWT secret in production', () => {
    expect(() => parseEnv({ BOOTSTRAP_ADMIN_EMAIL: 'a@b.co' })).toThrow(/BOOTSTRAP_ADMIN_PASSWORD/);
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
  });

  it('refuses a worker metrics port without a metrics token in production, and never echoes the token', () => {
    const prod = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) };
    expect(() => parseEnv({ ...prod, WORKER_METRICS_PORT: '9464' })).toThrow(
      /METRICS_TOKEN must be set when WORKER_METRICS_PORT/,
    );
    expect(
      parseEnv({ ...prod, WORKER_METRICS_PORT: '9464', METRICS_TOKEN: 't'.repeat(24) }).WORKER_METRICS_PORT,
    ).toBe(9464);
    expect(parseEnv({ WORKER_METRICS_PORT: '9464' }).METRICS_TOKEN).toBeUndefined(); // dev: open
    expect(() => parseEnv({ METRICS_TOKEN: 'tiny-secret' })).toThrow(
      /^Invalid configuration: METRICS_TOKEN[^"]*$/,
    );
  });

  it('binds loopback and trusts no proxy unless told (HOST, TRUST_PROXY)', () => {
    const env = parseEnv({});
    expect(env.HOST).toBe('127.0.0.1');
    expect(env.TRUST_PROXY).toBeUndefined();
    expect(parseEnv({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
    expect(parseEnv({ TRUST_PROXY: 'none' }).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(parseEnv({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1,loopback' }).TRUST_PROXY).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
      'loopback',
    ]);
    for (const bad of ['true', '0', '10.0.0.0/33', 'proxy.example', '10.0.0.1/8/1'])
      expect(() => parseEnv({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
    expect(() => parseEnv({ HOST: 'example.org' })).toThrow(/HOST/);
  });
});

describe('reference data', () => {
  it('ships a copy identical to the shared reference (when shared/ is beside the repository)', () => {
    const root = findRepoRoot(__dirname);
    const shared = join(root, '../shared/reference/kutim.json');
    const shipped = JSON.parse(readFileSync(join(root, 'reference/kutim.json'), 'utf8'));
    expect(shipped.regency.districts).toHaveLength(18);
    if (existsSync(shared)) {
      expect(shipped).toEqual(JSON.parse(readFileSync(shared, 'utf8')));
      // Byte for byte, not only the same JSON: the copy is the file, not a re-serialisation of it.
      expect(readFileSync(join(root, 'reference/kutim.json')).equals(readFileSync(shared))).toBe(true);
    }
  });
});

describe('todayIn', () => {
  it('gives the calendar date in the zone asked for, each zone its own', () => {
    const instant = new Date('2026-01-01T16:30:00Z'); // 00:30 on 2 January in Makassar (UTC+8)
    expect(todayIn('Asia/Makassar', instant)).toBe('2026-01-02');
    expect(todayIn('UTC', instant)).toBe('2026-01-01');
    expect(todayIn('Asia/Makassar', new Date('2026-01-01T15:59:59Z'))).toBe('2026-01-01');
    expect(() => todayIn('Not/AZone', instant)).toThrow(RangeError);
  });
});
