import { open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Labels } from '@seahawks/model';
import type { Head } from './head.js';
import { encodeCheckpointMeta, encodeSeriesRecord, FORMAT_VERSION, SamplesRecordWriter } from './records.js';
import { checkpointName, listWal, segmentName, syncDir, writeAll } from './wal-files.js';

/** One series frozen for a checkpoint: copies, so appends may go on while it is written. */
interface FrozenSeries {
  readonly id: number;
  readonly labels: Labels;
  readonly ts: Float64Array;
  readonly vs: Float64Array;
}

/** A consistent copy of the head at one instant. */
export interface HeadSnapshot {
  readonly nextId: number;
  readonly series: readonly FrozenSeries[];
}

/**
 * Copies the head synchronously (two memcpy per series), so the snapshot holds exactly the
 * records logged before the WAL cut that is requested in the same tick.
 */
export function snapshotHead(head: Head): HeadSnapshot {
  const series: FrozenSeries[] = [];
  for (const s of head.all()) {
    if (s.samples.length > 0) series.push({ id: s.id, labels: s.labels, ...s.samples.snapshot() });
  }
  return { nextId: head.nextId, series };
}

/** Series per chunk written at once: bounds the memory of encoding, and yields between writes. */
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
      const chunk = encodeChunk(snap.series.slice(i, i + SERIES_PER_WRITE));
      await writeAll(handle, chunk);
      bytes += chunk.length;
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

function encodeChunk(series: readonly FrozenSeries[]): Buffer {
  let count = 0;
  for (const s of series) count += s.ts.length;
  const samples = new SamplesRecordWriter(count);
  for (const s of series) {
    for (let i = 0; i < s.ts.length; i++) samples.add(s.id, s.ts[i]!, s.vs[i]!);
  }
  return Buffer.concat([encodeSeriesRecord(series), ...samples.finish()]);
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
