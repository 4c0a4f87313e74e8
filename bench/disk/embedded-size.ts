// The embedded engine's side of the disk benchmark: the data appended through the storage
// interface, sealed by a checkpoint and (once the engine has them) cut into blocks, and the
// directory sized, with the checkpoint's bytes split into what they hold.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeChunksRecord } from '../../apps/nester/src/tsdb/embedded/chunk-records.js';
import { openEmbeddedStorage } from '../../apps/nester/src/tsdb/embedded/index.js';
import { FRAME_HEADER_BYTES, RecordType, scanFrames } from '../../apps/nester/src/tsdb/embedded/records.js';
import type { Dataset } from './datasets.js';

export interface EmbeddedSizes {
  /** Every file of the directory once sealed (blocks, checkpoint, empty WAL segment, marker). */
  readonly total: number;
  /** Block files (chunks at rest, their index): everything, once the engine cuts blocks. */
  readonly blocks: number;
  /** Chunk bytes (XOR streams with their 2-byte headers). */
  readonly chunkData: number;
  /** Per-chunk entry headers (kind, span, length) and per-series entry headers. */
  readonly chunkEntries: number;
  /** Series records: ids and label sets. */
  readonly series: number;
  /** Record frames (type, length, checksum) and the checkpoint header. */
  readonly framing: number;
  readonly chunks: number;
}

async function dirSize(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? await dirSize(p) : (await stat(p)).size;
  }
  return total;
}

/**
 * Appends `data` to a fresh store in `dir`, checkpoints, cuts every sample into blocks when the
 * engine has them, closes, and sizes what is on disk.
 */
export async function embeddedSizes(data: Dataset, dir: string, nowMs: number): Promise<EmbeddedSizes> {
  const storage = await openEmbeddedStorage({
    dir,
    clock: () => nowMs,
    retentionMs: 365 * 86_400_000,
    checkpointIntervalMs: 86_400_000,
    logger: { warn: (m) => console.warn(m), info: () => undefined },
  });
  try {
    for (const batch of data.batches()) {
      const r = await storage.appender.append(batch);
      const rejected = Object.values(r.rejected).reduce((a, b) => a + b, 0);
      if (rejected > 0)
        throw new Error(`cannot load ${data.name}: ${rejected} samples rejected: ${r.firstError}`);
    }
    await storage.checkpoint();
    // Once the engine cuts time blocks, "sealed" means in blocks: cut everything the head holds.
    const blocks = storage as unknown as { compact?: (opts: { all: boolean }) => Promise<void> };
    if (typeof blocks.compact === 'function') await blocks.compact({ all: true });
  } finally {
    await storage.close();
  }
  return {
    total: await dirSize(dir),
    blocks: (await readdir(dir)).includes('blocks') ? await dirSize(join(dir, 'blocks')) : 0,
    ...(await checkpointParts(join(dir, 'wal'))),
  };
}

async function checkpointParts(walDir: string): Promise<Omit<EmbeddedSizes, 'total' | 'blocks'>> {
  const name = (await readdir(walDir)).find((n) => n.startsWith('checkpoint.') && !n.endsWith('.tmp'));
  if (name === undefined) throw new Error(`cannot size the checkpoint: none in ${walDir}`);
  const parts = { chunkData: 0, chunkEntries: 0, series: 0, framing: 0, chunks: 0 };
  scanFrames(await readFile(join(walDir, name)), (type, payload) => {
    parts.framing += FRAME_HEADER_BYTES;
    if (type === RecordType.series) parts.series += payload.length;
    else if (type === RecordType.chunks) {
      let data = 0;
      decodeChunksRecord(payload, (_id, _kind, chunk) => {
        data += chunk.bytes.length;
        parts.chunks++;
      });
      parts.chunkData += data;
      parts.chunkEntries += payload.length - data;
    } else parts.framing += payload.length;
  });
  return parts;
}
