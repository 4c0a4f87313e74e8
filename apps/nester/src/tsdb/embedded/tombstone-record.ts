import { FRAME_HEADER_BYTES, RecordType, sealFrame } from './records.js';

/** A deletion as the WAL logs it: the samples of these series with `minT <= t <= maxT` (ms). */
export interface LoggedDeletion {
  readonly minT: number;
  readonly maxT: number;
  readonly ids: readonly number[];
}

/**
 * Type 5 record (docs/format/embedded-v4.md): `minT f64, maxT f64, n u32, n × series id u32`.
 * Times are f64 so that the open ends of a deletion (±2^53 and beyond) are kept as given.
 */
export function encodeTombstoneRecord(d: LoggedDeletion): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + 20 + 4 * d.ids.length);
  let o = FRAME_HEADER_BYTES;
  o = frame.writeDoubleLE(d.minT, o);
  o = frame.writeDoubleLE(d.maxT, o);
  o = frame.writeUInt32LE(d.ids.length, o);
  for (const id of d.ids) o = frame.writeUInt32LE(id, o);
  return sealFrame(frame, RecordType.tombstones);
}

/** Reads a type 5 payload; throws RangeError when it does not parse exactly. */
export function decodeTombstoneRecord(payload: Buffer): LoggedDeletion {
  if (payload.length < 20) throw new RangeError(`tombstones record of ${payload.length} bytes`);
  const minT = payload.readDoubleLE(0);
  const maxT = payload.readDoubleLE(8);
  const n = payload.readUInt32LE(16);
  if (payload.length !== 20 + 4 * n)
    throw new RangeError(`tombstones record of ${payload.length} bytes for ${n} series`);
  if (Number.isNaN(minT) || Number.isNaN(maxT)) throw new RangeError('tombstones record with a NaN time');
  const ids: number[] = [];
  for (let i = 0; i < n; i++) ids.push(payload.readUInt32LE(20 + 4 * i));
  return { minT, maxT, ids };
}
