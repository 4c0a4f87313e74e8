import { InvalidInputError } from '@seahawks/model';
import { BitWriter } from './bit-writer.js';
import { HI, LO } from './float-bits.js';
import { writeUvarint, writeVarint } from './varint.js';
import {
  CHUNK_HEADER_BYTES,
  DOD_BITS_1,
  DOD_BITS_2,
  DOD_BITS_3,
  DOD_WIDE_PREFIX,
  MAX_CHUNK_SAMPLES,
  MAX_LEADING,
  NO_WINDOW,
  TWO_32,
} from './xor-format.js';

const BITS_1 = DOD_BITS_1;
const BITS_2 = DOD_BITS_2;
const BITS_3 = DOD_BITS_3;
/** A dod fits a bucket of `b` bits when `1 - HALF <= dod <= HALF`, HALF = 2^(b-1). */
const HALF_1 = 2 ** (BITS_1 - 1);
const HALF_2 = 2 ** (BITS_2 - 1);
const HALF_3 = 2 ** (BITS_3 - 1);
const MASK_1 = 2 ** BITS_1 - 1;
const MASK_2 = 2 ** BITS_2 - 1;
const MASK_3 = 2 ** BITS_3 - 1;
/** Scratch to split a value into its bit halves. */
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

/** Trailing zero bits of a non-zero 32-bit value. */
function ctz32(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/**
 * Encodes samples into one Gorilla-style chunk (docs/format/xor-chunk.md): the first timestamp
 * as a varint, the second as a delta, then deltas of deltas in buckets; the first value as 64
 * raw bits, then each value XORed with the previous one and written as its meaningful bits.
 * Timestamps are integer milliseconds and must strictly increase, at most 2^53 - 1 apart; values
 * keep their exact bits (NaN payloads, the staleness marker, -0).
 */
export class XorChunkAppender {
  private readonly w: BitWriter;
  private n = 0;
  private first = 0;
  private t = 0;
  private delta = 0;
  private vHi = 0;
  private vLo = 0;
  private leading = NO_WINDOW;
  private trailing = 0;

  constructor(capacity?: number) {
    this.w = new BitWriter(capacity);
    this.w.writeBits(0, CHUNK_HEADER_BYTES * 8);
  }

  /** Samples appended. */
  get count(): number {
    return this.n;
  }

  /** Timestamp of the first sample (ms); meaningless when `count` is 0. */
  get minT(): number {
    return this.first;
  }

  /** Timestamp of the last sample (ms); meaningless when `count` is 0. */
  get maxT(): number {
    return this.t;
  }

  /** High 32 bits of the last value appended. */
  get lastHi(): number {
    return this.vHi;
  }

  /** Low 32 bits of the last value appended. */
  get lastLo(): number {
    return this.vLo;
  }

  /** Bytes the chunk takes now (header included). */
  get byteLength(): number {
    return this.w.byteLength;
  }

  /** Bytes allocated for the chunk, for memory accounting. */
  get capacity(): number {
    return this.w.capacity;
  }

  /** True when `t` may come next: a safe integer after the last one, within 2^53 - 1 ms of it. */
  canAppend(t: number): boolean {
    if (!Number.isSafeInteger(t) || this.n === MAX_CHUNK_SAMPLES) return false;
    // `this.t + MAX` rounds up when inexact, and then exceeds every safe `t` anyway.
    return this.n === 0 || (t > this.t && t <= this.t + Number.MAX_SAFE_INTEGER);
  }

  /**
   * Appends a sample. Throws `InvalidInputError` when `canAppend(t)` is false.
   * @param t milliseconds since the epoch
   */
  append(t: number, v: number): void {
    F64[0] = v;
    this.appendBits(t, U32[HI]!, U32[LO]!);
  }

  /** Appends a sample whose value is given as the high and low 32 bits of its float64. */
  appendBits(t: number, hi: number, lo: number): void {
    if (!this.canAppend(t)) {
      throw new InvalidInputError(
        `cannot append sample @${t} to chunk: after @${this.t} with ${this.n} samples, timestamps must increase`,
      );
    }
    const w = this.w;
    if (this.n === 0) {
      writeVarint(w, t);
      w.writeBits(hi, 32);
      w.writeBits(lo, 32);
      this.first = t;
    } else if (this.n === 1) {
      this.delta = t - this.t;
      writeUvarint(w, this.delta);
      this.writeValue(hi, lo);
    } else {
      const delta = t - this.t;
      this.writeDod(delta - this.delta);
      this.delta = delta;
      this.writeValue(hi, lo);
    }
    this.t = t;
    this.vHi = hi;
    this.vLo = lo;
    this.n++;
  }

  /**
   * The chunk's bytes: a view valid until the next `append` or `reset` (copy it to keep it).
   * The header is brought up to date here, so a view of an open chunk decodes as it is now.
   */
  bytes(): Uint8Array {
    this.w.setUint16LE(0, this.n);
    return this.w.bytes();
  }

  /** Empties the chunk, keeping its buffer for the next one. */
  reset(): void {
    this.w.reset();
    this.w.writeBits(0, CHUNK_HEADER_BYTES * 8);
    this.n = 0;
    this.leading = NO_WINDOW;
  }

  private writeDod(dod: number): void {
    const w = this.w;
    if (dod === 0) {
      w.writeBit(0);
    } else if (dod >= 1 - HALF_1 && dod <= HALF_1) {
      w.writeBits((0b10 << BITS_1) | (dod & MASK_1), 2 + BITS_1);
    } else if (dod >= 1 - HALF_2 && dod <= HALF_2) {
      w.writeBits((0b110 << BITS_2) | (dod & MASK_2), 3 + BITS_2);
    } else if (dod >= 1 - HALF_3 && dod <= HALF_3) {
      w.writeBits((0b1110 << BITS_3) | (dod & MASK_3), 4 + BITS_3);
    } else {
      // |dod| < 2^53, so the high half is a small signed integer and the split is exact.
      const high = Math.floor(dod / TWO_32);
      w.writeBits(DOD_WIDE_PREFIX, 4);
      w.writeBits(high >>> 0, 32);
      w.writeBits(dod - high * TWO_32, 32);
    }
  }

  private writeValue(hi: number, lo: number): void {
    const w = this.w;
    const xh = (hi ^ this.vHi) >>> 0;
    const xl = (lo ^ this.vLo) >>> 0;
    if (xh === 0 && xl === 0) {
      w.writeBit(0);
      return;
    }
    let leading = xh !== 0 ? Math.clz32(xh) : 32 + Math.clz32(xl);
    const trailing = xl !== 0 ? ctz32(xl) : 32 + ctz32(xh);
    if (leading > MAX_LEADING) leading = MAX_LEADING;
    if (this.leading !== NO_WINDOW && leading >= this.leading && trailing >= this.trailing) {
      // The XOR fits the previous window: no need to repeat its bounds.
      w.writeBits(0b10, 2);
      this.writeShifted(xh, xl, this.trailing, 64 - this.leading - this.trailing);
      return;
    }
    this.leading = leading;
    this.trailing = trailing;
    const sig = 64 - leading - trailing;
    // Control bits 11, then 5 bits of leading zeros and 6 of significant bits, in one write;
    // 64 significant bits do not fit 6 bits, so 0 stands for 64 (0 itself never occurs).
    w.writeBits((0b11 << 11) | (leading << 6) | (sig & 63), 13);
    this.writeShifted(xh, xl, trailing, sig);
  }

  /** Writes the low `n` bits of the 64-bit value `(xh, xl) >>> shift`. */
  private writeShifted(xh: number, xl: number, shift: number, n: number): void {
    let yh = xh;
    let yl = xl;
    if (shift >= 32) {
      yl = xh >>> (shift - 32);
      yh = 0;
    } else if (shift > 0) {
      yl = ((xl >>> shift) | (xh << (32 - shift))) >>> 0;
      yh = xh >>> shift;
    }
    if (n > 32) {
      this.w.writeBits(yh, n - 32);
      this.w.writeBits(yl, 32);
    } else {
      this.w.writeBits(yl, n);
    }
  }
}
