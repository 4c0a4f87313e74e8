import { closeSync, openSync, readSync } from 'node:fs';
import type { EncodedChunk } from './chunk-policy.js';
import { CorruptChunkError } from '../chunkenc/errors.js';
import { ChunkKind, decodeChunksRecord } from './chunk-records.js';
import { crc32Update } from './crc32.js';
import { decodeCheckpointMeta, FRAME_HEADER_BYTES, MAX_PAYLOAD_BYTES, RecordType } from './records.js';

/** A sealed chunk's identity: its samples are fixed by series, time range and count (below). */
function keyOf(id: number, chunk: EncodedChunk): string {
  return `${id}:${chunk.minT}:${chunk.maxT}:${chunk.count}`;
}

/**
 * The previous checkpoint's sealed chunks, read along as the next checkpoint is written, so a
 * chunk already stored densely is not encoded again (the dense encoding costs ~0.3 µs a sample;
 * looking a chunk up, nothing per sample). Sound because a series' samples between two times
 * only ever grow (values at a timestamp never change, retention drops whole chunks, ids are never
 * reused): a sealed chunk with the same series, first and last timestamp and count holds the same
 * samples. Both checkpoints list series in increasing id order, so one forward pass suffices.
 * Anything unreadable just ends the reuse: it is an optimisation, never a source of data.
 */
export class PreviousCheckpoint {
  private fd: number | undefined;
  /** Dense bytes of a sealed chunk, or null when it was stored in XOR (not worth trying again). */
  private readonly known = new Map<string, Uint8Array | null>();
  private lastId = 0;
  /**
   * Whether an XOR chunk there means "tried, not smaller densely": only from format 3 on;
   * format 2 wrote every chunk in XOR, and those are tried again.
   */
  private xorMeansTried = false;
  private readonly header = Buffer.alloc(FRAME_HEADER_BYTES);

  constructor(path: string | undefined) {
    if (path === undefined) return;
    try {
      this.fd = openSync(path, 'r');
    } catch (err) {
      // Gone meanwhile (a crash between checkpoints leaves none): every chunk is encoded afresh.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }

  /**
   * What the previous checkpoint stored for this sealed chunk: dense bytes, null (kept in XOR),
   * or undefined (unknown). Calls must come in increasing series id order.
   */
  lookUp(id: number, chunk: EncodedChunk): Uint8Array | null | undefined {
    while (this.fd !== undefined && this.lastId <= id) this.readRecord();
    return this.known.get(keyOf(id, chunk));
  }

  /** Forgets what was read for series below `id` (their group is written). */
  forgetBelow(id: number): void {
    for (const key of this.known.keys()) {
      if (Number(key.slice(0, key.indexOf(':'))) < id) this.known.delete(key);
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** Reads the next record; stops the reuse at the end of the file or at anything wrong. */
  private readRecord(): void {
    const fd = this.fd!;
    if (readSync(fd, this.header, 0, FRAME_HEADER_BYTES, null) !== FRAME_HEADER_BYTES) return this.close();
    const type = this.header[0]!;
    const len = this.header.readUInt32LE(1);
    if (len > MAX_PAYLOAD_BYTES) return this.close();
    const payload = Buffer.allocUnsafe(len);
    if (len > 0 && readSync(fd, payload, 0, len, null) !== len) return this.close();
    const crc = crc32Update(crc32Update(0, this.header, 0, 1), payload);
    if (crc !== this.header.readUInt32LE(5)) return this.close();
    try {
      if (type === RecordType.checkpointMeta) this.xorMeansTried = decodeCheckpointMeta(payload).version >= 3;
      if (type !== RecordType.chunks) return;
      decodeChunksRecord(payload, (id, kind, chunk) => {
        this.lastId = id;
        if (kind === ChunkKind.sealedDense) this.known.set(keyOf(id, chunk), chunk.bytes);
        else if (kind === ChunkKind.sealed && this.xorMeansTried) this.known.set(keyOf(id, chunk), null);
      });
    } catch (err) {
      if (!(err instanceof RangeError || err instanceof CorruptChunkError)) throw err;
      this.close();
    }
  }
}
