import { InvalidInputError } from '@seahawks/model';

/** Protobuf wire types (https://protobuf.dev/programming-guides/encoding/#structure). */
export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_GROUP_START = 3;
export const WIRE_GROUP_END = 4;
export const WIRE_FIXED32 = 5;

const PREFIX = 'cannot decode remote_write protobuf: ';
const MAX_FIELD_NUMBER = 2 ** 29 - 1;
/** Deprecated groups can nest; a hostile sender must not be able to recurse us off the stack. */
const MAX_GROUP_DEPTH = 64;
/** Strings up to this many bytes are tried against the intern table before TextDecoder. */
const SHORT_STRING = 40;
const INTERN_SLOTS = 4096;

// `fatal` turns invalid UTF-8 into an error instead of U+FFFD; `ignoreBOM` keeps a leading
// U+FEFF in a label value instead of silently dropping it (label values must survive bit-exact).
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// Label names and most values repeat across series and requests (`__name__`, `instance`, `cpu`).
// A small direct-mapped table of recently seen ASCII strings returns the same string object for
// the same bytes: no allocation, and V8 caches the hash in the string, which helps the nester's
// label-set interning downstream. Content decides the slot, so results never depend on history.
const internTable: (string | undefined)[] = new Array<string | undefined>(INTERN_SLOTS).fill(undefined);

/**
 * A cursor over one protobuf message. Every read takes `limit`, the end offset (exclusive) of the
 * enclosing message, so a nested length can never make a read escape its parent. Errors are
 * `InvalidInputError`s naming the absolute byte offset where the bad item starts.
 */
export class WireReader {
  readonly buf: Uint8Array;
  readonly view: DataView;
  pos = 0;

  constructor(buf: Uint8Array) {
    this.buf = buf;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  fail(message: string): never {
    throw new InvalidInputError(PREFIX + message);
  }

  /**
   * Reads an unsigned varint of at most 64 bits as a number: exact below 2^53, which covers
   * every tag and length that can pass the bound checks that follow.
   */
  uint(limit: number): number {
    const pos = this.pos;
    if (pos < limit) {
      const b = this.buf[pos]!;
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
    }
    return this.uintSlow(limit);
  }

  private uintSlow(limit: number): number {
    const start = this.pos;
    let pos = start;
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= limit) this.fail(`truncated varint at byte ${start}`);
      const b = this.buf[pos++]!;
      if (i === 9 && b > 1) this.fail(`varint overflows 64 bits at byte ${start}`);
      result += (b & 0x7f) * scale;
      if (b < 0x80) {
        this.pos = pos;
        return result;
      }
      scale *= 128;
    }
    return this.fail(`varint longer than 10 bytes at byte ${start}`);
  }

  /** Reads the length prefix of a length-delimited field and returns the end offset of its body. */
  lengthEnd(limit: number): number {
    const start = this.pos;
    const len = this.uint(limit);
    const remaining = limit - this.pos;
    if (len > remaining) this.fail(`length ${len} exceeds remaining ${remaining} bytes at byte ${start}`);
    return this.pos + len;
  }

  /** Reads a two's-complement int64 varint; throws unless |value| < 2^53 so the number is exact. */
  int64(limit: number): number {
    const start = this.pos;
    const buf = this.buf;
    let pos = start;
    let lo = 0;
    let hi = 0;
    let b = 0x80;
    // Bytes 0-3 fill bits 0-27, byte 4 straddles the two halves, bytes 5-9 fill bits 35-63.
    for (let shift = 0; shift < 28 && b >= 0x80; shift += 7) {
      if (pos >= limit) this.fail(`truncated varint at byte ${start}`);
      b = buf[pos++]!;
      lo |= (b & 0x7f) << shift;
    }
    if (b >= 0x80) {
      if (pos >= limit) this.fail(`truncated varint at byte ${start}`);
      b = buf[pos++]!;
      lo |= (b & 0x0f) << 28;
      hi = (b & 0x7f) >>> 4;
      for (let shift = 3; shift < 32 && b >= 0x80; shift += 7) {
        if (pos >= limit) this.fail(`truncated varint at byte ${start}`);
        b = buf[pos++]!;
        if (shift === 31 && b > 1) this.fail(`varint overflows 64 bits at byte ${start}`);
        hi |= (b & 0x7f) << shift;
      }
      if (b >= 0x80) this.fail(`varint longer than 10 bytes at byte ${start}`);
    }
    this.pos = pos;
    return toSafeInteger(lo >>> 0, hi >>> 0, start, this);
  }

  /** Reads a little-endian IEEE 754 double, bit-exact (NaN payloads such as the staleness marker survive). */
  double(limit: number): number {
    const pos = this.pos;
    if (limit - pos < 8) this.fail(`truncated fixed64 at byte ${pos}`);
    this.pos = pos + 8;
    return this.view.getFloat64(pos, true);
  }

  /** Reads a length-delimited UTF-8 string; `what` names it in errors ("label name"). */
  string(limit: number, what: string): string {
    const end = this.lengthEnd(limit);
    const bodyStart = this.pos;
    this.pos = end;
    const len = end - bodyStart;
    if (len === 0) return '';
    if (len <= SHORT_STRING) {
      const s = this.shortAscii(bodyStart, end);
      if (s !== undefined) return s;
    }
    try {
      return utf8.decode(this.buf.subarray(bodyStart, end));
    } catch (err) {
      throw new InvalidInputError(`${PREFIX}invalid UTF-8 in ${what} at byte ${bodyStart}`, { cause: err });
    }
  }

  /** Returns the ASCII string of buf[start, end) from the intern table, or undefined if not ASCII. */
  private shortAscii(start: number, end: number): string | undefined {
    const buf = this.buf;
    let hash = end - start;
    for (let i = start; i < end; i++) {
      const c = buf[i]!;
      if (c >= 0x80) return undefined;
      hash = Math.imul(hash ^ c, 0x01000193);
    }
    const slot = (hash ^ (hash >>> 15)) & (INTERN_SLOTS - 1);
    const cached = internTable[slot];
    if (cached !== undefined && cached.length === end - start) {
      let same = true;
      for (let i = 0; i < cached.length; i++) {
        if (cached.charCodeAt(i) !== buf[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return cached;
    }
    const s = String.fromCharCode.apply(null, buf.subarray(start, end) as unknown as number[]);
    internTable[slot] = s;
    return s;
  }

  /**
   * Skips the field whose tag was just read at `tagStart`. `known` says the message defines this
   * field number (then only `expectedWire` is accepted); unknown fields are skipped by wire type.
   */
  skip(tag: number, tagStart: number, limit: number, known: boolean, expectedWire: number): void {
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if (field < 1 || field > MAX_FIELD_NUMBER) this.fail(`invalid field number ${field} at byte ${tagStart}`);
    if (known && wire !== expectedWire)
      this.fail(`invalid wire type ${wire} for field ${field} at byte ${tagStart}`);
    this.skipValue(field, wire, tagStart, limit, 0);
  }

  private skipValue(field: number, wire: number, tagStart: number, limit: number, depth: number): void {
    switch (wire) {
      case WIRE_VARINT:
        this.uint(limit);
        return;
      case WIRE_FIXED64:
      case WIRE_FIXED32: {
        const size = wire === WIRE_FIXED64 ? 8 : 4;
        if (limit - this.pos < size) this.fail(`truncated fixed${size * 8} at byte ${this.pos}`);
        this.pos += size;
        return;
      }
      case WIRE_BYTES:
        this.pos = this.lengthEnd(limit);
        return;
      case WIRE_GROUP_START:
        this.skipGroup(field, tagStart, limit, depth + 1);
        return;
      default:
        // Wire type 4 (end group) without a start, or the undefined types 6 and 7.
        this.fail(`invalid wire type ${wire} for field ${field} at byte ${tagStart}`);
    }
  }

  private skipGroup(field: number, groupStart: number, limit: number, depth: number): void {
    if (depth > MAX_GROUP_DEPTH)
      this.fail(`groups nested deeper than ${MAX_GROUP_DEPTH} at byte ${groupStart}`);
    while (this.pos < limit) {
      const tagStart = this.pos;
      const tag = this.uint(limit);
      const inner = Math.floor(tag / 8);
      const wire = tag % 8;
      if (inner < 1 || inner > MAX_FIELD_NUMBER)
        this.fail(`invalid field number ${inner} at byte ${tagStart}`);
      if (wire === WIRE_GROUP_END) {
        if (inner !== field)
          this.fail(`end of group ${inner} does not match group ${field} at byte ${tagStart}`);
        return;
      }
      this.skipValue(inner, wire, tagStart, limit, depth);
    }
    this.fail(`unterminated group ${field} at byte ${groupStart}`);
  }
}

/** Combines the two's-complement halves of an int64; throws unless the value is a safe integer. */
function toSafeInteger(lo: number, hi: number, start: number, reader: WireReader): number {
  if (hi < 0x200000) return hi * 0x100000000 + lo;
  if (hi >= 0x80000000) {
    const magnitude = (~hi >>> 0) * 0x100000000 + ((~lo >>> 0) + 1);
    if (magnitude <= Number.MAX_SAFE_INTEGER) return -magnitude;
  }
  const exact = BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
  return reader.fail(`timestamp ${exact} is beyond the exact range ±(2^53-1) at byte ${start}`);
}
