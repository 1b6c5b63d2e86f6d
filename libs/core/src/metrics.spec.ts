import { authorizeMetrics, cachedFor, metricsAccess, withTimeout } from './metrics';

describe('metrics access (METRICS_TOKEN)', () => {
  const token = 'metrics-token-0123456789abcdef';

  it('is open outside production without a token, off in production without one, a bearer check with one', () => {
    expect(metricsAccess({ NODE_ENV: 'development', METRICS_TOKEN: undefined })).toEqual({ mode: 'open' });
    expect(metricsAccess({ NODE_ENV: 'test', METRICS_TOKEN: undefined })).toEqual({ mode: 'open' });
    expect(metricsAccess({ NODE_ENV: 'production', METRICS_TOKEN: undefined })).toEqual({ mode: 'off' });
    expect(metricsAccess({ NODE_ENV: 'production', METRICS_TOKEN: token })).toEqual({ mode: 'token', token });
  });

  it('accepts only "Bearer <token>"', () => {
    const access = metricsAccess({ NODE_ENV: 'production', METRICS_TOKEN: token });
    expect(authorizeMetrics(access, `Bearer ${token}`)).toBe('ok');
    expect(authorizeMetrics(access, `bearer ${token}`)).toBe('ok'); // the scheme is case-insensitive (RFC 9110)
    for (const h of [
      undefined,
      '',
      token,
      `Basic ${token}`,
      `Bearer ${token}x`,
      `Bearer ${token.slice(1)}`,
      'Bearer ',
    ])
      expect(authorizeMetrics(access, h)).toBe('unauthorized');
    expect(authorizeMetrics({ mode: 'off' }, `Bearer ${token}`)).toBe('off');
    expect(authorizeMetrics({ mode: 'open' }, undefined)).toBe('ok');
  });
});

describe('cachedFor', () => {
  afterEach(() => jest.useRealTimers());

  it('computes once per window however many callers, and again after it', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    let calls = 0;
    const get = cachedFor(5000, async () => ++calls);
    expect(await Promise.all([get(), get(), get()])).toEqual([1, 1, 1]);
    jest.setSystemTime(1_004_999);
    expect(await get()).toBe(1);
    jest.setSystemTime(1_005_000);
    expect(await get()).toBe(2);
    expect(calls).toBe(2);
  });

  it('keeps a failure for the window too (a store that is down is not hammered), then retries', async () => {
    jest.useFakeTimers({ now: 2_000_000 });
    let calls = 0;
    const get = cachedFor(1000, async () => {
      calls++;
      if (calls === 1) throw new Error('down');
      return 'up';
    });
    await expect(get()).rejects.toThrow('down');
    await expect(get()).rejects.toThrow('down');
    jest.setSystemTime(2_001_000);
    await expect(get()).resolves.toBe('up');
    expect(calls).toBe(2);
  });
});

describe('withTimeout', () => {
  it('rejects a promise that does not settle in time, naming what hung', async () => {
    await expect(withTimeout(new Promise(() => undefined), 20, 'Redis')).rejects.toThrow(
      'Redis did not answer within 20 ms',
    );
    await expect(withTimeout(Promise.resolve(7), 1000, 'Redis')).resolves.toBe(7);
  });
});
