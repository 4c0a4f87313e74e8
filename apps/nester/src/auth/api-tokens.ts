import { randomBytes } from 'node:crypto';
import { InvalidInputError } from '@seahawks/model';
import type { JsonFile } from '../state/json-file.js';
import { ROLES } from './roles.js';
import type { Role } from './roles.js';
import { hashSecret, newSecret, secretMatches } from './tokens.js';

/** What the nester keeps about an API token: never the secret, only its SHA-256. */
export interface ApiTokenRecord {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  /** The user who created it; the token acts as this user, with at most `role`. */
  readonly creator: string;
  readonly createdAt: number;
  /** Milliseconds since the epoch after which the token is refused; null = never. */
  readonly expiresAt: number | null;
  readonly secretHash: string;
  lastUsed: number | null;
}

/** An API token as listed to people: everything but the hash. */
export type ApiTokenInfo = Omit<ApiTokenRecord, 'secretHash'>;

/** What `create` needs; `ttlMs` absent or 0 means the token never expires. */
export interface NewApiToken {
  readonly name: string;
  readonly role: Role;
  readonly creator: string;
  readonly creatorRole: Role;
  readonly ttlMs?: number;
}

interface ApiTokensDoc {
  tokens: ApiTokenRecord[];
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9 ._:@-]{0,63}$/;
const TOKEN_RE = /^sht_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/**
 * API tokens for automation and Grafana (`Authorization: Bearer sht_<id>_<secret>`), kept in one
 * atomic JSON document. The secret carries 256 random bits, so a SHA-256 of it is all that is
 * stored. `lastUsed` changes on every request and is written lazily, by `flush`.
 */
export class ApiTokenStore {
  private byId = new Map<string, ApiTokenRecord>();
  private dirty = false;

  private constructor(private readonly file: JsonFile<ApiTokensDoc>) {}

  static async open(file: JsonFile<ApiTokensDoc>): Promise<ApiTokenStore> {
    const store = new ApiTokenStore(file);
    for (const t of (await file.load({ tokens: [] })).tokens) store.byId.set(t.id, t);
    return store;
  }

  /** Every token, newest first, without secrets. */
  list(): ApiTokenInfo[] {
    return [...this.byId.values()].sort((a, b) => b.createdAt - a.createdAt).map(toInfo);
  }

  /**
   * Creates a token and returns it (`sht_<id>_<secret>`, shown once) with its record. Refuses a
   * bad or taken name, and a role above the creator's.
   */
  async create(spec: NewApiToken, now: number): Promise<{ token: string; info: ApiTokenInfo }> {
    const what = `cannot create API token "${spec.name}"`;
    if (!NAME_RE.test(spec.name))
      throw new InvalidInputError(`${what}: names are 1-64 of [A-Za-z0-9 ._:@-], starting alphanumeric`);
    if ([...this.byId.values()].some((t) => t.name === spec.name))
      throw new InvalidInputError(`${what}: the name is taken`);
    if (ROLES.indexOf(spec.role) < ROLES.indexOf(spec.creatorRole))
      throw new InvalidInputError(
        `${what}: role ${spec.role} is above the creator's role ${spec.creatorRole}`,
      );
    const ttl = spec.ttlMs ?? 0;
    if (!Number.isSafeInteger(ttl) || ttl < 0) throw new InvalidInputError(`${what}: invalid ttl ${ttl} ms`);
    const id = randomBytes(6).toString('hex');
    const secret = newSecret();
    const record: ApiTokenRecord = {
      id,
      name: spec.name,
      role: spec.role,
      creator: spec.creator,
      createdAt: now,
      expiresAt: ttl > 0 ? now + ttl : null,
      secretHash: hashSecret(secret),
      lastUsed: null,
    };
    this.byId.set(id, record);
    await this.flush(true);
    return { token: `sht_${id}_${secret}`, info: toInfo(record) };
  }

  /** Revokes (deletes) a token; false when there is no such token. Effective immediately. */
  async revoke(id: string): Promise<boolean> {
    if (!this.byId.delete(id)) return false;
    await this.flush(true);
    return true;
  }

  /** The token's record when it is well-formed, known, unexpired and its secret matches. */
  authenticate(token: string, now: number): ApiTokenInfo | undefined {
    const m = TOKEN_RE.exec(token);
    if (!m) return undefined;
    const t = this.byId.get(m[1]!);
    if (!t || (t.expiresAt !== null && t.expiresAt <= now)) return undefined;
    if (!secretMatches(m[2]!, t.secretHash)) return undefined;
    t.lastUsed = now;
    this.dirty = true;
    return toInfo(t);
  }

  /** Writes the document when something changed (or always when `force`). */
  async flush(force = false): Promise<void> {
    if (!force && !this.dirty) return;
    this.dirty = false;
    await this.file.save({ tokens: [...this.byId.values()] });
  }
}

/** True when `text` has the shape of an API token (and so is not a harvester credential). */
export function looksLikeApiToken(text: string): boolean {
  return text.startsWith('sht_');
}

function toInfo(t: ApiTokenRecord): ApiTokenInfo {
  return {
    id: t.id,
    name: t.name,
    role: t.role,
    creator: t.creator,
    createdAt: t.createdAt,
    expiresAt: t.expiresAt,
    lastUsed: t.lastUsed,
  };
}
