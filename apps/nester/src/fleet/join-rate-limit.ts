/** Limits of {@link FailureRateLimiter}. */
export interface FailureRateLimit {
  /** Failures allowed per key within `windowMs`; the next attempt is refused. */
  readonly maxFailures: number;
  readonly windowMs: number;
  /** Keys remembered at most; beyond it the oldest are forgotten, so a flood cannot exhaust memory. */
  readonly maxKeys: number;
}

/** 10 failed joins per minute per source address. */
export const DEFAULT_JOIN_RATE_LIMIT: FailureRateLimit = {
  maxFailures: 10,
  windowMs: 60_000,
  maxKeys: 10_000,
};

interface Window {
  start: number;
  failures: number;
}

/**
 * Counts failures per key (a source address) in fixed windows, to stop token guessing: 83 bits
 * of secret are out of reach anyway at 10 tries a minute, and the log stays readable. Only failures
 * count, so a harvester fleet joining through one NAT address is not slowed down by its successes.
 */
export class FailureRateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly limit: FailureRateLimit = DEFAULT_JOIN_RATE_LIMIT) {}

  /**
   * Milliseconds until `key` may try again, or 0 when it may try now. Call before the attempt,
   * so a blocked guesser never reaches the token check.
   */
  retryAfter(key: string, now: number): number {
    const w = this.windows.get(key);
    if (!w) return 0;
    if (now - w.start >= this.limit.windowMs) {
      this.windows.delete(key);
      return 0;
    }
    return w.failures >= this.limit.maxFailures ? w.start + this.limit.windowMs - now : 0;
  }

  /** Records one failed attempt by `key`. */
  fail(key: string, now: number): void {
    const w = this.windows.get(key);
    if (w && now - w.start < this.limit.windowMs) {
      w.failures += 1;
      return;
    }
    this.windows.delete(key);
    if (this.windows.size >= this.limit.maxKeys) this.forgetOldest(now);
    this.windows.set(key, { start: now, failures: 1 });
  }

  /** Number of keys remembered (for tests and the nester's metrics). */
  get size(): number {
    return this.windows.size;
  }

  // Maps iterate in insertion order, and a key is re-inserted when its window restarts, so the
  // first entries are the oldest windows: drop the expired ones, or at least the very oldest.
  private forgetOldest(now: number): void {
    for (const [key, w] of this.windows) {
      if (now - w.start < this.limit.windowMs && this.windows.size < this.limit.maxKeys) return;
      this.windows.delete(key);
      if (now - w.start < this.limit.windowMs) return;
    }
  }
}
