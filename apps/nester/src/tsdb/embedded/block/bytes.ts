/**
 * Byte-aligned LEB128 varints and a growable byte buffer, for the block index (the chunk
 * encodings' varints work on bit streams instead). Values are safe integers (< 2^53), built
 * with arithmetic on doubles, which is exact in that range.
 */

const TWO_7 = 128;
/** 8 groups of 7 bits hold 56 bits, enough for 2^53. */
const MAX_UVARINT_BYTES = 8;

/** A byte buffer that grows as it is written. */
export class ByteWriter {
  private buf: Uint8Array;
  length = 0;

  constructor(initial = 4096) {
    this.buf = new Uint8Array(initial);
  }

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }

  /** Writes `x` (an integer, 0 <= x < 2^53) as LEB128: 7 bits a byte, low group first. */
  uvarint(x: number): void {
    this.room(MAX_UVARINT_BYTES);
    const buf = this.buf;
    let n = this.length;
    while (x >= TWO_7) {
      buf[n++] = (x % TWO_7) | TWO_7;
      x = Math.floor(x / TWO_7);
    }
    buf[n++] = x;
    this.length = n;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /** The bytes written so far (a view: valid until the next write). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

/** Thrown by `ByteReader` on bytes that do not parse; the block reader names the file. */
export class ByteFormatError extends Error {}

/** Reads what `ByteWriter` wrote, checking every bound. */
export class ByteReader {
  pos: number;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(
    private readonly buf: Uint8Array,
    start = 0,
    private readonly end = buf.length,
  ) {
    this.pos = start;
  }

  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  uvarint(): number {
    let x = 0;
    let scale = 1;
    const buf = this.buf;
    for (let i = 0; i < MAX_UVARINT_BYTES; i++) {
      if (this.pos >= this.end) throw new ByteFormatError(`varint runs past the end at byte ${this.pos}`);
      const b = buf[this.pos++]!;
      x += (b & 0x7f) * scale;
      if (b < TWO_7) {
        if (x > Number.MAX_SAFE_INTEGER) break;
        return x;
      }
      scale *= TWO_7;
    }
    throw new ByteFormatError(`varint at byte ${this.pos} exceeds 2^53 - 1`);
  }

  /** A uvarint that must be at most `max`; `what` names it in the error. */
  bounded(max: number, what: string): number {
    const x = this.uvarint();
    if (x > max) throw new ByteFormatError(`${what} ${x} exceeds ${max} at byte ${this.pos}`);
    return x;
  }

  /**
   * Reads a front-coded string: the byte count it shares with `prev` (the previous string's
   * UTF-8, which this call replaces with its own), then the rest. Returns the string.
   */
  frontCoded(prev: { bytes: Uint8Array }): string {
    const shared = this.uvarint();
    if (shared > prev.bytes.length)
      throw new ByteFormatError(`symbol shares ${shared} bytes of ${prev.bytes.length} at byte ${this.pos}`);
    const rest = this.uvarint();
    if (rest > this.end - this.pos)
      throw new ByteFormatError(`symbol of ${rest} bytes runs past the end at byte ${this.pos}`);
    const bytes = new Uint8Array(shared + rest);
    bytes.set(prev.bytes.subarray(0, shared));
    bytes.set(this.buf.subarray(this.pos, this.pos + rest), shared);
    const start = this.pos;
    this.pos += rest;
    prev.bytes = bytes;
    try {
      return this.decoder.decode(bytes);
    } catch (err) {
      throw new ByteFormatError(`symbol at byte ${start} is not UTF-8`, { cause: err });
    }
  }
}
