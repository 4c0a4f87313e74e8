import type { BitReader } from './bit-reader.js';
import type { BitWriter } from './bit-writer.js';
import { CorruptChunkError } from './errors.js';

// Varints here hold safe integers (|x| < 2^53), beyond the 32 bits of JS bitwise operators, so
// they are built with arithmetic on doubles, which is exact for integers in that range.

const TWO_7 = 128;
/** 8 groups of 7 bits hold 56 bits, enough for 2^53. */
const MAX_VARINT_BYTES = 8;

/** Writes `x` (an integer, 0 <= x <= 2^53 - 1) as LEB128: 7 bits a byte, low group first. */
export function writeUvarint(w: BitWriter, x: number): void {
  while (x >= TWO_7) {
    w.writeBits((x % TWO_7) | TWO_7, 8);
    x = Math.floor(x / TWO_7);
  }
  w.writeBits(x, 8);
}

/**
 * Writes a safe integer zig-zag encoded (0, -1, 1, -2 … become 0, 1, 2, 3 …), as Go's
 * `binary.PutVarint`. The zig-zag value of `-(2^53 - 1)` is not a safe integer, so the first
 * byte is built from the low 6 bits and the sign, and the rest is the magnitude's high bits.
 */
export function writeVarint(w: BitWriter, x: number): void {
  const negative = x < 0;
  // For x < 0 the zig-zag value is 2(-x - 1) + 1.
  const magnitude = negative ? -x - 1 : x;
  const low = (magnitude % 64) * 2 + (negative ? 1 : 0);
  const rest = Math.floor(magnitude / 64);
  if (rest === 0) {
    w.writeBits(low, 8);
    return;
  }
  w.writeBits(low | TWO_7, 8);
  writeUvarint(w, rest);
}

/** Reads a LEB128 unsigned varint; throws `CorruptChunkError` when it is not a safe integer. */
export function readUvarint(r: BitReader): number {
  let x = 0;
  let scale = 1;
  for (let i = 0; i < MAX_VARINT_BYTES; i++) {
    const b = r.readBits(8);
    x += (b & 0x7f) * scale;
    if (b < TWO_7) {
      if (x > Number.MAX_SAFE_INTEGER) break;
      return x;
    }
    scale *= TWO_7;
  }
  throw new CorruptChunkError(`cannot read varint at bit ${r.bitPosition}: it exceeds 2^53 - 1`);
}

/** Reads what `writeVarint` wrote. */
export function readVarint(r: BitReader): number {
  const first = r.readBits(8);
  const low = (first & 0x7f) >>> 1;
  const magnitude = first < TWO_7 ? low : readUvarint(r) * 64 + low;
  const negative = (first & 1) === 1;
  // A negative value's magnitude is stored minus one, so its bound is one lower.
  if (magnitude > Number.MAX_SAFE_INTEGER - (negative ? 1 : 0)) {
    throw new CorruptChunkError(`cannot read varint at bit ${r.bitPosition}: it exceeds 2^53 - 1`);
  }
  return negative ? -magnitude - 1 : magnitude;
}
