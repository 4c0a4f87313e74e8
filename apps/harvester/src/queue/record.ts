import type { BatchMeta } from './types.js';
import { crc32 } from './crc32.js';

/**
 * One queue record in a segment file, all integers little-endian:
 *
 *   0        4        8             16            24            32          36
 *   +--------+--------+-------------+-------------+-------------+-----------+-----------+
 *   | len    | crc32  | id u64      | minT f64    | maxT f64    | samples   | payload … |
 *   | u32    | u32    |             | ms          | ms          | u32       |           |
 *   +--------+--------+-------------+-------------+-------------+-----------+-----------+
 *            <------------------------ body: `len` bytes, covered by crc32 -------------->
 *
 * The id is stored (not implied by position) so a record cut off by a crash or a repair can
 * never shift the ids of the records after it.
 */
export const RECORD_HEADER_BYTES = 8;
export const BODY_META_BYTES = 28;

export interface ParsedRecord {
  readonly id: number;
  readonly meta: BatchMeta;
  /** Offset of the record (its length field) in the scanned buffer. */
  readonly offset: number;
  /** Whole record size: header + body. */
  readonly size: number;
}

/** Size on disk of a record holding a payload of `payloadBytes`. */
export function recordSize(payloadBytes: number): number {
  return RECORD_HEADER_BYTES + BODY_META_BYTES + payloadBytes;
}

/** Serialises one record (header, metadata and payload) into a new buffer. */
export function encodeRecord(id: number, meta: BatchMeta, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(recordSize(payload.length));
  const view = new DataView(out.buffer);
  view.setUint32(0, BODY_META_BYTES + payload.length, true);
  view.setBigUint64(8, BigInt(id), true);
  view.setFloat64(16, meta.minT, true);
  view.setFloat64(24, meta.maxT, true);
  view.setUint32(32, meta.samples, true);
  out.set(payload, RECORD_HEADER_BYTES + BODY_META_BYTES);
  view.setUint32(4, crc32(out, RECORD_HEADER_BYTES), true);
  return out;
}

/**
 * Why a scan stopped before the end of the buffer: a record cut short (`torn`, what a crash
 * during a write leaves) or one whose bytes do not check out (`checksum`).
 */
export interface ScanDamage {
  readonly kind: 'torn' | 'checksum';
  /** Offset of the first bad byte: the good prefix ends here. */
  readonly offset: number;
  readonly detail: string;
}

/**
 * Reads records from the start of a segment's bytes until the end or the first damaged one.
 * `damage` says where the good prefix ends: everything from that offset on must be cut off.
 * `minId` is the smallest id the first record may carry (ids only increase).
 */
export function scanRecords(
  bytes: Uint8Array,
  minId: number,
): { records: ParsedRecord[]; damage?: ScanDamage } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: ParsedRecord[] = [];
  let offset = 0;
  let nextMin = minId;
  while (offset < bytes.length) {
    const remaining = bytes.length - offset;
    if (remaining < RECORD_HEADER_BYTES) {
      return { records, damage: { kind: 'torn', offset, detail: `${remaining}-byte partial header` } };
    }
    const len = view.getUint32(offset, true);
    if (len < BODY_META_BYTES) {
      return { records, damage: { kind: 'torn', offset, detail: `impossible record length ${len}` } };
    }
    if (len > remaining - RECORD_HEADER_BYTES) {
      const have = remaining - RECORD_HEADER_BYTES;
      return {
        records,
        damage: { kind: 'torn', offset, detail: `record of ${len} bytes with only ${have} written` },
      };
    }
    const bodyStart = offset + RECORD_HEADER_BYTES;
    const expected = view.getUint32(offset + 4, true);
    const actual = crc32(bytes, bodyStart, bodyStart + len);
    if (expected !== actual) {
      const detail = `crc32 ${hex(actual)} instead of ${hex(expected)}`;
      return { records, damage: { kind: 'checksum', offset, detail } };
    }
    const id = Number(view.getBigUint64(bodyStart, true));
    if (!Number.isSafeInteger(id) || id < nextMin) {
      return { records, damage: { kind: 'checksum', offset, detail: `id ${id} out of sequence` } };
    }
    const meta = readMeta(view, bodyStart);
    records.push({ id, meta, offset, size: RECORD_HEADER_BYTES + len });
    nextMin = id + 1;
    offset = bodyStart + len;
  }
  return { records };
}

function readMeta(view: DataView, bodyStart: number): BatchMeta {
  return {
    minT: view.getFloat64(bodyStart + 8, true),
    maxT: view.getFloat64(bodyStart + 16, true),
    samples: view.getUint32(bodyStart + 24, true),
  };
}

/**
 * Checks one record read back from disk (its exact bytes) and returns its payload, or a
 * description of the damage.
 */
export function verifyRecord(record: Uint8Array, id: number): { payload: Uint8Array } | { damage: string } {
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  const len = view.getUint32(0, true);
  if (len !== record.length - RECORD_HEADER_BYTES) return { damage: `length ${len} changed on disk` };
  const expected = view.getUint32(4, true);
  const actual = crc32(record, RECORD_HEADER_BYTES);
  if (expected !== actual) return { damage: `crc32 ${hex(actual)} instead of ${hex(expected)}` };
  if (Number(view.getBigUint64(RECORD_HEADER_BYTES, true)) !== id)
    return { damage: `record is not batch ${id}` };
  return { payload: record.subarray(RECORD_HEADER_BYTES + BODY_META_BYTES) };
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}
