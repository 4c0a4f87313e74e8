import { rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { packGroup } from './checkpoint-group.js';
import type { CheckpointSink } from './checkpoint-sink.js';
import type { Head, MemSeries } from './head.js';
import { encodeCheckpointMeta, FORMAT_VERSION } from './records.js';
import { checkpointName, listWal, segmentName, syncDir } from './wal-files.js';

/** Series per group packed at once: bounds the memory in flight and the main thread's share. */
const SERIES_PER_GROUP = 1000;
/** Groups handed to the sink before waiting for the oldest: packing overlaps encoding. */
const GROUPS_IN_FLIGHT = 2;

/**
 * Writes `checkpoint.<lastSegment>` from the head, atomically (a temporary file, synced, then
 * renamed), then deletes the WAL segments `<= lastSegment` and older checkpoints. Returns its
 * size in bytes.
 *
 * The checkpoint is *fuzzy*: the WAL was cut at `lastSegment` before this is called, and series
 * are copied group by group while appends go on, so it holds at least everything logged up to
 * the cut, plus some later samples. Replaying the segments after the cut on top of it adds those
 * again as identical duplicates, which the head ignores: the result is the same head. The main
 * thread only copies chunk bytes (`packGroup`); `sink` encodes and writes (a worker thread).
 */
export async function writeCheckpoint(
  walDir: string,
  lastSegment: number,
  head: Head,
  sink: CheckpointSink,
): Promise<number> {
  const final = join(walDir, checkpointName(lastSegment));
  const tmp = `${final}.tmp`;
  const header = encodeCheckpointMeta({ version: FORMAT_VERSION, nextId: head.nextId, lastSegment });
  // Series created from here on are in the segments after the cut; the list is only references.
  const all: MemSeries[] = [...head.all()];
  const older = (await listWal(walDir)).checkpoints.filter((n) => n < lastSegment);
  const previous = older.length === 0 ? undefined : join(walDir, checkpointName(older[older.length - 1]!));
  let bytes = await sink.send({ type: 'open', path: tmp, header, previous });
  const inFlight: Promise<number>[] = [];
  for (let i = 0; i < all.length; i += SERIES_PER_GROUP) {
    // Retention may have emptied a series since the list was taken: it has nothing to keep.
    const members = all.slice(i, i + SERIES_PER_GROUP).filter((s) => s.samples.length > 0);
    if (members.length > 0) inFlight.push(sink.send({ type: 'group', group: packGroup(members) }));
    if (inFlight.length >= GROUPS_IN_FLIGHT) bytes += await inFlight.shift()!;
    // Let appends and queries in between groups, whatever the sink.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  for (const p of inFlight.splice(0)) bytes += await p;
  await sink.send({ type: 'finish' });
  await rename(tmp, final);
  await syncDir(walDir);
  await removeCovered(walDir, lastSegment);
  return bytes;
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
