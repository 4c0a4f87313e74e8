import { InvalidInputError, isValidLabelName } from '@seahawks/model';
import type { JsonFile } from '../state/json-file.js';
import { newId, newSecret, hashSecret, secretMatches } from '../auth/tokens.js';

/** What a harvester tells about its machine at connect (SPEC §2 Inventory). */
export interface Inventory {
  readonly hostname?: string;
  readonly os?: string;
  readonly kernel?: string;
  readonly arch?: string;
  readonly cpus?: number;
  readonly cpuModel?: string;
  readonly memoryBytes?: number;
  readonly ips?: readonly string[];
  readonly bootTime?: number;
  readonly version?: string;
}

export interface HarvesterRecord {
  readonly id: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly credentialHash: string;
  readonly createdAt: number;
  readonly revokedAt: number | null;
  lastSeen: number | null;
  inventory: Inventory;
}

interface FleetDoc {
  harvesters: HarvesterRecord[];
}

const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,252}$/;
const CREDENTIAL_RE = /^shc_([A-Za-z0-9_-]{12})_([A-Za-z0-9_-]{43})$/;

/**
 * Every harvester the nester knows: identity, labels, credential hash, last seen, inventory.
 * Online state is the tunnel hub's (`Presence`), never stored. `lastSeen` is persisted lazily
 * (at most every few seconds) because it changes on every push.
 */
export class FleetRegistry {
  private byId = new Map<string, HarvesterRecord>();
  private dirty = false;

  private constructor(private readonly file: JsonFile<FleetDoc>) {}

  static async open(file: JsonFile<FleetDoc>): Promise<FleetRegistry> {
    const reg = new FleetRegistry(file);
    for (const h of (await file.load({ harvesters: [] })).harvesters) reg.byId.set(h.id, h);
    return reg;
  }

  list(): HarvesterRecord[] {
    return [...this.byId.values()]
      .filter((h) => h.revokedAt === null)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The enrolled (not revoked) harvester of that name. One pass, no sort: called per push. */
  byName(name: string): HarvesterRecord | undefined {
    for (const h of this.byId.values()) if (h.name === name && h.revokedAt === null) return h;
    return undefined;
  }

  /** The enrolled (not revoked) harvester with that id, in constant time. */
  get(id: string): HarvesterRecord | undefined {
    const h = this.byId.get(id);
    return h && h.revokedAt === null ? h : undefined;
  }

  /**
   * Registers a harvester and returns its credential (`shc_<id>_<secret>`), shown once.
   * The name becomes the `instance` label of everything it sends.
   */
  async enroll(name: string, labels: Record<string, string>, now: number): Promise<string> {
    if (!NAME_RE.test(name))
      throw new InvalidInputError(`cannot enroll harvester "${name}": invalid node name`);
    if (this.byName(name))
      throw new InvalidInputError(`cannot enroll harvester "${name}": the name is taken`);
    for (const k of Object.keys(labels)) {
      if (!isValidLabelName(k))
        throw new InvalidInputError(`cannot enroll harvester "${name}": bad label "${k}"`);
    }
    const id = newId()
      .replace(/[^A-Za-z0-9_-]/g, '')
      .padEnd(12, 'x')
      .slice(0, 12);
    const secret = newSecret();
    const record: HarvesterRecord = {
      id,
      name,
      labels,
      credentialHash: hashSecret(secret),
      createdAt: now,
      revokedAt: null,
      lastSeen: null,
      inventory: {},
    };
    this.byId.set(id, record);
    await this.flush(true);
    return `shc_${id}_${secret}`;
  }

  /** The harvester a credential belongs to, or undefined when it is unknown, wrong or revoked. */
  authenticate(credential: string): HarvesterRecord | undefined {
    const m = CREDENTIAL_RE.exec(credential);
    if (!m) return undefined;
    const h = this.byId.get(m[1]!);
    if (!h || h.revokedAt !== null) return undefined;
    return secretMatches(m[2]!, h.credentialHash) ? h : undefined;
  }

  async revoke(name: string, now: number): Promise<boolean> {
    const h = this.byName(name);
    if (!h) return false;
    this.byId.set(h.id, { ...h, revokedAt: now });
    await this.flush(true);
    return true;
  }

  touch(h: HarvesterRecord, now: number): void {
    h.lastSeen = now;
    this.dirty = true;
  }

  async setInventory(h: HarvesterRecord, inventory: Inventory, now: number): Promise<void> {
    h.inventory = inventory;
    h.lastSeen = now;
    await this.flush(true);
  }

  /** Writes the document when something changed (or always when `force`). */
  async flush(force = false): Promise<void> {
    if (!force && !this.dirty) return;
    this.dirty = false;
    await this.file.save({ harvesters: [...this.byId.values()] });
  }
}

/** Who is connected right now: the tunnel hub's live view (a harvester is online from its
 * `welcome` until its control connection closes or falls silent). */
export interface Presence {
  isOnline(name: string): boolean;
}

/**
 * Whether a harvester is online: from `presence` (the tunnel hub) when given, which is the truth
 * in a running nester; otherwise, for tools without the hub, whether it was heard from within
 * `offlineAfterMs` (`lastSeen`).
 */
export function isOnline(
  h: HarvesterRecord,
  now: number,
  offlineAfterMs: number,
  presence?: Presence,
): boolean {
  if (presence) return presence.isOnline(h.name);
  return h.lastSeen !== null && now - h.lastSeen <= offlineAfterMs;
}
