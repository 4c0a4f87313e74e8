import { isStaleNaN } from '@seahawks/model';
import type { Sample } from '@seahawks/model';

// PostgreSQL's binary forms, for samples in and out:
// - COPY ... (FORMAT binary): an 11-byte signature, int32 flags, int32 extension length, then per
//   row int16 field count and per field int32 length (-1 = NULL) and the bytes; int16 -1 ends it.
// - timestamptz: int64 microseconds since 2000-01-01 00:00 UTC. float8: IEEE 754, big-endian,
//   every bit kept (NaN payloads too); bigint and integer: big-endian two's complement.

/** 2000-01-01T00:00:00Z in ms since the Unix epoch: PostgreSQL's time zero. */
export const PG_EPOCH_MS = 946_684_800_000;
const TWO_32 = 4_294_967_296;
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER_BYTES = SIGNATURE.length + 8;
/** Bytes of one (time, series_id, value[, ord]) row. */
const ROW_BYTES = 2 + 3 * (4 + 8);
const ORD_BYTES = 4 + 4;

function writeInt64(buf: Buffer, value: number, offset: number): number {
  const hi = Math.floor(value / TWO_32);
  buf.writeInt32BE(hi, offset);
  buf.writeUInt32BE(value - hi * TWO_32, offset + 4);
  return offset + 8;
}

/** Microseconds since PostgreSQL's epoch for `t` ms since the Unix epoch (exact within ±285 y). */
export function toPgMicros(t: number): number {
  return (t - PG_EPOCH_MS) * 1000;
}

/**
 * Rows of `samples` as binary COPY input: `(time, series_id, value)`, plus `ord` (the row's
 * index, int4) when built for the staging table. The staleness marker is written as NULL, its
 * stored form (a logical dump keeps NULL, but would turn the marker's NaN payload into plain NaN).
 */
export class CopyRows {
  private buf: Buffer;
  private offset: number;
  private rows = 0;

  constructor(
    capacity: number,
    private readonly withOrd: boolean,
  ) {
    this.buf = Buffer.allocUnsafe(HEADER_BYTES + capacity * this.rowBytes() + 2);
    SIGNATURE.copy(this.buf, 0);
    this.buf.fill(0, SIGNATURE.length, HEADER_BYTES);
    this.offset = HEADER_BYTES;
  }

  get count(): number {
    return this.rows;
  }

  add(seriesId: number, sample: Sample): void {
    if (this.offset + this.rowBytes() + 2 > this.buf.length) this.grow();
    const b = this.buf;
    let o = b.writeInt16BE(this.withOrd ? 4 : 3, this.offset);
    o = b.writeInt32BE(8, o);
    o = writeInt64(b, toPgMicros(sample.t), o);
    o = b.writeInt32BE(8, o);
    o = writeInt64(b, seriesId, o);
    if (isStaleNaN(sample.v)) {
      o = b.writeInt32BE(-1, o);
    } else {
      o = b.writeInt32BE(8, o);
      o = b.writeDoubleBE(sample.v, o);
    }
    if (this.withOrd) {
      o = b.writeInt32BE(4, o);
      o = b.writeInt32BE(this.rows, o);
    }
    this.offset = o;
    this.rows++;
  }

  /** The COPY input, trailer included. The rows stay, so it can be built again for a retry. */
  finish(): Buffer {
    const out = Buffer.allocUnsafe(this.offset + 2);
    this.buf.copy(out, 0, 0, this.offset);
    out.writeInt16BE(-1, this.offset);
    return out;
  }

  private rowBytes(): number {
    return ROW_BYTES + (this.withOrd ? ORD_BYTES : 0);
  }

  private grow(): void {
    const bigger = Buffer.allocUnsafe(this.buf.length * 2 + this.rowBytes());
    this.buf.copy(bigger, 0, 0, this.offset);
    this.buf = bigger;
  }
}

/**
 * Samples from the engine's packed read form: 16 bytes per sample, `timestamptz_send(time)` then
 * `float8send(value)`, NULL read as the staleness marker by the query (`coalesce`). Times are
 * floored to whole ms (the engine writes whole ms; other writers may not).
 */
export function decodePacked(buf: Buffer): Sample[] {
  const out: Sample[] = new Array<Sample>(buf.length >>> 4);
  for (let i = 0, o = 0; o + 16 <= buf.length; i++, o += 16) {
    const micros = buf.readInt32BE(o) * TWO_32 + buf.readUInt32BE(o + 4);
    const v = buf.readDoubleBE(o + 8);
    out[i] = { t: Math.floor(micros / 1000) + PG_EPOCH_MS, v };
  }
  return out;
}
