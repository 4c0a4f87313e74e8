import type { BitReader } from './bit-reader.js';
import type { BitWriter } from './bit-writer.js';
import { TWO_32 } from './xor-format.js';

// Integer helpers of the dense2 codes: residuals are integers held in doubles (|r| < 2^53), so
// widths and splits beyond 32 bits are done with arithmetic, not bitwise operators.

/** 0, -1, 1, -2 … as 0, 1, 2, 3 … */
export function zigzag(r: number): number {
  return r >= 0 ? 2 * r : -2 * r - 1;
}

/** Inverse of `zigzag`. */
export function unzigzag(z: number): number {
  return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
}

/** Bits needed for the non-negative integer `z` (0 for 0). */
export function bitWidth(z: number): number {
  return z === 0 ? 0 : z < TWO_32 ? 32 - Math.clz32(z) : 32 + (32 - Math.clz32(Math.floor(z / TWO_32)));
}

/** Bits of `x` as a LEB128 varint (7 bits a byte). */
export function uvarintBits(x: number): number {
  return 8 * Math.max(1, Math.ceil(bitWidth(x) / 7));
}

/** Bits of the signed `x` as a zig-zag varint (`writeVarint`). */
export function varintBits(x: number): number {
  return uvarintBits(zigzag(x));
}

/** Writes `z` (0 <= z < 2^bits, bits <= 54), most significant bit first. */
export function writeWide(w: BitWriter, z: number, bits: number): void {
  if (bits <= 32) {
    w.writeBits(z, bits);
    return;
  }
  const high = Math.floor(z / TWO_32);
  w.writeBits(high, bits - 32);
  w.writeBits(z - high * TWO_32, 32);
}

/** Reads what `writeWide` wrote. */
export function readWide(r: BitReader, bits: number): number {
  if (bits === 0) return 0;
  if (bits <= 32) return r.readBits(bits);
  const high = r.readBits(bits - 32);
  return high * TWO_32 + r.readBits(32);
}
