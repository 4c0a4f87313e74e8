import type { JsonFile } from '../state/json-file.js';
import type { Role } from './roles.js';
import { hashSecret, newSecret } from './tokens.js';

interface SessionRecord {
  readonly tokenHash: string;
  readonly user: string;
  readonly role: Role;
  readonly expiresAt: number;
}

interface SessionsDoc {
  sessions: SessionRecord[];
}

/**
 * Cookie sessions. The cookie holds a random secret; only its hash is kept (and persisted, so a
 * restart of the nester does not log everyone out). Expired sessions are pruned on write.
 */
export class SessionStore {
  private byHash = new Map<string, SessionRecord>();

  private constructor(
    private readonly file: JsonFile<SessionsDoc>,
    private readonly ttlMs: number,
  ) {}

  static async open(file: JsonFile<SessionsDoc>, ttlMs: number): Promise<SessionStore> {
    const store = new SessionStore(file, ttlMs);
    for (const s of (await file.load({ sessions: [] })).sessions) store.byHash.set(s.tokenHash, s);
    return store;
  }

  /** Starts a session and returns the secret to put in the cookie. */
  async create(user: string, role: Role, now: number): Promise<string> {
    const token = newSecret();
    this.byHash.set(hashSecret(token), {
      tokenHash: hashSecret(token),
      user,
      role,
      expiresAt: now + this.ttlMs,
    });
    await this.persist(now);
    return token;
  }

  lookup(token: string, now: number): { user: string; role: Role } | undefined {
    const s = this.byHash.get(hashSecret(token));
    if (!s || s.expiresAt <= now) return undefined;
    return { user: s.user, role: s.role };
  }

  async destroy(token: string, now: number): Promise<void> {
    if (this.byHash.delete(hashSecret(token))) await this.persist(now);
  }

  private persist(now: number): Promise<void> {
    for (const [k, s] of this.byHash) if (s.expiresAt <= now) this.byHash.delete(k);
    return this.file.save({ sessions: [...this.byHash.values()] });
  }
}
