import { FailureThrottle } from './failure-throttle';

describe('FailureThrottle', () => {
  let now = 1_000_000;
  const clock = () => now;

  it('refuses a key after `limit` failures until its window ends, then forgets it', () => {
    const t = new FailureThrottle(3, 60_000, 100, clock);
    for (let i = 0; i < 2; i++) t.fail('a');
    expect(t.retryAfter('a')).toBe(0);
    t.fail('a');
    expect(t.retryAfter('a')).toBe(60);
    expect(t.retryAfter('b')).toBe(0);
    now += 59_001;
    expect(t.retryAfter('a')).toBe(1);
    now += 1_000;
    expect(t.retryAfter('a')).toBe(0);
    t.fail('a');
    expect(t.retryAfter('a')).toBe(0); // a new window, one failure
  });

  it('stays bounded: past maxKeys the expired and then the oldest keys go', () => {
    const t = new FailureThrottle(1, 1000, 3, clock);
    t.fail('old');
    now += 2000;
    t.fail('k1');
    t.fail('k2');
    t.fail('k3');
    t.fail('k4');
    expect(t.retryAfter('k4')).toBe(1);
    expect(t.retryAfter('k1')).toBe(0); // dropped to make room
    expect(t.retryAfter('old')).toBe(0);
  });
});
