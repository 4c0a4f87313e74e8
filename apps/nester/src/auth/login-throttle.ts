/** Limits of a {@link LoginThrottle}. */
export interface LoginThrottleLimits {
  /** Failures of one user name from one address before the first lock. */
  readonly freePerUser: number;
  /** Failures from one address, whatever the user names, before the first lock (stops spraying). */
  readonly freePerAddress: number;
  /** First lock, ms; each further failure doubles it. */
  readonly baseDelayMs: number;
  /** Longest lock, ms. */
  readonly maxDelayMs: number;
  /** A key with no failure for this long starts afresh, ms. */
  readonly forgetAfterMs: number;
  /** Keys remembered at most; beyond it the least recently failed are forgotten. */
  readonly maxKeys: number;
}

/** 5 tries per user and address, 30 per address, then 5 s, 10 s, 20 s … up to 15 min. */
export const DEFAULT_LOGIN_LIMITS: LoginThrottleLimits = {
  freePerUser: 5,
  freePerAddress: 30,
  baseDelayMs: 5_000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
  maxKeys: 20_000,
};

interface Failures {
  count: number;
  last: number;
  lockedUntil: number;
}

/**
 * Exponential backoff on failed password checks, keyed by user name *and* source address, so a
 * guesser elsewhere cannot lock the real user out of their own machine, plus a looser key per
 * address against one source trying many names. A lock refuses even the right password: the
 * caller asks {@link retryAfter} before any password check, so a locked guesser costs no argon2
 * time. Successes clear the user's key (not the address's).
 */
export class LoginThrottle {
  private readonly keys = new Map<string, Failures>();

  constructor(private readonly limits: LoginThrottleLimits = DEFAULT_LOGIN_LIMITS) {}

  /** Milliseconds until `user` may try again from `address`; 0 when it may try now. */
  retryAfter(user: string, address: string, now: number): number {
    const wait = Math.max(this.lockOf(userKey(user, address), now), this.lockOf(addressKey(address), now));
    return Math.max(0, wait);
  }

  /** Records a failed check; returns the lock it caused, ms (0 while the free tries last). */
  fail(user: string, address: string, now: number): number {
    const a = this.bump(userKey(user, address), this.limits.freePerUser, now);
    const b = this.bump(addressKey(address), this.limits.freePerAddress, now);
    return Math.max(a, b);
  }

  /** Records a successful check: the user's failures from this address are forgotten. */
  succeed(user: string, address: string): void {
    this.keys.delete(userKey(user, address));
  }

  /** Keys remembered now (for tests and metrics). */
  get size(): number {
    return this.keys.size;
  }

  private lockOf(key: string, now: number): number {
    const f = this.keys.get(key);
    if (!f) return 0;
    if (now - f.last >= this.limits.forgetAfterMs) {
      this.keys.delete(key);
      return 0;
    }
    return f.lockedUntil - now;
  }

  private bump(key: string, free: number, now: number): number {
    const old = this.keys.get(key);
    const count = old && now - old.last < this.limits.forgetAfterMs ? old.count + 1 : 1;
    const over = count - free;
    const delay =
      over < 0 ? 0 : Math.min(this.limits.maxDelayMs, this.limits.baseDelayMs * 2 ** Math.min(over, 30));
    // Re-inserted so the map's order is the order of last failure: eviction drops the stalest.
    this.keys.delete(key);
    this.keys.set(key, { count, last: now, lockedUntil: now + delay });
    while (this.keys.size > this.limits.maxKeys) {
      const stalest = this.keys.keys().next().value;
      if (stalest === undefined) break;
      this.keys.delete(stalest);
    }
    return delay;
  }
}

// User names are matched case-insensitively here so `Admin` and `admin` share one budget.
function userKey(user: string, address: string): string {
  return `u\u0000${user.toLowerCase()}\u0000${address}`;
}

function addressKey(address: string): string {
  return `a\u0000${address}`;
}
