import type { PosRange } from './ast.js';

/**
 * The query text with conversions between JavaScript string indices (UTF-16 code units, what
 * the lexer walks) and UTF-8 byte offsets (what positions in the AST and in error messages
 * count, as in Prometheus). For ASCII text, the common case, both are the same.
 */
export class Source {
  readonly text: string;
  /** Byte offset of each string index, `length + 1` entries; undefined for ASCII text. */
  private readonly bytes: Uint32Array | undefined;

  constructor(text: string) {
    this.text = text;
    // eslint-disable-next-line no-control-regex -- the test is exactly "outside ASCII"
    this.bytes = /^[\x00-\x7f]*$/.test(text) ? undefined : byteTable(text);
  }

  /** Byte offset of a string index. */
  byteAt(index: number): number {
    return this.bytes === undefined ? index : (this.bytes[index] ?? this.byteLength);
  }

  /** Byte range of the string indices `[start, end)`. */
  range(start: number, end: number): PosRange {
    return { start: this.byteAt(start), end: this.byteAt(end) };
  }

  /** String index of a byte offset (the first index at or after it). */
  indexAt(byte: number): number {
    if (this.bytes === undefined) return byte;
    let lo = 0;
    let hi = this.text.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.bytes[mid]! < byte) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  get byteLength(): number {
    return this.bytes === undefined ? this.text.length : this.bytes[this.text.length]!;
  }

  /**
   * `line:column` of a byte offset, both 1-based, the column counted in bytes as Prometheus
   * does; "unknown position" for an empty query.
   */
  lineColumn(byte: number): string {
    if (this.text === '') return 'unknown position';
    if (byte < 0 || byte > this.byteLength) return 'invalid position';
    const index = this.indexAt(byte);
    let line = 1;
    let lastBreak = -1;
    for (let i = 0; i < index; i++) {
      if (this.text.charCodeAt(i) === 10) {
        line++;
        lastBreak = this.byteAt(i);
      }
    }
    return `${line}:${byte - lastBreak}`;
  }
}

function byteTable(text: string): Uint32Array {
  const table = new Uint32Array(text.length + 1);
  let byte = 0;
  for (let i = 0; i < text.length; i++) {
    table[i] = byte;
    const c = text.charCodeAt(i);
    if (c < 0x80) byte += 1;
    else if (c < 0x800) byte += 2;
    else if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      // A surrogate pair is one 4-byte code point; its second half sits at the same offset.
      table[i + 1] = byte;
      byte += 4;
      i++;
    } else byte += 3;
  }
  table[text.length] = byte;
  return table;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * Converts a byte offset of a position in `text` (as found in the AST and in
 * {@link PromQLParseError}) into a JavaScript string index, e.g. for an editor.
 */
export function byteOffsetToIndex(text: string, byte: number): number {
  return new Source(text).indexAt(byte);
}
