import type { Label, Labels } from '@seahawks/model';
import * as zlib from 'node:zlib';
import { crc32Update } from './crc32.js';

/**
 * Record types shared by WAL segments and checkpoints (docs/format/embedded-v3.md). A reader
 * that meets an unknown type treats the rest of the file as corrupt: types are never reused.
 * `chunks` appears in checkpoints only (format 2).
 */
export const RecordType = { series: 1, samples: 2, checkpointMeta: 3, chunks: 4, tombstones: 5 } as const;
export type RecordType = (typeof RecordType)[keyof typeof RecordType];

/** The checkpoint format version this code writes (docs/format/embedded-v3.md). */
export const FORMAT_VERSION = 3;

/**
 * Checkpoint versions this code reads: 1 (raw samples records), 2 (XOR chunks records) and 3
 * (chunks records that may hold dense chunks).
 */
export const READABLE_VERSIONS: readonly number[] = [1, 2, 3];

/** `[type u8][len u32 LE][crc32 u32 LE]` before every payload. */
export const FRAME_HEADER_BYTES = 9;
/** Largest payload a reader accepts; a larger length field is taken as a torn header. */
export const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;
/** One sample in a samples record: series id u32, t float64, v float64 bits, little-endian. */
export const SAMPLE_BYTES = 20;
const MAX_SAMPLES_PER_RECORD = Math.floor((4 * 1024 * 1024) / SAMPLE_BYTES);

/** A series as logged: the id samples refer to, and its canonical label set. */
export interface LoggedSeries {
  readonly id: number;
  readonly labels: Labels;
}

/** Fills in length and checksum of a frame whose payload starts at byte 9; returns the frame. */
export function sealFrame(frame: Buffer, type: RecordType): Buffer {
  const len = frame.length - FRAME_HEADER_BYTES;
  frame[0] = type;
  frame.writeUInt32LE(len, 1);
  // The type byte is checksummed too, so a flipped type cannot pass for another record.
  const crc = frameCrc(frame);
  frame.writeUInt32LE(crc, 5);
  return frame;
}

// zlib's CRC-32 is the same checksum (IEEE, reflected), computed natively: ~20× faster than the
// table in crc32.ts on the main thread, where every WAL record is sealed. Node < 20.15 lacks it.
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

function frameCrc(frame: Buffer): number {
  if (nativeCrc32 === undefined)
    return crc32Update(crc32Update(0, frame, 0, 1), frame, FRAME_HEADER_BYTES, frame.length);
  return nativeCrc32(frame.subarray(FRAME_HEADER_BYTES), nativeCrc32(frame.subarray(0, 1)));
}

/** Encodes series as one framed record: per series `id u32, n u16, n × (u16 name, u32 value)`. */
export function encodeSeriesRecord(series: readonly LoggedSeries[]): Buffer {
  let size = FRAME_HEADER_BYTES;
  for (const s of series) {
    size += 6;
    for (const l of s.labels) size += 6 + Buffer.byteLength(l.name) + Buffer.byteLength(l.value);
  }
  const frame = Buffer.allocUnsafe(size);
  let o = FRAME_HEADER_BYTES;
  for (const s of series) {
    o = frame.writeUInt32LE(s.id, o);
    o = frame.writeUInt16LE(s.labels.length, o);
    for (const l of s.labels) {
      const nameLen = frame.write(l.name, o + 2, 'utf8');
      frame.writeUInt16LE(nameLen, o);
      o += 2 + nameLen;
      const valueLen = frame.write(l.value, o + 4, 'utf8');
      frame.writeUInt32LE(valueLen, o);
      o += 4 + valueLen;
    }
  }
  return sealFrame(frame, RecordType.series);
}

/**
 * Collects samples into framed samples records of at most ~4 MiB each. `add` takes the value
 * as a float64 and writes its bits unchanged, so the staleness NaN survives bit-exact.
 */
export class SamplesRecordWriter {
  private readonly frames: Buffer[] = [];
  private frame: Buffer | undefined;
  /** Over `frame`: DataView stores compile to plain moves, without Buffer's per-call checks. */
  private view: DataView | undefined;
  private offset = 0;

  constructor(private readonly expected: number) {}

  add(id: number, t: number, v: number): void {
    if (this.frame === undefined || this.offset === this.frame.length) this.startFrame();
    const view = this.view!;
    const o = this.offset;
    view.setUint32(o, id, true);
    view.setFloat64(o + 4, t, true);
    view.setFloat64(o + 12, v, true);
    this.offset = o + SAMPLE_BYTES;
  }

  /** The sealed frames, in order; empty when nothing was added. */
  finish(): Buffer[] {
    if (this.frame !== undefined)
      this.frames.push(sealFrame(this.frame.subarray(0, this.offset), RecordType.samples));
    this.frame = undefined;
    return this.frames;
  }

  private startFrame(): void {
    if (this.frame !== undefined) this.frames.push(sealFrame(this.frame, RecordType.samples));
    const count = Math.max(1, Math.min(this.expected, MAX_SAMPLES_PER_RECORD));
    this.frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + count * SAMPLE_BYTES);
    this.view = new DataView(this.frame.buffer, this.frame.byteOffset, this.frame.byteLength);
    this.offset = FRAME_HEADER_BYTES;
  }
}

/** Checkpoint header: format version, the next free series id, the last WAL segment covered. */
export interface CheckpointMeta {
  readonly version: number;
  readonly nextId: number;
  readonly lastSegment: number;
}

export function encodeCheckpointMeta(meta: CheckpointMeta): Buffer {
  const frame = Buffer.alloc(FRAME_HEADER_BYTES + 12);
  frame.writeUInt16LE(meta.version, FRAME_HEADER_BYTES);
  frame.writeUInt32LE(meta.nextId, FRAME_HEADER_BYTES + 4);
  frame.writeUInt32LE(meta.lastSegment, FRAME_HEADER_BYTES + 8);
  return sealFrame(frame, RecordType.checkpointMeta);
}

export function decodeCheckpointMeta(payload: Buffer): CheckpointMeta {
  if (payload.length !== 12) throw new RangeError(`checkpoint header of ${payload.length} bytes, want 12`);
  return {
    version: payload.readUInt16LE(0),
    nextId: payload.readUInt32LE(4),
    lastSegment: payload.readUInt32LE(8),
  };
}

/** Decodes a series payload; throws RangeError when it does not parse exactly to its end. */
export function decodeSeriesRecord(payload: Buffer, onSeries: (s: LoggedSeries) => void): void {
  let o = 0;
  while (o < payload.length) {
    const id = payload.readUInt32LE(o);
    const count = payload.readUInt16LE(o + 4);
    o += 6;
    const labels: Label[] = [];
    for (let i = 0; i < count; i++) {
      const nameLen = payload.readUInt16LE(o);
      const name = payload.toString('utf8', o + 2, o + 2 + nameLen);
      o += 2 + nameLen;
      const valueLen = payload.readUInt32LE(o);
      if (o + 4 + valueLen > payload.length)
        throw new RangeError(`label value of ${valueLen} bytes overruns record`);
      labels.push({ name, value: payload.toString('utf8', o + 4, o + 4 + valueLen) });
      o += 4 + valueLen;
    }
    onSeries({ id, labels });
  }
}

/** Decodes a samples payload; throws RangeError when its length is not a multiple of 20. */
export function decodeSamplesRecord(
  payload: Buffer,
  onSample: (id: number, t: number, v: number) => void,
): void {
  if (payload.length % SAMPLE_BYTES !== 0) {
    throw new RangeError(`samples record of ${payload.length} bytes is not a multiple of ${SAMPLE_BYTES}`);
  }
  for (let o = 0; o < payload.length; o += SAMPLE_BYTES) {
    onSample(payload.readUInt32LE(o), payload.readDoubleLE(o + 4), payload.readDoubleLE(o + 12));
  }
}

/** How far a file parses as whole, checksummed records, and why it stops short if it does. */
export interface FrameScan {
  /** Bytes from the start of the file up to the end of the last whole record. */
  readonly validBytes: number;
  /** Why the bytes after `validBytes` are not a record; undefined when the file is whole. */
  readonly problem: string | undefined;
}

function isRecordType(type: number): type is RecordType {
  return (
    type === RecordType.series ||
    type === RecordType.samples ||
    type === RecordType.checkpointMeta ||
    type === RecordType.chunks ||
    type === RecordType.tombstones
  );
}

/**
 * Walks the framed records of a file in order, calling `onRecord` for each whole one whose
 * checksum matches, and stops at the first that is torn or corrupt: nothing after a bad frame
 * can be trusted, since its length field is what locates the next one.
 */
export function scanFrames(buf: Buffer, onRecord: (type: RecordType, payload: Buffer) => void): FrameScan {
  let o = 0;
  while (o < buf.length) {
    const left = buf.length - o;
    if (left < FRAME_HEADER_BYTES)
      return { validBytes: o, problem: `torn record header (${left} of 9 bytes)` };
    const type = buf[o]!;
    const len = buf.readUInt32LE(o + 1);
    if (!isRecordType(type)) return { validBytes: o, problem: `unknown record type ${type}` };
    if (len > MAX_PAYLOAD_BYTES)
      return { validBytes: o, problem: `record length ${len} over ${MAX_PAYLOAD_BYTES}` };
    if (left - FRAME_HEADER_BYTES < len) {
      return { validBytes: o, problem: `torn record (${left - FRAME_HEADER_BYTES} of ${len} payload bytes)` };
    }
    const end = o + FRAME_HEADER_BYTES + len;
    const crc = crc32Update(crc32Update(0, buf, o, o + 1), buf, o + FRAME_HEADER_BYTES, end);
    if (crc !== buf.readUInt32LE(o + 5)) return { validBytes: o, problem: 'record checksum mismatch' };
    onRecord(type, buf.subarray(o + FRAME_HEADER_BYTES, end));
    o = end;
  }
  return { validBytes: o, problem: undefined };
}
