import { goUnicode } from './quote.js';

/** End of input, as returned by {@link Scanner.next}. */
export const EOF = -1;

/** A code-point cursor over the query with Go-lexer style accept/backup helpers. */
export class Scanner {
  readonly input: string;
  /** Current position (string index). */
  pos = 0;
  /** Start of the token being scanned. */
  start = 0;
  private width = 0;

  constructor(input: string) {
    this.input = input;
  }

  next(): number {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const cp = this.input.codePointAt(this.pos)!;
    this.width = cp > 0xffff ? 2 : 1;
    this.pos += this.width;
    return cp;
  }

  peek(): number {
    const cp = this.next();
    this.backup();
    return cp;
  }

  /** Steps back over the last code point read; only once per call of next. */
  backup(): void {
    this.pos -= this.width;
  }

  ignore(): void {
    this.start = this.pos;
  }

  accept(valid: string): boolean {
    const cp = this.next();
    if (cp !== EOF && valid.includes(String.fromCodePoint(cp))) return true;
    this.backup();
    return false;
  }

  is(valid: string): boolean {
    const cp = this.peek();
    return cp !== EOF && valid.includes(String.fromCodePoint(cp));
  }

  acceptRun(valid: string): void {
    while (this.accept(valid)) {
      // Consume.
    }
  }

  /**
   * Scans a number as Prometheus does (decimal, hex, float, exponent, `_` separators). The
   * text scanned is not necessarily a valid number; the parser finds out.
   */
  scanNumber(): boolean {
    const initial = this.pos;
    let digits = '0123456789';
    if (this.accept('0') && this.accept('xX')) {
      this.accept('_');
      digits = '0123456789abcdefABCDEF';
    }
    this.accept('.');
    this.accept(digits);
    let dotSeen = false;
    let exponentSeen = false;
    while (this.is(`${digits}._eE`)) {
      if (this.is('.') && dotSeen) {
        this.accept('.');
        return false;
      }
      if (this.is('eE') && exponentSeen) {
        this.accept('eE');
        return false;
      }
      if (this.accept('.')) {
        dotSeen = true;
        // Hexadecimal fractions do not exist.
        if (this.accept('_.') || digits.length > 10) return false;
        continue;
      }
      if (this.accept('eE')) {
        exponentSeen = true;
        this.accept('+-');
        if (this.accept('._eE') || this.peek() === EOF) return false;
        continue;
      }
      if (this.accept('_')) {
        if (this.accept('._eE') || this.peek() === EOF) return false;
        continue;
      }
      this.acceptRun(digits);
    }
    if (this.pos === initial) return false;
    return !isAlphaNumeric(this.peek());
  }

  /** After the number part of a duration: units and further number-unit pairs, as in `1h30m`. */
  acceptRemainingDuration(): boolean {
    if (!this.accept('smhdwy')) return false;
    // `ms`; a bad unit such as `hs` is reported when the duration is parsed.
    this.accept('s');
    while (this.accept('0123456789')) {
      this.acceptRun('0123456789');
      // `y` may only come first.
      if (!this.accept('smhdw')) return false;
      this.accept('s');
    }
    return !isAlphaNumeric(this.next());
  }
}

/** Whitespace as PromQL knows it: space, tab, line feed, carriage return. */
export function isSpace(cp: number): boolean {
  return cp === 32 || cp === 9 || cp === 10 || cp === 13;
}

/** ASCII digits only, as in Prometheus. */
export function isDigit(cp: number): boolean {
  return cp >= 48 && cp <= 57;
}

/** Letters and underscore (ASCII only, as in Prometheus). */
export function isAlpha(cp: number): boolean {
  return cp === 95 || (cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90);
}

/** Letters, underscore and digits (ASCII). */
export function isAlphaNumeric(cp: number): boolean {
  return isAlpha(cp) || isDigit(cp);
}

const SIMPLE = 'abfnrtv\\';

/**
 * Scans the escape sequence after a backslash in a quoted string, as Go (and so PromQL)
 * defines them. Returns Prometheus' message for a bad sequence, undefined when it is valid.
 */
export function scanEscape(s: Scanner, quote: number): string | undefined {
  let ch = s.next();
  let digits: number;
  let base: number;
  let max: number;
  if (ch === quote || (ch !== EOF && SIMPLE.includes(String.fromCodePoint(ch)))) return undefined;
  if (ch >= 48 && ch <= 55) {
    [digits, base, max] = [3, 8, 255];
  } else if (ch === 120) {
    ch = s.next();
    [digits, base, max] = [2, 16, 255];
  } else if (ch === 117 || ch === 85) {
    [digits, base, max] = ch === 117 ? [4, 16, 0x10ffff] : [8, 16, 0x10ffff];
    ch = s.next();
  } else if (ch === EOF) {
    return 'escape sequence not terminated';
  } else {
    return `unknown escape sequence ${goUnicode(ch)}`;
  }
  let value = 0;
  while (digits > 0) {
    const d = digitValue(ch);
    if (d >= base) {
      return ch === EOF
        ? 'escape sequence not terminated'
        : `illegal character ${goUnicode(ch)} in escape sequence`;
    }
    value = value * base + d;
    digits--;
    if (digits > 0) ch = s.next();
  }
  if (value > max || (value >= 0xd800 && value < 0xe000)) {
    return 'escape sequence is an invalid Unicode code point';
  }
  return undefined;
}

function digitValue(ch: number): number {
  if (ch >= 48 && ch <= 57) return ch - 48;
  if (ch >= 97 && ch <= 102) return ch - 97 + 10;
  if (ch >= 65 && ch <= 70) return ch - 65 + 10;
  return 16;
}
