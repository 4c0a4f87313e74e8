import { readFileSync } from 'node:fs';
import { open, readdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError } from '@seahawks/model';
import type { Labels } from '@seahawks/model';
import { openBlock } from './block/reader.js';
import type { BlockReader } from './block/types.js';
import type { EmbeddedLogger } from './options.js';
import { hashLabels, LabelSetMap } from './series-map.js';
import { syncDir } from './wal-files.js';

const BLOCK_RE = /^(\d{8})\.block$/;
/** How long a dropped block's file stays open for queries that were reading it (it is unlinked at once). */
const CLOSE_DELAY_MS = 60_000;

const TOMBSTONES_SUFFIX = '.tombstones';

/** True when `t` lies in one of the ranges `[minT, maxT, …]`. */
export function isDeleted(ranges: readonly number[], t: number): boolean {
  for (let i = 0; i < ranges.length; i += 2) if (t >= ranges[i]! && t <= ranges[i + 1]!) return true;
  return false;
}

/** `<block file>.tombstones`: the block's deleted ranges (docs/format/embedded-v4.md). */
function tombstonesPath(blockPath: string): string {
  return `${blockPath}${TOMBSTONES_SUFFIX}`;
}

/** Times beyond any sample's are stored as the largest safe integers (JSON has no infinities). */
function clampTime(t: number): number {
  return Math.max(-Number.MAX_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, t));
}

/** Reads a tombstones file; undefined when there is none; throws when it does not parse. */
function readTombstones(path: string): Map<number, number[]> | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const parsed = JSON.parse(text) as { version?: unknown; intervals?: unknown };
  if (parsed.version !== 1 || !Array.isArray(parsed.intervals)) {
    throw new Error(`cannot read ${path}: not a version 1 tombstones file`);
  }
  const map = new Map<number, number[]>();
  for (const entry of parsed.intervals as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 3 || !entry.every((x) => Number.isSafeInteger(x))) {
      throw new Error(`cannot read ${path}: bad interval ${JSON.stringify(entry)}`);
    }
    const [ref, minT, maxT] = entry as [number, number, number];
    map.set(ref, [...(map.get(ref) ?? []), minT, maxT]);
  }
  return map;
}

/** What loading the blocks found. */
export interface BlockLoad {
  readonly set: BlockSet;
  /** Blocks set aside as corrupt (renamed `*.corrupt`). */
  readonly corrupt: number;
  /** Blocks deleted because no checkpoint covers them yet, or a merge replaced them. */
  readonly discarded: number;
}

/**
 * The blocks of the store, oldest first, with the label-set hash of each series computed once.
 * Blocks are immutable; the set only gains (compaction, merges) and loses (retention, merges)
 * whole blocks. A dropped block's file is unlinked at once and closed a minute later, so a
 * query iterating over it meanwhile still reads it.
 */
export class BlockSet {
  private blocks: BlockReader[] = [];
  private readonly hashes = new Map<BlockReader, Int32Array>();
  /** Label sets shared by blocks, with how many blocks hold each. */
  private interned = new LabelSetMap<{ readonly labels: Labels; holders: number }>();
  private readonly lookups = new Map<
    BlockReader,
    LabelSetMap<{ readonly labels: Labels; readonly ref: number }>
  >();
  /** Deleted time ranges per block and series ref, `[minT, maxT, minT, maxT, …]` (ms). */
  private readonly tombstones = new Map<BlockReader, Map<number, number[]>>();
  private nextBlockId: number;
  /** Changes whenever blocks are added or dropped. */
  private version = 0;
  private distinct: { version: number; sets: LabelSetMap<{ readonly labels: Labels }> } | undefined;

  constructor(
    readonly dir: string,
    nextId: number,
  ) {
    this.nextBlockId = nextId;
  }

  /**
   * Opens every block in `dir`. A block that does not read is renamed `*.corrupt` with a
   * warning (its data is lost to queries, the store still opens). A block whose
   * `requiresCheckpoint` is above `newestCheckpoint` was cut from the head but the checkpoint
   * that would have dropped its data from the WAL was never written: the WAL still holds that
   * data, so the block is deleted. Blocks named in another block's `replaces` are deleted too.
   */
  static async load(dir: string, newestCheckpoint: number, logger: EmbeddedLogger): Promise<BlockLoad> {
    let maxId = 0;
    let corrupt = 0;
    let discarded = 0;
    const opened: BlockReader[] = [];
    const set = new BlockSet(dir, 1);
    const names = await readdir(dir);
    for (const name of names) {
      const id = /^(\d{8})\./.exec(name);
      if (id !== null) maxId = Math.max(maxId, Number(id[1]));
      if (name.endsWith('.tmp')) {
        await unlink(join(dir, name));
        continue;
      }
      if (!BLOCK_RE.test(name)) continue;
      const path = join(dir, name);
      try {
        opened.push(set.open(path));
      } catch (err) {
        corrupt++;
        logger.warn(`set aside block ${path} as ${name}.corrupt: ${describeError(err)}`);
        await rename(path, `${path}.corrupt`);
      }
    }
    const replaced = new Set<number>();
    for (const b of opened) for (const id of b.meta.replaces) replaced.add(id);
    set.nextBlockId = maxId + 1;
    for (const b of opened) {
      if (b.meta.requiresCheckpoint > newestCheckpoint || replaced.has(b.meta.id)) {
        discarded++;
        set.release(b);
        b.close();
        await unlink(b.path);
        continue;
      }
      try {
        const deleted = readTombstones(tombstonesPath(b.path));
        if (deleted !== undefined) set.tombstones.set(b, deleted);
        set.blocks.push(b);
      } catch (err) {
        // Deleted samples must not come back: a block whose deletions cannot be read is set aside.
        corrupt++;
        set.release(b);
        b.close();
        logger.warn(`set aside block ${b.path} as .corrupt: ${describeError(err)}`);
        await rename(b.path, `${b.path}.corrupt`);
      }
    }
    const live = new Set(set.blocks.map((b) => tombstonesPath(b.path)));
    for (const name of names) {
      const path = join(dir, name);
      if (name.endsWith(TOMBSTONES_SUFFIX) && !live.has(path)) await unlink(path);
    }
    set.sort();
    if (discarded > 0 || corrupt > 0) await syncDir(dir);
    return { set, corrupt, discarded };
  }

  /**
   * Opens a block file of this set, its label sets shared with the other blocks' (a series
   * lives in many blocks; one array each instead of one per block). Throws like `openBlock`.
   */
  open(path: string): BlockReader {
    return openBlock(path, { intern: (labels) => this.intern(labels) });
  }

  /** Every block, oldest first (by first timestamp, then id). */
  get all(): readonly BlockReader[] {
    return this.blocks;
  }

  /** Takes the id for the next block written. */
  takeId(): number {
    return this.nextBlockId++;
  }

  /** Bytes of all block files. */
  get bytes(): number {
    let n = 0;
    for (const b of this.blocks) n += b.sizeBytes;
    return n;
  }

  /** Blocks with data in `[minT, maxT]` (ms), oldest first. */
  overlapping(minT: number, maxT: number): BlockReader[] {
    return this.blocks.filter((b) => b.meta.minT <= maxT && b.meta.maxT >= minT);
  }

  /** The `hashLabels` of a block's series, computed at the first call. */
  hashOf(block: BlockReader, ref: number): number {
    let hashes = this.hashes.get(block);
    if (hashes === undefined) {
      hashes = new Int32Array(block.seriesCount).fill(-1);
      this.hashes.set(block, hashes);
    }
    let h = hashes[ref]!;
    if (h < 0) h = hashes[ref] = hashLabels(block.labels(ref));
    return h;
  }

  /**
   * The value stored at `t` (ms) for a label set in any block, deleted ranges left out;
   * undefined when none. Looks a block's series up by label set through a map built at the
   * first call for that block (late samples into compacted time are rare; most blocks never
   * build it).
   */
  valueAt(labels: Labels, hash: number, t: number): number | undefined {
    for (const b of this.blocks) {
      if (t < b.meta.minT || t > b.meta.maxT) continue;
      let byLabels = this.lookups.get(b);
      if (byLabels === undefined) {
        byLabels = new LabelSetMap<{ readonly labels: Labels; readonly ref: number }>();
        for (let ref = 0; ref < b.seriesCount; ref++)
          byLabels.add({ labels: b.labels(ref), ref }, this.hashOf(b, ref));
        this.lookups.set(b, byLabels);
      }
      const found = byLabels.get(labels, hash);
      if (found === undefined) continue;
      const deleted = this.deletedRanges(b, found.ref);
      if (deleted !== undefined && isDeleted(deleted, t)) continue;
      const at = b.range(found.ref, t, t);
      if (at.length > 0) return at[0]!.v;
    }
    return undefined;
  }

  /** Newest sample time over all blocks (ms), `-Infinity` without blocks. */
  get maxT(): number {
    let t = -Infinity;
    for (const b of this.blocks) t = Math.max(t, b.meta.maxT);
    return t;
  }

  /** Deleted ranges of a block's series (`[minT, maxT, …]`), if any. */
  deletedRanges(block: BlockReader, ref: number): readonly number[] | undefined {
    return this.tombstones.get(block)?.get(ref);
  }

  /** Every deleted range of the block by series ref, if it has any. */
  deletions(block: BlockReader): ReadonlyMap<number, readonly number[]> | undefined {
    return this.tombstones.get(block);
  }

  /** True when some series of the block has deleted ranges. */
  hasDeletions(block: BlockReader): boolean {
    return this.tombstones.has(block);
  }

  /**
   * Records deleted ranges of a block's series and makes them durable (the block's tombstones
   * file is rewritten whole: a temporary file, fsync, rename, directory fsync).
   */
  async addDeletions(
    block: BlockReader,
    entries: ReadonlyArray<readonly [number, number, number]>,
  ): Promise<void> {
    if (entries.length === 0) return;
    const map = new Map(this.tombstones.get(block) ?? []);
    for (const [ref, minT, maxT] of entries) map.set(ref, [...(map.get(ref) ?? []), minT, maxT]);
    const path = tombstonesPath(block.path);
    const intervals: number[][] = [];
    for (const [ref, ranges] of map) {
      for (let i = 0; i < ranges.length; i += 2)
        intervals.push([ref, clampTime(ranges[i]!), clampTime(ranges[i + 1]!)]);
    }
    const handle = await open(`${path}.tmp`, 'w');
    try {
      await handle.writeFile(JSON.stringify({ version: 1, intervals }));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(`${path}.tmp`, path);
    await syncDir(this.dir);
    this.tombstones.set(block, map);
  }

  /** The distinct label sets of all blocks (recomputed only after blocks change). */
  labelSets(): LabelSetMap<{ readonly labels: Labels }> {
    if (this.distinct?.version !== this.version) {
      const sets = new LabelSetMap<{ readonly labels: Labels }>();
      for (const b of this.blocks) {
        for (let ref = 0; ref < b.seriesCount; ref++) {
          const labels = b.labels(ref);
          const hash = this.hashOf(b, ref);
          if (sets.get(labels, hash) === undefined) sets.add({ labels }, hash);
        }
      }
      this.distinct = { version: this.version, sets };
    }
    return this.distinct.sets;
  }

  add(block: BlockReader): void {
    this.version++;
    this.blocks.push(block);
    this.sort();
  }

  /** Removes blocks from the set and deletes their files (closed a little later). */
  async drop(blocks: readonly BlockReader[]): Promise<void> {
    const gone = new Set(blocks);
    this.version++;
    this.blocks = this.blocks.filter((b) => !gone.has(b));
    for (const b of blocks) {
      this.release(b);
      this.hashes.delete(b);
      this.lookups.delete(b);
      if (this.tombstones.delete(b)) await unlink(tombstonesPath(b.path));
      await unlink(b.path);
      setTimeout(() => b.close(), CLOSE_DELAY_MS).unref();
    }
    if (blocks.length > 0) await syncDir(this.dir);
  }

  /** Closes every block (the store is closing). */
  close(): void {
    for (const b of this.blocks) b.close();
    this.interned = new LabelSetMap();
    this.blocks = [];
    this.hashes.clear();
    this.lookups.clear();
    this.tombstones.clear();
  }

  private intern(labels: Labels): Labels {
    const hash = hashLabels(labels);
    const known = this.interned.get(labels, hash);
    if (known !== undefined) {
      known.holders++;
      return known.labels;
    }
    this.interned.add({ labels, holders: 1 }, hash);
    return labels;
  }

  /** Lets go of a block's label sets (it is being dropped). */
  private release(block: BlockReader): void {
    for (let ref = 0; ref < block.seriesCount; ref++) {
      const labels = block.labels(ref);
      const hash = this.hashes.get(block)?.[ref] ?? hashLabels(labels);
      const known = this.interned.get(labels, hash >= 0 ? hash : hashLabels(labels));
      if (known !== undefined && --known.holders === 0) this.interned.delete(known);
    }
  }

  private sort(): void {
    this.blocks.sort((a, b) => a.meta.minT - b.meta.minT || a.meta.id - b.meta.id);
  }
}
