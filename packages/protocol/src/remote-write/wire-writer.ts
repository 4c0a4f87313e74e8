/** Low-level protobuf writing helpers shared by the encoders: varints and UTF-8 strings. */

const encoder = new TextEncoder();

/** Bytes a varint of `n` (0 <= n < 2^31) takes. */
export function varint32Length(n: number): number {
  if (n < 0x80) return 1;
  if (n < 0x4000) return 2;
  if (n < 0x200000) return 3;
  if (n < 0x10000000) return 4;
  return 5;
}

/** Writes `n` (0 <= n < 2^32) as a varint at `pos`; returns the position after it. */
export function writeVarint32(out: Uint8Array, pos: number, n: number): number {
  let rest = n >>> 0;
  while (rest > 0x7f) {
    out[pos++] = (rest & 0x7f) | 0x80;
    rest >>>= 7;
  }
  out[pos++] = rest;
  return pos;
}

/**
 * Bytes `s` takes in UTF-8, as TextEncoder writes it: a lone surrogate becomes U+FFFD (3 bytes),
 * since a JavaScript string may hold one but UTF-8 cannot.
 */
export function utf8Length(s: string): number {
  const n = s.length;
  let bytes = n;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) {
      bytes += 1;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a surrogate pair: two UTF-16 units, four bytes
      i++;
    } else {
      bytes += 2;
    }
  }
  return bytes;
}

/** Writes `s` (whose UTF-8 length is `byteLen`) at `pos`; returns the position after it. */
export function writeUtf8(out: Uint8Array, pos: number, s: string, byteLen: number): number {
  if (byteLen === s.length) {
    // All ASCII: a plain copy beats encodeInto's call overhead on the short strings labels are.
    for (let i = 0; i < byteLen; i++) out[pos + i] = s.charCodeAt(i);
  } else {
    encoder.encodeInto(s, out.subarray(pos, pos + byteLen));
  }
  return pos + byteLen;
}
