import { BitReader } from './bit-reader.js';
import { CorruptChunkError } from './errors.js';
import { floatFromBits } from './float-bits.js';
import { readUvarint, readVarint } from './varint.js';
import {
  CHUNK_HEADER_BYTES,
  DOD_BITS_1,
  DOD_BITS_2,
  DOD_BITS_3,
  MAX_LEADING,
  NO_WINDOW,
  TWO_32,
} from './xor-format.js';

const BITS_1 = DOD_BITS_1;
const BITS_2 = DOD_BITS_2;
const BITS_3 = DOD_BITS_3;
const MASK_1 = (1 << BITS_1) - 1;
const MASK_2 = (1 << BITS_2) - 1;
const MASK_3 = (1 << BITS_3) - 1;
/** Bound of the high half of a 64-bit dod: the writer only needs |dod| < 2^53. */
const HIGH_LIMIT = 2 ** 21;

/** A `bits`-wide bucket payload as a signed dod (range as in xor-format.ts). */
function signed(raw: number, bits: number): number {
  // Payloads above 2^(bits-1) are negative; `1 << bits` is exact for bits <= 20.
  return raw > 1 << (bits - 1) ? raw - (1 << bits) : raw;
}

/**
 * Walks the samples of a chunk written by `XorChunkAppender`, oldest first. Every read is
 * checked: garbage ends in `CorruptChunkError` (never a hang or an out-of-range timestamp), and
 * after an error `next` keeps returning false. The value's bits are exposed as two halves
 * (`hi`, `lo`) so callers can keep them exact without going through a JS number.
 */
export class XorIterator {
  /** Samples in the chunk, from its header. */
  readonly count: number;
  private readonly r: BitReader;
  private read = 0;
  private t = 0;
  private delta = 0;
  private vHi = 0;
  private vLo = 0;
  private leading = NO_WINDOW;
  private trailing = 0;
  private failed = false;

  constructor(chunk: Uint8Array) {
    if (chunk.length < CHUNK_HEADER_BYTES) {
      throw new CorruptChunkError(`cannot read chunk: ${chunk.length} bytes, the header alone is 2`);
    }
    this.count = chunk[0]! | (chunk[1]! << 8);
    this.r = new BitReader(chunk, CHUNK_HEADER_BYTES);
  }

  /** Timestamp (ms) of the current sample. */
  get at(): number {
    return this.t;
  }

  /** High 32 bits of the current value. */
  get hi(): number {
    return this.vHi;
  }

  /** Low 32 bits of the current value. */
  get lo(): number {
    return this.vLo;
  }

  /** The current value; bit-exact as long as it is stored in a Float64Array or an object field. */
  get value(): number {
    return floatFromBits(this.vHi, this.vLo);
  }

  /** Samples read so far (the current one included). */
  get position(): number {
    return this.read;
  }

  /** Bytes the samples read so far span (header included), rounded up. */
  get bytesRead(): number {
    return (this.r.bitPosition + 7) >>> 3;
  }

  /** Moves to the next sample; false at the end. Throws `CorruptChunkError` on bad bytes. */
  next(): boolean {
    if (this.read >= this.count || this.failed) return false;
    try {
      if (this.read === 0) {
        this.readFirst();
      } else {
        this.readTimestamp();
        this.readValue();
      }
    } catch (err) {
      this.failed = true;
      throw err;
    }
    this.read++;
    return true;
  }

  /**
   * Moves to the first sample with timestamp `>= t` (ms), staying put if the current one
   * qualifies; false when there is none. Never moves backwards.
   */
  seek(t: number): boolean {
    if (this.read > 0 && this.t >= t) return true;
    while (this.next()) if (this.t >= t) return true;
    return false;
  }

  private readFirst(): void {
    const t = readVarint(this.r);
    this.vHi = this.r.readBits(32);
    this.vLo = this.r.readBits(32);
    this.t = t;
  }

  private readTimestamp(): void {
    let delta: number;
    if (this.read === 1) {
      delta = readUvarint(this.r);
    } else {
      delta = this.delta + this.readDod();
    }
    const t = this.t + delta;
    if (delta < 1 || delta > Number.MAX_SAFE_INTEGER || t > Number.MAX_SAFE_INTEGER) {
      throw new CorruptChunkError(
        `cannot read sample ${this.read} of chunk: timestamp delta ${delta} after @${this.t} is out of range`,
      );
    }
    this.delta = delta;
    this.t = t;
  }

  private readDod(): number {
    const r = this.r;
    // The bucket prefix is at most 4 bits: one peek instead of a read per bit.
    const prefix = r.peekBits(4);
    if (prefix < 0b1000) {
      r.skip(1);
      return 0;
    }
    if (prefix < 0b1100) return signed(r.readBits(2 + BITS_1) & MASK_1, BITS_1);
    if (prefix < 0b1110) return signed(r.readBits(3 + BITS_2) & MASK_2, BITS_2);
    if (prefix < 0b1111) return signed(r.readBits(4 + BITS_3) & MASK_3, BITS_3);
    r.skip(4);
    const high = r.readBits(32) | 0;
    const low = r.readBits(32);
    if (high < -HIGH_LIMIT || high >= HIGH_LIMIT) {
      throw new CorruptChunkError(`cannot read sample ${this.read} of chunk: delta of delta over 2^53`);
    }
    return high * TWO_32 + low;
  }

  private readValue(): void {
    const r = this.r;
    const control = r.peekBits(2);
    if (control < 0b10) {
      r.skip(1);
      return;
    }
    if (control === 0b11) {
      const bounds = r.readBits(13) & 0x7ff;
      const leading = bounds >>> 6;
      const sig = bounds & 63 || 64;
      if (leading > MAX_LEADING || leading + sig > 64) {
        throw new CorruptChunkError(
          `cannot read sample ${this.read} of chunk: ${leading} leading and ${sig} significant bits`,
        );
      }
      this.leading = leading;
      this.trailing = 64 - leading - sig;
    } else if (this.leading === NO_WINDOW) {
      throw new CorruptChunkError(`cannot read sample ${this.read} of chunk: value window reused before set`);
    } else {
      r.skip(2);
    }
    const sig = 64 - this.leading - this.trailing;
    const yh = sig > 32 ? r.readBits(sig - 32) : 0;
    const yl = r.readBits(sig > 32 ? 32 : sig);
    const s = this.trailing;
    let xh: number;
    let xl: number;
    if (s === 0) {
      xh = yh;
      xl = yl;
    } else if (s < 32) {
      xh = (yh << s) | (yl >>> (32 - s));
      xl = yl << s;
    } else {
      xh = yl << (s - 32);
      xl = 0;
    }
    this.vHi = (this.vHi ^ xh) >>> 0;
    this.vLo = (this.vLo ^ xl) >>> 0;
  }
}

/** Starts iterating over a chunk's samples (see `XorIterator`). */
export function iterateChunk(chunk: Uint8Array): XorIterator {
  return new XorIterator(chunk);
}
