import { randomInt } from 'node:crypto';
import { InvalidInputError } from '@seahawks/model';
import { hashSecret, secretMatches } from '../auth/tokens.js';
import type { JsonFile } from '../state/json-file.js';
import { checkJoinLabels } from './join-labels.js';
import {
  ExpiredJoinTokenError,
  RevokedJoinTokenError,
  UnknownJoinTokenError,
  UsedUpJoinTokenError,
} from './join-token-errors.js';

/** What the nester keeps about a join token: never the secret, only its SHA-256. */
export interface JoinTokenRecord {
  /** The public half of the token (6 of [a-z0-9]); names it in lists and logs. */
  readonly id: string;
  readonly secretHash: string;
  readonly description: string;
  /** Labels every harvester joining with this token gets; they win over the harvester's own. */
  readonly labels: Readonly<Record<string, string>>;
  readonly createdAt: number;
  readonly createdBy: string;
  /** Milliseconds since the epoch from which the token is refused; null = never. */
  readonly expiresAt: number | null;
  /** How many joins it allows; 0 = unlimited. */
  readonly maxUses: number;
  used: number;
  revoked: boolean;
  lastUsedAt: number | null;
}

/** The state a token is in at a given time. */
export type JoinTokenState = 'active' | 'expired' | 'used_up' | 'revoked';

/** A join token as listed to people: everything but the hash, plus its state now. */
export type JoinTokenInfo = Omit<JoinTokenRecord, 'secretHash'> & { readonly state: JoinTokenState };

/** What `create` needs. */
export interface NewJoinToken {
  /** Lifetime in ms; absent = 24 h, 0 = never expires. */
  readonly ttlMs?: number;
  /** Number of joins; absent = 1, 0 = unlimited. */
  readonly maxUses?: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly description?: string;
  /** Who asked (the local user name, from the admin socket). */
  readonly createdBy: string;
}

interface JoinTokensDoc {
  tokens: JoinTokenRecord[];
}

/** Options for tests: the secret comparison, so a test can see it runs on every path. */
export interface JoinTokenStoreOptions {
  readonly matches?: (secret: string, storedHash: string) => boolean;
}

export const DEFAULT_JOIN_TTL_MS = 24 * 3_600_000;
const TOKEN_RE = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const MAX_DESCRIPTION = 256;
const MAX_CREATED_BY = 128;
// Compared against when the id is unknown, so an unknown id costs what a wrong secret costs.
const DUMMY_HASH = hashSecret('seahawks-no-such-join-token');

/**
 * Join tokens, as kubeadm's bootstrap tokens: `<id>.<secret>` (6 + 16 of [a-z0-9], about 83 bits
 * of secret), each with a lifetime, a number of uses, labels and a description, kept in one atomic
 * JSON document. `consume` trades a token for the right to enroll one harvester.
 */
export class JoinTokenStore {
  private byId = new Map<string, JoinTokenRecord>();
  private readonly matches: (secret: string, storedHash: string) => boolean;

  private constructor(
    private readonly file: JsonFile<JoinTokensDoc>,
    options: JoinTokenStoreOptions,
  ) {
    this.matches = options.matches ?? secretMatches;
  }

  /** Loads `<dataDir>/join-tokens.json` (or starts empty). */
  static async open(
    file: JsonFile<JoinTokensDoc>,
    options: JoinTokenStoreOptions = {},
  ): Promise<JoinTokenStore> {
    const store = new JoinTokenStore(file, options);
    for (const t of (await file.load({ tokens: [] })).tokens) store.byId.set(t.id, t);
    return store;
  }

  /** Every token, newest first, with its state at `now`; no secrets. */
  list(now: number): JoinTokenInfo[] {
    return [...this.byId.values()].sort((a, b) => b.createdAt - a.createdAt).map((t) => toInfo(t, now));
  }

  /** Creates a token and returns it (shown this once) with its record. Durable on return. */
  async create(spec: NewJoinToken, now: number): Promise<{ token: string; info: JoinTokenInfo }> {
    const ttl = spec.ttlMs ?? DEFAULT_JOIN_TTL_MS;
    const maxUses = spec.maxUses ?? 1;
    const description = spec.description ?? '';
    if (!Number.isSafeInteger(ttl) || ttl < 0)
      throw new InvalidInputError(`cannot create join token: invalid ttl ${ttl} ms`);
    if (!Number.isSafeInteger(maxUses) || maxUses < 0 || maxUses > 1_000_000)
      throw new InvalidInputError(
        `cannot create join token: uses must be 0 (unlimited) to 1000000, not ${maxUses}`,
      );
    if (description.length > MAX_DESCRIPTION)
      throw new InvalidInputError(`cannot create join token: description longer than ${MAX_DESCRIPTION}`);
    const labels = checkJoinLabels(spec.labels ?? {}, 'the labels of a join token');
    let id = randomText(6);
    while (this.byId.has(id)) id = randomText(6);
    const secret = randomText(16);
    const record: JoinTokenRecord = {
      id,
      secretHash: hashSecret(secret),
      description,
      labels,
      createdAt: now,
      createdBy: spec.createdBy.slice(0, MAX_CREATED_BY),
      expiresAt: ttl === 0 ? null : now + ttl,
      maxUses,
      used: 0,
      revoked: false,
      lastUsedAt: null,
    };
    this.byId.set(id, record);
    await this.flush();
    return { token: `${id}.${secret}`, info: toInfo(record, now) };
  }

  /** Revokes a token (kept, marked revoked, for the record); false when there is no such id. */
  async revoke(id: string): Promise<boolean> {
    const t = this.byId.get(id);
    if (!t) return false;
    t.revoked = true;
    await this.flush();
    return true;
  }

  /**
   * Checks a presented token without spending a use. Throws a `JoinTokenRefusedError` subclass
   * (unknown, revoked, expired, used up). The secret is compared in constant time before any
   * state is looked at, and against a dummy hash when the id is unknown, so neither timing nor
   * the order of checks tells a guesser which ids exist or what state they are in.
   */
  check(token: string, now: number): JoinTokenInfo {
    return toInfo(this.verify(token, now), now);
  }

  /** Like {@link check}, then spends one use; durable on return. */
  async consume(token: string, now: number): Promise<JoinTokenInfo> {
    const t = this.verify(token, now);
    // Counted before the write so two concurrent joins cannot both spend the last use.
    t.used += 1;
    t.lastUsedAt = now;
    try {
      await this.flush();
    } catch (err) {
      t.used -= 1;
      throw err;
    }
    return toInfo(t, now);
  }

  /** Gives back a use spent by `consume` when the enrollment it paid for failed. */
  async release(id: string): Promise<void> {
    const t = this.byId.get(id);
    if (!t || t.used === 0) return;
    t.used -= 1;
    await this.flush();
  }

  private verify(token: string, now: number): JoinTokenRecord {
    const m = TOKEN_RE.exec(token);
    if (!m) throw new UnknownJoinTokenError(undefined, 'not of the form [a-z0-9]{6}.[a-z0-9]{16}');
    const id = m[1]!;
    const t = this.byId.get(id);
    const ok = this.matches(m[2]!, t?.secretHash ?? DUMMY_HASH);
    if (!t) throw new UnknownJoinTokenError(id, 'no such token');
    if (!ok) throw new UnknownJoinTokenError(id, 'wrong secret');
    if (t.revoked) throw new RevokedJoinTokenError(id);
    if (t.expiresAt !== null && now >= t.expiresAt) throw new ExpiredJoinTokenError(id, t.expiresAt);
    if (t.maxUses !== 0 && t.used >= t.maxUses) throw new UsedUpJoinTokenError(id, t.maxUses);
    return t;
  }

  private flush(): Promise<void> {
    return this.file.save({ tokens: [...this.byId.values()] });
  }
}

/** The state of a token at `now`; revoked wins over expired, which wins over used up. */
export function joinTokenState(t: JoinTokenRecord, now: number): JoinTokenState {
  if (t.revoked) return 'revoked';
  if (t.expiresAt !== null && now >= t.expiresAt) return 'expired';
  if (t.maxUses !== 0 && t.used >= t.maxUses) return 'used_up';
  return 'active';
}

function toInfo(t: JoinTokenRecord, now: number): JoinTokenInfo {
  return {
    id: t.id,
    description: t.description,
    labels: { ...t.labels },
    createdAt: t.createdAt,
    createdBy: t.createdBy,
    expiresAt: t.expiresAt,
    maxUses: t.maxUses,
    used: t.used,
    revoked: t.revoked,
    lastUsedAt: t.lastUsedAt,
    state: joinTokenState(t, now),
  };
}

/** Uniform over [a-z0-9] (randomInt rejects biased draws, unlike `byte % 36`). */
function randomText(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}
