import { BitReader } from '../chunkenc/bit-reader.js';
import { CHUNK_HEADER_BYTES } from '../chunkenc/xor-format.js';
import { readVarint } from '../chunkenc/varint.js';
import type { EncodedChunk } from './chunk-policy.js';
import { FRAME_HEADER_BYTES, RecordType, sealFrame } from './records.js';

/**
 * A chunk in a checkpoint is `sealed` (loaded as it is) or `head`: the open chunk or raw
 * out-of-order samples encoded for the checkpoint, whose samples are added again on load.
 * `sealed` and `head` hold XOR chunks (xor-chunk.md); `sealedDense` and `headDense` (format 3)
 * the same roles in the dense encoding (dense-chunk.md), converted back to XOR on load.
 */
export const ChunkKind = { sealed: 1, head: 2, sealedDense: 3, headDense: 4 } as const;
export type ChunkKind = (typeof ChunkKind)[keyof typeof ChunkKind];

/** Whether a chunk of this kind is in the dense encoding. */
export function isDense(kind: ChunkKind): boolean {
  return kind === ChunkKind.sealedDense || kind === ChunkKind.headDense;
}

/** Whether a chunk of this kind is a sealed one (taken whole on load when it fits). */
export function isSealed(kind: ChunkKind): boolean {
  return kind === ChunkKind.sealed || kind === ChunkKind.sealedDense;
}

/** Payload size at which a chunks record is closed (a chunk is never split). */
const TARGET_PAYLOAD_BYTES = 4 * 1024 * 1024;

interface Entry {
  readonly id: number;
  readonly kinds: ChunkKind[];
  readonly chunks: EncodedChunk[];
}

function uvarintSize(x: number): number {
  let n = 1;
  while (x >= 128) {
    x = Math.floor(x / 128);
    n++;
  }
  return n;
}

function writeUvarint(buf: Buffer, x: number, o: number): number {
  while (x >= 128) {
    buf[o++] = (x % 128) | 128;
    x = Math.floor(x / 128);
  }
  buf[o++] = x;
  return o;
}

function chunkSize(c: EncodedChunk): number {
  return 1 + uvarintSize(c.maxT - c.minT) + uvarintSize(c.bytes.length) + c.bytes.length;
}

/**
 * Builds framed chunks records (type 4, docs/format/embedded-v3.md) of about 4 MiB at most.
 * Per entry: `series id u32, n uvarint`, then n chunks `kind u8, maxT - minT uvarint,
 * length uvarint, bytes`. A series' chunks may continue in a later entry or record, in order.
 */
export class ChunksRecordWriter {
  private readonly frames: Buffer[] = [];
  private entries: Entry[] = [];
  private size = 0;

  add(id: number, kind: ChunkKind, chunk: EncodedChunk): void {
    const bytes = chunkSize(chunk);
    if (this.size > 0 && this.size + bytes > TARGET_PAYLOAD_BYTES) this.flush();
    let entry = this.entries.at(-1);
    if (entry === undefined || entry.id !== id) {
      entry = { id, kinds: [], chunks: [] };
      this.entries.push(entry);
      this.size += 4 + 5;
    }
    entry.kinds.push(kind);
    entry.chunks.push(chunk);
    this.size += bytes;
  }

  /** The framed records, in order; empty when nothing was added. */
  finish(): Buffer[] {
    this.flush();
    return this.frames;
  }

  private flush(): void {
    if (this.entries.length === 0) return;
    let size = FRAME_HEADER_BYTES;
    for (const e of this.entries) {
      size += 4 + uvarintSize(e.chunks.length);
      for (const c of e.chunks) size += chunkSize(c);
    }
    const frame = Buffer.allocUnsafe(size);
    let o = FRAME_HEADER_BYTES;
    for (const e of this.entries) {
      o = frame.writeUInt32LE(e.id, o);
      o = writeUvarint(frame, e.chunks.length, o);
      for (const [k, c] of e.chunks.entries()) {
        frame[o++] = e.kinds[k]!;
        o = writeUvarint(frame, c.maxT - c.minT, o);
        o = writeUvarint(frame, c.bytes.length, o);
        frame.set(c.bytes, o);
        o += c.bytes.length;
      }
    }
    this.frames.push(sealFrame(frame, RecordType.chunks));
    this.entries = [];
    this.size = 0;
  }
}

/** Reads a uvarint at `o`; returns [value, next offset]. Throws RangeError past the end. */
function readUvarint(buf: Buffer, o: number): [number, number] {
  let x = 0;
  let scale = 1;
  for (let i = 0; i < 8; i++) {
    if (o >= buf.length) throw new RangeError(`varint overruns record at byte ${o}`);
    const b = buf[o++]!;
    x += (b & 0x7f) * scale;
    if (b < 128) {
      if (x > Number.MAX_SAFE_INTEGER) break;
      return [x, o];
    }
    scale *= 128;
  }
  throw new RangeError(`varint at byte ${o} exceeds 2^53 - 1`);
}

/** A chunk's sample count and first timestamp, from its own bytes (both encodings start so). */
function chunkStart(bytes: Uint8Array, dense: boolean): { count: number; minT: number } {
  // XOR: the first sample alone takes a varint and 64 bits; dense: a varint, 17 bits, a varint.
  if (bytes.length < CHUNK_HEADER_BYTES + (dense ? 5 : 9))
    throw new RangeError(`chunk of ${bytes.length} bytes is too short`);
  const count = bytes[0]! | (bytes[1]! << 8);
  if (count === 0) throw new RangeError('chunk holds no samples');
  return { count, minT: readVarint(new BitReader(bytes, CHUNK_HEADER_BYTES)) };
}

/**
 * Decodes a chunks payload, calling `onChunk` per chunk in order; chunk bytes are views of
 * `payload`. Throws RangeError (or CorruptChunkError) when it does not parse to its end.
 */
export function decodeChunksRecord(
  payload: Buffer,
  onChunk: (id: number, kind: ChunkKind, chunk: EncodedChunk) => void,
): void {
  let o = 0;
  while (o < payload.length) {
    if (o + 4 > payload.length) throw new RangeError(`series id overruns record at byte ${o}`);
    const id = payload.readUInt32LE(o);
    let n: number;
    [n, o] = readUvarint(payload, o + 4);
    for (let k = 0; k < n; k++) {
      const kind = payload[o++];
      if (kind === undefined || kind < ChunkKind.sealed || kind > ChunkKind.headDense)
        throw new RangeError(`chunk kind ${kind}`);
      let span: number;
      let len: number;
      [span, o] = readUvarint(payload, o);
      [len, o] = readUvarint(payload, o);
      if (o + len > payload.length) throw new RangeError(`chunk of ${len} bytes overruns record`);
      const bytes = payload.subarray(o, o + len);
      o += len;
      const { count, minT } = chunkStart(bytes, isDense(kind as ChunkKind));
      if (minT + span > Number.MAX_SAFE_INTEGER) throw new RangeError(`chunk span ${span} from @${minT}`);
      onChunk(id, kind as ChunkKind, { bytes, minT, maxT: minT + span, count });
    }
  }
}
