import type { JsonFile } from '../state/json-file.js';
import type { Role } from './roles.js';
import { hashSecret, newSecret } from './tokens.js';

interface SessionRecord {
  readonly tokenHash: string;
  readonly user: string;
  readonly role: Role;
  readonly createdAt: number;
  /** The absolute end, whatever the activity. */
  readonly expiresAt: number;
  /** Last request seen, to the minute (see `TOUCH_STEP_MS`). */
  lastSeenAt: number;
  readonly address: string;
  readonly userAgent: string;
}

interface SessionsDoc {
  sessions: SessionRecord[];
}

/** How long sessions last: `absoluteMs` from login, and `idleMs` without any request. */
export interface SessionLimits {
  readonly absoluteMs: number;
  readonly idleMs: number;
}

/** Where a session was opened from, shown to its owner. */
export interface SessionOrigin {
  readonly address: string;
  readonly userAgent: string;
}

/** A session as its owner sees it: never the secret, nor the whole hash. */
export interface SessionInfo {
  /** A short public handle (the start of the secret's hash): ends this session, nothing else. */
  readonly id: string;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  /** When it ends if it stays in use (the absolute end) or if left idle, whichever comes first. */
  readonly expiresAt: number;
  readonly address: string;
  readonly userAgent: string;
}

const ID_LENGTH = 16;
// A request moves `lastSeenAt` only when it is this stale: the UI polls every few seconds, and
// the idle limit is counted in hours, so minute precision saves a write per request.
const TOUCH_STEP_MS = 60_000;
const MAX_USER_AGENT = 200;

/**
 * Cookie sessions. The cookie holds a random secret; only its hash is kept (and persisted, so a
 * restart of the nester does not log everyone out). A session ends at the first of: its absolute
 * lifetime, an idle period without requests, logout, or its user's password change.
 * `lastSeenAt` is written lazily (`flush`); losing it in a crash only shortens sessions.
 */
export class SessionStore {
  private byHash = new Map<string, SessionRecord>();
  private dirty = false;

  private constructor(
    private readonly file: JsonFile<SessionsDoc>,
    private readonly limits: SessionLimits,
  ) {}

  /** Opens the store; `idleMs` defaults to `absoluteMs` (no idle limit of its own). */
  static async open(
    file: JsonFile<SessionsDoc>,
    absoluteMs: number,
    idleMs: number = absoluteMs,
  ): Promise<SessionStore> {
    const store = new SessionStore(file, { absoluteMs, idleMs });
    for (const s of (await file.load({ sessions: [] })).sessions) {
      // Documents from before idle limits lack these; such sessions count as seen at their start.
      const createdAt = s.createdAt ?? s.expiresAt - absoluteMs;
      store.byHash.set(s.tokenHash, {
        ...s,
        createdAt,
        lastSeenAt: s.lastSeenAt ?? createdAt,
        address: s.address ?? '',
        userAgent: s.userAgent ?? '',
      });
    }
    return store;
  }

  /** The limits sessions are held to (the cookie's Max-Age follows `absoluteMs`). */
  get sessionLimits(): SessionLimits {
    return this.limits;
  }

  /** Starts a session and returns the secret to put in the cookie. Durable on return. */
  async create(user: string, role: Role, now: number, origin?: SessionOrigin): Promise<string> {
    const token = newSecret();
    const tokenHash = hashSecret(token);
    this.byHash.set(tokenHash, {
      tokenHash,
      user,
      role,
      createdAt: now,
      expiresAt: now + this.limits.absoluteMs,
      lastSeenAt: now,
      address: origin?.address ?? '',
      userAgent: (origin?.userAgent ?? '').slice(0, MAX_USER_AGENT),
    });
    await this.persist(now);
    return token;
  }

  /** The session's user when it is alive at `now`; counts as activity for the idle limit. */
  lookup(token: string, now: number): { user: string; role: Role; id: string } | undefined {
    const s = this.byHash.get(hashSecret(token));
    if (!s || !this.alive(s, now)) return undefined;
    if (now - s.lastSeenAt >= TOUCH_STEP_MS) {
      s.lastSeenAt = now;
      this.dirty = true;
    }
    return { user: s.user, role: s.role, id: idOf(s) };
  }

  /** The public id of the session a cookie secret opens (whether or not it is alive). */
  idOf(token: string): string {
    return hashSecret(token).slice(0, ID_LENGTH);
  }

  /** The live sessions of `user`, newest first. */
  listFor(user: string, now: number): SessionInfo[] {
    return [...this.byHash.values()]
      .filter((s) => s.user === user && this.alive(s, now))
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((s) => ({
        id: idOf(s),
        createdAt: s.createdAt,
        lastSeenAt: s.lastSeenAt,
        expiresAt: Math.min(s.expiresAt, s.lastSeenAt + this.limits.idleMs),
        address: s.address,
        userAgent: s.userAgent,
      }));
  }

  async destroy(token: string, now: number): Promise<void> {
    if (this.byHash.delete(hashSecret(token))) await this.persist(now);
  }

  /** Ends one of `user`'s sessions by its public id; false when `user` has no such session. */
  async destroyById(user: string, id: string, now: number): Promise<boolean> {
    for (const [k, s] of this.byHash) {
      if (s.user === user && idOf(s) === id) {
        this.byHash.delete(k);
        await this.persist(now);
        return true;
      }
    }
    return false;
  }

  /** Ends every session of `user` but the one with id `keepId`; returns how many ended. */
  async destroyAllFor(user: string, now: number, keepId?: string): Promise<number> {
    let ended = 0;
    for (const [k, s] of this.byHash) {
      if (s.user === user && idOf(s) !== keepId) {
        this.byHash.delete(k);
        ended++;
      }
    }
    if (ended > 0) await this.persist(now);
    return ended;
  }

  /** Writes the document when activity changed it (or always when `force`). */
  async flush(now: number, force = false): Promise<void> {
    if (force || this.dirty) await this.persist(now);
  }

  private alive(s: SessionRecord, now: number): boolean {
    return s.expiresAt > now && s.lastSeenAt + this.limits.idleMs > now;
  }

  private persist(now: number): Promise<void> {
    this.dirty = false;
    for (const [k, s] of this.byHash) if (!this.alive(s, now)) this.byHash.delete(k);
    return this.file.save({ sessions: [...this.byHash.values()] });
  }
}

function idOf(s: SessionRecord): string {
  return s.tokenHash.slice(0, ID_LENGTH);
}
