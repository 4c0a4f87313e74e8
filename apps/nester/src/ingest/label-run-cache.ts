import type { LabelRunLookup } from '@seahawks/protocol';

/**
 * Bounds of one cache: a fleet of 1,000 node_exporters has ~900,000 label sets of ~100 bytes. Past
 * either bound the cache starts over (a new epoch), which costs one decoding of each label set.
 */
export interface LabelRunCacheLimits {
  readonly maxEntries: number;
  readonly maxBytes: number;
}

export const DEFAULT_CACHE_LIMITS: LabelRunCacheLimits = { maxEntries: 4_000_000, maxBytes: 384 * 2 ** 20 };

/** One writer's view of the cache (a harvester's series get its instance, so they differ by writer). */
export interface WriterRuns extends LabelRunLookup {
  /** Starts a request: `find` is then called for its series in order. */
  begin(): void;
  /** Remembers `buf[start, end)` (a run that decoded and validated); returns its ref and whether it is new. */
  add(buf: Uint8Array, start: number, end: number): { ref: number; isNew: boolean };
  /** Records the order of a request's series (refs, -1 for none), to predict the next request's. */
  learnOrder(refs: Int32Array): void;
}

/**
 * The remote_write label runs a decoder thread has seen, by writer, each with a small integer ref
 * that the main thread maps to its interned series handle. Keys are the raw bytes, kept in one
 * arena; a 32-bit hash finds candidates and a byte comparison decides, so two different label
 * sets never share a ref. `epoch` changes whenever refs start over.
 */
export class LabelRunCache {
  epoch = 0;
  private nextRef = 0;
  private arena = new Uint8Array(1 << 20);
  private used = 0;
  private starts = new Uint32Array(1 << 14);
  private lengths = new Uint32Array(1 << 14);
  /** The ref that followed each ref last time (-1: none); a sender's series come in the same order. */
  private follow = new Int32Array(1 << 14).fill(-1);
  private readonly writers = new Map<string, WriterTable>();
  /** Label strings by id, so each is sent to the main thread once (and shared there). */
  private readonly strings = new Map<string, number>();
  private stringBytes = 0;
  private newStrings: string[] = [];

  constructor(private readonly limits: LabelRunCacheLimits = DEFAULT_CACHE_LIMITS) {}

  get entries(): number {
    return this.nextRef;
  }

  /** Starts over when a bound is passed; call between requests, never during one. */
  trim(): void {
    if (
      this.nextRef < this.limits.maxEntries &&
      this.strings.size < this.limits.maxEntries &&
      this.used + this.stringBytes < this.limits.maxBytes
    )
      return;
    this.writers.clear();
    this.strings.clear();
    this.stringBytes = 0;
    this.newStrings = [];
    this.follow = new Int32Array(1 << 14).fill(-1);
    this.nextRef = 0;
    this.used = 0;
    this.arena = new Uint8Array(1 << 20);
    this.starts = new Uint32Array(1 << 14);
    this.lengths = new Uint32Array(1 << 14);
    this.epoch++;
  }

  /** The runs of one writer: `key` is '' for users and anything distinct per harvester identity. */
  forWriter(key: string): WriterRuns {
    let table = this.writers.get(key);
    if (table === undefined) {
      table = new WriterTable(this);
      this.writers.set(key, table);
    }
    return table;
  }

  /** The id of a label string; new ones are also queued for `takeNewStrings`. */
  stringId(s: string): number {
    let id = this.strings.get(s);
    if (id === undefined) {
      id = this.strings.size;
      this.strings.set(s, id);
      this.newStrings.push(s);
      this.stringBytes += 2 * s.length + 32;
    }
    return id;
  }

  /** Strings given ids since the last call, in id order: the main thread appends them to its table. */
  takeNewStrings(): string[] {
    const out = this.newStrings;
    this.newStrings = [];
    return out;
  }

  /** @internal */
  predicted(prev: number): number {
    return prev < 0 ? -1 : this.follow[prev]!;
  }

  /** @internal */
  learnOrder(refs: Int32Array): void {
    let prev = -1;
    for (let i = 0; i < refs.length; i++) {
      const ref = refs[i]!;
      if (prev >= 0 && ref >= 0) this.follow[prev] = ref;
      prev = ref;
    }
  }

  /** @internal */
  same(ref: number, buf: Uint8Array, start: number, end: number): boolean {
    const len = end - start;
    if (this.lengths[ref] !== len) return false;
    const arena = this.arena;
    const at = this.starts[ref]!;
    for (let i = 0; i < len; i++) if (arena[at + i] !== buf[start + i]) return false;
    return true;
  }

  /** @internal */
  store(buf: Uint8Array, start: number, end: number): number {
    const len = end - start;
    if (this.used + len > this.arena.length) {
      const grown = new Uint8Array(Math.max(this.arena.length * 2, this.used + len));
      grown.set(this.arena.subarray(0, this.used));
      this.arena = grown;
    }
    const ref = this.nextRef++;
    if (ref === this.starts.length) {
      const starts = new Uint32Array(ref * 2);
      starts.set(this.starts);
      const lengths = new Uint32Array(ref * 2);
      lengths.set(this.lengths);
      const follow = new Int32Array(ref * 2).fill(-1);
      follow.set(this.follow);
      this.starts = starts;
      this.lengths = lengths;
      this.follow = follow;
    }
    this.arena.set(buf.subarray(start, end), this.used);
    this.starts[ref] = this.used;
    this.lengths[ref] = len;
    this.used += len;
    return ref;
  }
}

/** FNV-1a over the bytes, folded to 30 bits so V8 keeps it a small integer map key. */
function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  return (h ^ (h >>> 15)) & 0x3fffffff;
}

class WriterTable implements WriterRuns {
  private readonly byHash = new Map<number, number | number[]>();
  /** The ref `find` returned last in this request, -1 if none. */
  private last = -1;

  constructor(private readonly cache: LabelRunCache) {}

  begin(): void {
    this.last = -1;
  }

  find(buf: Uint8Array, start: number, end: number): number {
    // Most series follow the one they followed in the sender's previous request: one comparison
    // of bytes, no hash.
    const guess = this.cache.predicted(this.last);
    const ref =
      guess >= 0 && this.cache.same(guess, buf, start, end)
        ? guess
        : this.findHashed(hashBytes(buf, start, end), buf, start, end);
    this.last = ref;
    return ref;
  }

  learnOrder(refs: Int32Array): void {
    this.cache.learnOrder(refs);
  }

  add(buf: Uint8Array, start: number, end: number): { ref: number; isNew: boolean } {
    const hash = hashBytes(buf, start, end);
    // The same label set twice in one request: the first occurrence added it already.
    const known = this.findHashed(hash, buf, start, end);
    if (known >= 0) return { ref: known, isNew: false };
    const ref = this.cache.store(buf, start, end);
    const slot = this.byHash.get(hash);
    if (slot === undefined) this.byHash.set(hash, ref);
    else if (typeof slot === 'number') this.byHash.set(hash, [slot, ref]);
    else slot.push(ref);
    return { ref, isNew: true };
  }

  private findHashed(hash: number, buf: Uint8Array, start: number, end: number): number {
    const slot = this.byHash.get(hash);
    if (slot === undefined) return -1;
    if (typeof slot === 'number') return this.cache.same(slot, buf, start, end) ? slot : -1;
    for (const ref of slot) if (this.cache.same(ref, buf, start, end)) return ref;
    return -1;
  }
}
