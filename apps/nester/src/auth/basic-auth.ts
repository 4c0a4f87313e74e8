import { createHash } from 'node:crypto';
import type { Role } from './roles.js';
import type { UserRecord } from './users.js';

/** What basic auth needs from the user store. */
export interface PasswordChecker {
  verify(name: string, password: string): Promise<UserRecord | undefined>;
  get(name: string): UserRecord | undefined;
}

export interface BasicAuthOptions {
  /** How long a successful verification is remembered, ms (default 5 minutes). */
  readonly ttlMs?: number;
  /** Most remembered verifications; the oldest is forgotten first (default 1024). */
  readonly maxEntries?: number;
}

interface Remembered {
  readonly user: string;
  /** The user's hash when the check passed: a password change since then voids the entry. */
  readonly passwordHash: string;
  readonly expiresAt: number;
}

const BASIC_RE = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i;

/**
 * `Authorization: Basic base64(user:password)` for the Prometheus API, as Grafana's datasource
 * and Prometheus' remote_read send it. A password check costs ~30 ms of argon2id, and Grafana
 * sends bursts of requests with the same header, so a success is remembered in memory for
 * `ttlMs`, keyed by the SHA-256 of the header value (the password itself is never kept), and
 * concurrent checks of the same header share one verification. Failures are never remembered.
 * A changed password or a removed user stops at once: an entry holds only while the user's
 * password hash is the one it was checked against.
 */
export class BasicAuthVerifier {
  private readonly remembered = new Map<string, Remembered>();
  private readonly inFlight = new Map<string, Promise<UserRecord | undefined>>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(
    private readonly users: PasswordChecker,
    options: BasicAuthOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 300_000;
    this.maxEntries = options.maxEntries ?? 1024;
  }

  /**
   * The user named by a Basic `Authorization` header value when its password is right;
   * undefined for a wrong password, an unknown user or a malformed header.
   */
  async verify(
    header: string,
    now: number,
  ): Promise<{ name: string; role: Role; teams: readonly string[] } | undefined> {
    const key = createHash('sha256').update(header).digest('hex');
    const hit = this.remembered.get(key);
    if (hit && hit.expiresAt > now) {
      const user = this.users.get(hit.user);
      if (user && user.passwordHash === hit.passwordHash)
        return { name: user.name, role: user.role, teams: user.teams };
    }
    if (hit) this.remembered.delete(key);
    const pair = parseBasic(header);
    if (!pair) return undefined;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.users.verify(pair.user, pair.password).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    const user = await pending;
    if (!user) return undefined;
    this.remember(key, user, now);
    return { name: user.name, role: user.role, teams: user.teams };
  }

  /** Verifications remembered now (for tests and the nester's own metrics). */
  get size(): number {
    return this.remembered.size;
  }

  private remember(key: string, user: UserRecord, now: number): void {
    this.remembered.delete(key);
    if (this.remembered.size >= this.maxEntries) {
      for (const [k, r] of this.remembered) if (r.expiresAt <= now) this.remembered.delete(k);
    }
    while (this.remembered.size >= this.maxEntries) {
      const oldest = this.remembered.keys().next().value;
      if (oldest === undefined) break;
      this.remembered.delete(oldest);
    }
    this.remembered.set(key, {
      user: user.name,
      passwordHash: user.passwordHash,
      expiresAt: now + this.ttlMs,
    });
  }
}

/** Splits a Basic header value into user and password; undefined when it is not one. */
export function parseBasic(header: string): { user: string; password: string } | undefined {
  const b64 = BASIC_RE.exec(header)?.[1];
  if (b64 === undefined) return undefined;
  const text = Buffer.from(b64, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}
