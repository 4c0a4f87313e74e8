import { open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Labels } from '@seahawks/model';
import { encodeRun } from './chunk-policy.js';
import type { EncodedChunk } from './chunk-policy.js';
import { ChunkKind, ChunksRecordWriter } from './chunk-records.js';
import type { ChunkedSamples, FrozenSamples } from './chunked-samples.js';
import type { Head } from './head.js';
import { snapshotChunk } from './sealed-chunks.js';
import { encodeCheckpointMeta, encodeSeriesRecord, FORMAT_VERSION } from './records.js';
import { checkpointName, listWal, segmentName, syncDir, writeAll } from './wal-files.js';

/** One series frozen for a checkpoint: sealed chunks shared, the rest copied. */
interface FrozenSeries {
  readonly id: number;
  readonly labels: Labels;
  readonly owner: ChunkedSamples;
  readonly frozen: FrozenSamples;
}

/** A consistent view of the head at one instant; `releaseSnapshot` it once written. */
export interface HeadSnapshot {
  readonly nextId: number;
  readonly series: readonly FrozenSeries[];
}

/**
 * Freezes the head synchronously, so the snapshot holds exactly the records logged before the
 * WAL cut requested in the same tick. Sealed chunk bytes are shared, not copied (the head
 * copies on write while a snapshot holds them); only open chunks and raw out-of-order samples
 * are copied, a few hundred bytes per series.
 */
export function snapshotHead(head: Head): HeadSnapshot {
  const series: FrozenSeries[] = [];
  for (const s of head.all()) {
    if (s.samples.length > 0) {
      series.push({ id: s.id, labels: s.labels, owner: s.samples, frozen: s.samples.snapshot() });
    }
  }
  return { nextId: head.nextId, series };
}

/** Lets the head change its sealed chunks in place again. */
export function releaseSnapshot(snap: HeadSnapshot): void {
  for (const s of snap.series) s.owner.release(s.frozen);
}

/** Series per group written at once: bounds the memory of encoding, and yields between writes. */
const SERIES_PER_WRITE = 1000;

/**
 * Writes `checkpoint.<lastSegment>` holding the snapshot, atomically (a temporary file, synced,
 * then renamed), then deletes the WAL segments `<= lastSegment` and older checkpoints, which
 * it replaces. Returns the checkpoint's size in bytes.
 */
export async function writeCheckpoint(
  walDir: string,
  lastSegment: number,
  snap: HeadSnapshot,
): Promise<number> {
  const final = join(walDir, checkpointName(lastSegment));
  const tmp = `${final}.tmp`;
  const handle = await open(tmp, 'w');
  let bytes = 0;
  try {
    const meta = encodeCheckpointMeta({ version: FORMAT_VERSION, nextId: snap.nextId, lastSegment });
    await writeAll(handle, meta);
    bytes += meta.length;
    for (let i = 0; i < snap.series.length; i += SERIES_PER_WRITE) {
      const group = Buffer.concat(encodeGroup(snap.series.slice(i, i + SERIES_PER_WRITE)));
      await writeAll(handle, group);
      bytes += group.length;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, final);
  await syncDir(walDir);
  await removeCovered(walDir, lastSegment);
  return bytes;
}

/**
 * A series record for the group, then chunks records: sealed chunks copied byte for byte, then
 * each series' open chunk and its out-of-order samples (encoded here, off the append path).
 */
function encodeGroup(series: readonly FrozenSeries[]): Buffer[] {
  const w = new ChunksRecordWriter();
  for (const { id, frozen } of series) {
    for (let i = 0; i < frozen.sealed.count; i++)
      w.add(id, ChunkKind.sealed, snapshotChunk(frozen.sealed, i));
    if (frozen.open !== undefined) w.add(id, ChunkKind.head, frozen.open);
    const ooo = frozen.outOfOrder;
    if (ooo !== undefined && ooo.ts.length > 0) {
      const chunks: EncodedChunk[] = [];
      encodeRun(
        ooo.ts,
        new Uint32Array(ooo.vs.buffer, ooo.vs.byteOffset, ooo.vs.length * 2),
        0,
        ooo.ts.length,
        chunks,
      );
      for (const c of chunks) w.add(id, ChunkKind.head, c);
    }
  }
  return [encodeSeriesRecord(series), ...w.finish()];
}

async function removeCovered(walDir: string, lastSegment: number): Promise<void> {
  const listing = await listWal(walDir);
  const names = [
    ...listing.segments.filter((n) => n <= lastSegment).map(segmentName),
    ...listing.checkpoints.filter((n) => n < lastSegment).map(checkpointName),
  ];
  for (const name of names) await unlink(join(walDir, name));
  await syncDir(walDir);
}
