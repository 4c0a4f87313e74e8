import { CorruptChunkError } from './errors.js';

/**
 * Reads bits most significant first (the order `BitWriter` writes) from `bytes[start, end)`.
 * The next 25–32 bits wait left-aligned in a 32-bit register, refilled a byte at a time, so most
 * reads are a shift. Every read is bounds-checked and throws `CorruptChunkError` past the end:
 * garbage ends in an error, never in a read of bytes that belong to something else.
 */
export class BitReader {
  /** Unconsumed bits, left-aligned (bit 31 is the next bit). */
  private cur = 0;
  /** Valid bits in `cur`; after a refill at least 25 (bytes past the end load as zeros). */
  private avail = 0;
  /** Next byte to load into `cur`. */
  private next: number;
  private readonly end: number;

  constructor(
    private readonly buf: Uint8Array,
    startByte = 0,
    private readonly endByte = buf.length,
  ) {
    this.next = startByte;
    this.end = endByte * 8;
    this.refill();
  }

  /** Bit offset of the next read, from the start of the array. */
  get bitPosition(): number {
    return this.next * 8 - this.avail;
  }

  /** The bytes read from and the bit offset where they end (for decoders that read in bulk). */
  get source(): { readonly bytes: Uint8Array; readonly endBit: number } {
    return { bytes: this.buf, endBit: this.end };
  }

  /** Moves to bit `pos` (from the start of the array), as a bulk decoder that read ahead does. */
  seekBit(pos: number): void {
    if (pos > this.end) throw this.pastEnd(pos - this.bitPosition);
    this.next = pos >>> 3;
    this.cur = 0;
    this.avail = 0;
    this.refill();
    if ((pos & 7) !== 0) this.consume(pos & 7);
  }

  /** Reads `n` bits (1 <= n <= 32) as an unsigned integer. */
  readBits(n: number): number {
    if (this.next * 8 - this.avail + n > this.end) throw this.pastEnd(n);
    if (n > this.avail) return this.readSplit(n);
    const v = this.cur >>> (32 - n);
    // Two shifts: a JS shift by 32 is a shift by 0.
    this.cur = (this.cur << (n - 1)) << 1;
    this.avail -= n;
    if (this.avail <= 24) this.refill();
    return v;
  }

  /** A read wider than the bits loaded (only reads over 25 bits): two parts. */
  private readSplit(n: number): number {
    const first = this.avail;
    const high = this.cur >>> (32 - first);
    this.consume(first);
    const rest = n - first;
    const low = this.cur >>> (32 - rest);
    this.consume(rest);
    return high * 2 ** rest + low;
  }

  readBit(): number {
    return this.readBits(1);
  }

  /**
   * The next `n` bits (1 <= n <= 25) without consuming them; bits past the end read as 0, so a
   * caller peeks a prefix and then `skip`s or reads only what the prefix says is there.
   */
  peekBits(n: number): number {
    return this.cur >>> (32 - n);
  }

  /** Consumes `n` bits (n <= 25) already looked at with `peekBits`. */
  skip(n: number): void {
    if (this.next * 8 - this.avail + n > this.end) throw this.pastEnd(n);
    this.consume(n);
  }

  private consume(n: number): void {
    this.cur = n === 32 ? 0 : this.cur << n;
    this.avail -= n;
    if (this.avail <= 24) this.refill();
  }

  private refill(): void {
    const b = this.buf;
    while (this.avail <= 24) {
      const byte = this.next < this.endByte ? b[this.next]! : 0;
      this.cur |= byte << (24 - this.avail);
      this.avail += 8;
      this.next++;
    }
  }

  private pastEnd(n: number): CorruptChunkError {
    return new CorruptChunkError(
      `cannot read ${n} bits at bit ${this.bitPosition}: the chunk ends at bit ${this.end}`,
    );
  }
}
