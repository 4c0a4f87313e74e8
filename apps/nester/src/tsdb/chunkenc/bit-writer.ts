/** Smallest buffer a writer starts with; an open chunk of 120 samples usually needs 150–300 bytes. */
const MIN_CAPACITY = 32;

/**
 * Writes bits most significant first into a growable byte array (the bit order of Prometheus'
 * `bstream`): bit 7 of byte 0 is the first bit written. Bytes past the written bits stay zero,
 * which is what lets `writeBits` OR new bits into the last, partial byte.
 */
export class BitWriter {
  private buf: Uint8Array;
  private pos = 0;

  constructor(capacity = MIN_CAPACITY) {
    this.buf = new Uint8Array(Math.max(1, capacity));
  }

  /** Bits written so far. */
  get bitLength(): number {
    return this.pos;
  }

  /** Bytes covering the bits written, the last one zero-padded. */
  get byteLength(): number {
    return (this.pos + 7) >>> 3;
  }

  /** Bytes allocated, for memory accounting. */
  get capacity(): number {
    return this.buf.length;
  }

  /** Writes the low `n` bits of `value` (0 <= n <= 32), most significant first. */
  writeBits(value: number, n: number): void {
    if (n === 0) return;
    const needed = (this.pos + n + 7) >>> 3;
    if (needed > this.buf.length) this.grow(needed);
    const buf = this.buf;
    let pos = this.pos;
    let left = n;
    while (left > 0) {
      const i = pos >>> 3;
      const free = 8 - (pos & 7);
      const take = free < left ? free : left;
      const bits = (value >>> (left - take)) & ((1 << take) - 1);
      buf[i] = buf[i]! | (bits << (free - take));
      pos += take;
      left -= take;
    }
    this.pos = pos;
  }

  writeBit(bit: number): void {
    if (this.pos + 1 > this.buf.length * 8) this.grow(this.buf.length + 1);
    if (bit !== 0) {
      const i = this.pos >>> 3;
      this.buf[i] = this.buf[i]! | (0x80 >>> (this.pos & 7));
    }
    this.pos++;
  }

  /** Overwrites two whole bytes at byte offset `at` (already written) with `value` little-endian. */
  setUint16LE(at: number, value: number): void {
    this.buf[at] = value & 0xff;
    this.buf[at + 1] = value >>> 8;
  }

  /** A view of the bytes written (valid until the next write or `reset`; copy to keep it). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.byteLength);
  }

  /** Forgets everything written, keeping the buffer unless it grew far beyond `keep` bytes. */
  reset(keep = MIN_CAPACITY * 8): void {
    if (this.buf.length > keep) this.buf = new Uint8Array(keep);
    else this.buf.fill(0, 0, this.byteLength);
    this.pos = 0;
  }

  private grow(needed: number): void {
    // 1.5x keeps the slack of a sealed-size chunk small while still amortising copies.
    const next = new Uint8Array(Math.max(needed, MIN_CAPACITY, Math.ceil(this.buf.length * 1.5)));
    next.set(this.buf.subarray(0, this.byteLength));
    this.buf = next;
  }
}
