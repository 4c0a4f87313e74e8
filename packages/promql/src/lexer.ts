import { goQuote, goQuoteRune } from './quote.js';
import { EOF, Scanner, isAlpha, isAlphaNumeric, isDigit, isSpace, scanEscape } from './scanner.js';
import type { Token, TokenKind } from './tokens.js';
import { PAREN_KEYWORDS, classifyWord } from './tokens.js';

const DURATION_KEYWORDS = new Set(['step', 'range', 'max_of', 'min_of']);
const SINGLE_CHAR_OPS = new Set(['*', '/', '%', '+', '-', '^', '@']);
const DURATION_OPS = new Set(['+', '-', '*', '/', '%', '^']);

/**
 * The PromQL lexer: produces tokens on demand, with Prometheus' modes (inside braces, inside
 * brackets) and its error messages. An error token ends the stream.
 */
export class Lexer {
  private readonly s: Scanner;
  private parenDepth = 0;
  private braceOpen = false;
  private bracketOpen = false;
  /** In the first part of a bracket, where only duration expressions may appear. */
  private durationMode = false;
  private gotColon = false;
  private gotDuration = false;
  private done = false;

  constructor(input: string) {
    this.s = new Scanner(input);
  }

  /** The next token; after the end (or an error) always `eof`. */
  nextToken(): Token {
    if (this.done) return this.make('eof', this.s.input.length);
    for (;;) {
      const t = this.braceOpen
        ? this.lexInsideBraces()
        : this.durationMode
          ? this.lexDuration()
          : this.lexStatement();
      if (t === undefined) continue;
      if (t.kind === 'eof' || t.kind === 'error') this.done = true;
      return t;
    }
  }

  private make(kind: TokenKind, end = this.s.pos): Token {
    const text = this.s.input.slice(this.s.start, end);
    const t: Token = { kind, text, word: text.toLowerCase(), start: this.s.start, end };
    this.s.start = end;
    return t;
  }

  private error(message: string): Token {
    return { kind: 'error', text: message, word: '', start: this.s.start, end: this.s.input.length };
  }

  private skipSpaces(): undefined {
    while (isSpace(this.s.peek())) this.s.next();
    this.s.ignore();
    return undefined;
  }

  private skipComment(): undefined {
    for (let c = this.s.next(); c !== EOF && c !== 10 && c !== 13; c = this.s.next()) {
      // Consume the comment.
    }
    this.s.backup();
    this.s.ignore();
    return undefined;
  }

  private lexStatement(): Token | undefined {
    const s = this.s;
    if (s.input.startsWith('#', s.pos)) return this.skipComment();
    const r = s.next();
    if (r === EOF) {
      if (this.parenDepth !== 0) return this.error('unclosed left parenthesis');
      if (this.bracketOpen) return this.error('unclosed left bracket');
      return this.make('eof');
    }
    const ch = String.fromCodePoint(r);
    if (isSpace(r)) return this.skipSpaces();
    if (ch === ',') return this.make(',');
    if (isDigit(r) || (ch === '.' && isDigit(s.peek()))) {
      s.backup();
      return this.lexNumberOrDuration();
    }
    if (ch === '"' || ch === "'") return this.lexString(r);
    if (ch === '`') return this.lexRawString();
    if (isAlpha(r) || ch === ':') return this.lexWordOrColon(r);
    return (
      this.lexOperator(ch) ?? this.lexBracket(r) ?? this.error(`unexpected character: ${goQuoteRune(r)}`)
    );
  }

  /** Operators outside braces, the first character read; undefined if `ch` starts none. */
  private lexOperator(ch: string): Token | undefined {
    const s = this.s;
    if (SINGLE_CHAR_OPS.has(ch)) return this.make('operator');
    switch (ch) {
      case '=':
        if (s.accept('=')) return this.make('operator');
        if (s.peek() === 126) return this.error(`unexpected character after '=': ${goQuoteRune(126)}`);
        return this.make('=');
      case '!': {
        const next = s.next();
        if (next !== 61) return this.error(`unexpected character after '!': ${goQuoteRune(next)}`);
        return this.make('operator');
      }
      case '<':
      case '>':
        // `<=`, `>=`, and the native-histogram trim operators `</`, `>/`.
        s.accept('=/');
        return this.make('operator');
      default:
        return undefined;
    }
  }

  private lexBracket(r: number): Token | undefined {
    switch (r) {
      case 40: // (
        this.parenDepth++;
        return this.make('(');
      case 41: // )
        return this.closeParen();
      case 123: // {
        this.braceOpen = true;
        return this.make('{');
      case 91: // [
        if (this.bracketOpen) return this.error(`unexpected left bracket ${goQuoteRune(r)}`);
        this.gotColon = false;
        this.gotDuration = false;
        this.bracketOpen = true;
        this.durationMode = true;
        return this.make('[');
      case 93: // ]
        if (!this.bracketOpen) return this.error(`unexpected right bracket ${goQuoteRune(r)}`);
        this.bracketOpen = false;
        return this.make(']');
      default:
        return undefined;
    }
  }

  private closeParen(): Token {
    const t = this.make(')');
    this.parenDepth--;
    // The message points just after the parenthesis, as Prometheus' does.
    return this.parenDepth < 0 ? this.error(`unexpected right parenthesis ${goQuoteRune(41)}`) : t;
  }

  private lexWordOrColon(r: number): Token {
    const s = this.s;
    if (!this.bracketOpen) {
      while (isAlphaNumeric(s.peek()) || s.peek() === 58) s.next();
      const text = s.input.slice(s.start, s.pos);
      const lower = text.toLowerCase();
      if (PAREN_KEYWORDS.has(lower) && !this.followedByParen()) return this.make('identifier');
      return this.make(classifyWord(text, lower));
    }
    if (r === 58) {
      if (this.gotColon) return this.error(`unexpected colon ${goQuoteRune(r)}`);
      this.gotColon = true;
      return this.make(':');
    }
    return (
      this.scanDurationKeyword(r) ??
      this.error(`unexpected character: ${goQuoteRune(r)}, expected ${goQuoteRune(58)}`)
    );
  }

  private followedByParen(): boolean {
    const rest = this.s.input.slice(this.s.pos);
    return /^[ \t\r\n]*\(/.test(rest);
  }

  /** `step`, `range`, `max_of`, `min_of` inside brackets; undefined for any other word. */
  private scanDurationKeyword(first: number): Token | undefined {
    // As in Prometheus, only words starting like a duration keyword are scanned at all.
    if (!'srmSRM'.includes(String.fromCodePoint(first))) return undefined;
    const s = this.s;
    while (isAlpha(s.peek())) s.next();
    const word = s.input.slice(s.start, s.pos).toLowerCase();
    return DURATION_KEYWORDS.has(word) ? this.make('preprocessor') : undefined;
  }

  private lexDuration(): Token | undefined {
    const s = this.s;
    const r = s.next();
    const ch = r === EOF ? '' : String.fromCodePoint(r);
    if (r === EOF) return this.error('unexpected end of input in duration expression');
    if (isSpace(r)) return this.skipSpaces();
    if (ch === ']') {
      this.bracketOpen = false;
      this.gotColon = false;
      this.durationMode = false;
      return this.make(']');
    }
    if (ch === ':') {
      // Errors point just after the colon, as Prometheus' do.
      const colon = this.make(':');
      if (!this.gotDuration) return this.error('unexpected colon before duration in duration expression');
      if (this.gotColon) return this.error('unexpected repeated colon in duration expression');
      this.gotColon = true;
      return colon;
    }
    if (ch === '(') {
      this.parenDepth++;
      return this.make('(');
    }
    if (ch === ')') return this.closeParen();
    if (DURATION_OPS.has(ch)) return this.make('operator');
    if (ch === ',') return this.make(',');
    if (isAlpha(r)) {
      return (
        this.scanDurationKeyword(r) ??
        this.error(`unexpected character in duration expression: ${goQuoteRune(r)}`)
      );
    }
    if (isDigit(r) || (ch === '.' && isDigit(s.peek()))) {
      s.backup();
      this.gotDuration = true;
      this.durationMode = false;
      return this.lexNumberOrDuration();
    }
    return this.error(`unexpected character in duration expression: ${goQuoteRune(r)}`);
  }

  private lexInsideBraces(): Token | undefined {
    const s = this.s;
    if (s.input.startsWith('#', s.pos)) return this.skipComment();
    const r = s.next();
    if (r === EOF) return this.error('unexpected end of input inside braces');
    if (isSpace(r)) return this.skipSpaces();
    if (isAlpha(r)) {
      while (isAlphaNumeric(s.peek())) s.next();
      return this.make('identifier');
    }
    switch (r) {
      case 44: // ,
        return this.make(',');
      case 34: // "
      case 39: // '
        return this.lexString(r);
      case 96: // `
        return this.lexRawString();
      case 61: // =
        return s.accept('~') ? this.make('operator') : this.make('=');
      case 33: {
        // !
        const n = s.next();
        if (n === 126 || n === 61) return this.make('operator');
        return this.error(`unexpected character after '!' inside braces: ${goQuoteRune(n)}`);
      }
      case 123:
        return this.error(`unexpected left brace ${goQuoteRune(r)}`);
      case 125: // }
        this.braceOpen = false;
        return this.make('}');
      default:
        return this.error(`unexpected character inside braces: ${goQuoteRune(r)}`);
    }
  }

  private lexNumberOrDuration(): Token {
    const s = this.s;
    if (s.scanNumber()) return this.make('number');
    if (s.acceptRemainingDuration()) {
      s.backup();
      return this.make('duration');
    }
    return this.error(`bad number or duration syntax: ${goQuote(s.input.slice(s.start, s.pos))}`);
  }

  private lexString(quote: number): Token {
    const s = this.s;
    for (;;) {
      const r = s.next();
      if (r === 92) {
        const message = scanEscape(s, quote);
        if (message !== undefined) return this.error(message);
        continue;
      }
      if (r >= 0xd800 && r <= 0xdfff) return this.error('invalid UTF-8 rune');
      if (r === EOF || r === 10) return this.error('unterminated quoted string');
      if (r === quote) return this.make('string');
    }
  }

  private lexRawString(): Token {
    const s = this.s;
    for (;;) {
      const r = s.next();
      if (r >= 0xd800 && r <= 0xdfff) return this.error('invalid UTF-8 rune');
      if (r === EOF) return this.error('unterminated raw string');
      if (r === 96) return this.make('string');
    }
  }
}
