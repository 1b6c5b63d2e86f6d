/**
 * Failed attempts per key (a client address, an account) in a fixed window, in this process: after `limit`
 * failures the key is refused until its window ends. Only failures count, so a user who signs in is never slowed.
 * The map is bounded: past `maxKeys`, expired windows are dropped and then the oldest keys.
 */
export class FailureThrottle {
  private readonly windows = new Map<string, { failures: number; resetAt: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly maxKeys = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `key` may try again (0: it may try now). */
  retryAfter(key: string): number {
    const w = this.windows.get(key);
    if (!w) return 0;
    const left = w.resetAt - this.now();
    if (left <= 0) {
      this.windows.delete(key);
      return 0;
    }
    return w.failures >= this.limit ? Math.ceil(left / 1000) : 0;
  }

  /** Counts one failure for `key`. */
  fail(key: string): void {
    const t = this.now();
    const w = this.windows.get(key);
    if (w && w.resetAt > t) {
      w.failures++;
      return;
    }
    if (!w && this.windows.size >= this.maxKeys) this.prune(t);
    this.windows.delete(key);
    this.windows.set(key, { failures: 1, resetAt: t + this.windowMs });
  }

  private prune(t: number): void {
    for (const [k, w] of this.windows) if (w.resetAt <= t) this.windows.delete(k);
    // Still full: drop the oldest (Map keeps insertion order).
    for (const k of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break;
      this.windows.delete(k);
    }
  }
}
