import type { BlockSet } from './block-set.js';
import type { BlockReader } from './block/types.js';
import type { CheckpointMarks, EngineCounters } from './engine-counters.js';
import { walBytesSinceCheckpoint } from './engine-counters.js';
import type { Head } from './head.js';
import type { ResolvedOptions } from './options.js';
import { DEFAULT_BYTES_PER_SAMPLE, dropForSize } from './size-retention.js';
import type { Wal } from './wal.js';

/** Retention by age and by size over the head and the blocks, and the floor it leaves. */
export class Retention {
  /** Oldest time size retention still keeps (ms): older appends are too old. */
  floor = -Infinity;

  constructor(
    private readonly opts: ResolvedOptions,
    private readonly head: Head,
    private readonly blocks: BlockSet,
    private readonly wal: Wal,
    private readonly marks: CheckpointMarks,
    private readonly counts: EngineCounters,
  ) {}

  /**
   * Drops samples older than `clock() - retentionMs` from the head (and series left empty) and
   * blocks wholly older; with a size limit, the oldest blocks while blocks, WAL and checkpoint
   * exceed it (without blocks yet, the head's oldest 2 h ranges).
   */
  async apply(): Promise<void> {
    const cutoff = this.opts.clock() - this.opts.retentionMs;
    const dropped = this.head.dropBefore(cutoff);
    this.counts.droppedSamples += dropped.samples;
    this.counts.droppedSeries += dropped.series;
    const expired = this.blocks.all.filter((b) => b.meta.maxT < cutoff);
    const bySize = this.blocksOverSize();
    const gone = [...new Set([...expired, ...bySize])];
    if (gone.length === 0) {
      this.applyToHead();
      return;
    }
    for (const b of gone) this.counts.droppedSamples += b.meta.samples;
    this.raiseFloor(Math.max(...bySize.map((b) => b.meta.maxT + 1), -Infinity));
    // Out of the set at once (queries stop seeing them); the files go after.
    const dropping = this.blocks.drop(gone);
    this.applyToHead();
    await dropping;
  }

  /** Without blocks, retention by size drops the head's oldest 2 h ranges (the v3 rule). */
  private applyToHead(): void {
    if (this.opts.retentionBytes <= 0 || this.blocks.all.length > 0) return;
    const perSample =
      this.marks.samplesAtCheckpoint > 0
        ? this.marks.lastCheckpointBytes / this.marks.samplesAtCheckpoint
        : DEFAULT_BYTES_PER_SAMPLE;
    const bySize = dropForSize(this.head, this.opts.retentionBytes, perSample);
    this.counts.droppedSamples += bySize.samples;
    this.counts.droppedSeries += bySize.series;
    if (bySize.cutoff !== undefined) this.raiseFloor(bySize.cutoff);
  }

  private raiseFloor(t: number): void {
    if (t > this.floor) this.floor = t;
  }

  /**
   * With a size limit: the oldest blocks to drop so that blocks, WAL and checkpoint fit (the
   * newest block always stays; the head's own share is what it is).
   */
  private blocksOverSize(): BlockReader[] {
    const limit = this.opts.retentionBytes;
    if (limit <= 0) return [];
    const wal = walBytesSinceCheckpoint(this.wal.loggedBytes, this.marks);
    let total = this.blocks.bytes + wal + this.marks.lastCheckpointBytes;
    const out: BlockReader[] = [];
    const all = this.blocks.all;
    for (let i = 0; i < all.length - 1 && total > limit; i++) {
      out.push(all[i]!);
      total -= all[i]!.sizeBytes;
    }
    return out;
  }
}
