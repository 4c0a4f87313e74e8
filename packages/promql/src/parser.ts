import { InvalidInputError } from '@seahawks/model';
import type { BinaryExpr, Expr, PosRange, VectorMatching, VectorSelector } from './ast.js';
import { checkExpr } from './check.js';
import { Lexer } from './lexer.js';
import { parseExpression } from './parse-expr.js';
import { Source } from './source.js';
import type { Token, TokenKind } from './tokens.js';
import { describeToken } from './tokens.js';

/**
 * Parses a PromQL expression and type-checks it as Prometheus 3 does. Throws a
 * {@link PromQLParseError} with Prometheus' message (`1:14: parse error: ...`) at the first
 * problem. Positions in the result are UTF-8 byte offsets into `text`.
 */
export function parseExpr(text: string): Expr {
  const p = new ParserState(text);
  if (p.at('eof')) throw p.errorAt({ start: 0, end: 0 }, 'no expression found in input');
  const expr = parseExpression(p);
  if (!p.at('eof')) p.unexpected();
  checkExpr(p, expr);
  return expr;
}

/**
 * A query that PromQL rejects, syntactically or by type. The message reads as Prometheus'
 * does, e.g. `1:14: parse error: unexpected end of input`, so clients that parse it keep
 * working; `positionRange` holds the UTF-8 byte offsets of the offending part (`end`
 * exclusive) and `reason` the message without its position.
 */
export class PromQLParseError extends InvalidInputError {
  readonly positionRange: PosRange;
  readonly reason: string;

  constructor(source: Source, positionRange: PosRange, reason: string) {
    super(`${source.lineColumn(positionRange.start)}: parse error: ${reason}`);
    this.positionRange = positionRange;
    this.reason = reason;
  }
}

/** A binary operation's modifiers as written, kept for the type check. */
export interface WrittenMatching {
  readonly matching: VectorMatching;
  /** Operator and modifiers, for messages about them. */
  readonly opRange: PosRange;
}

/**
 * What the type check needs to know about the syntax that the AST does not record. Keyed by
 * node identity; nodes are fresh from this parse.
 */
export interface ParseNotes {
  /** Selectors written `name{__name__...}`: the message the check reports. */
  readonly nameSetTwice: WeakMap<VectorSelector, string>;
  readonly matching: WeakMap<BinaryExpr, WrittenMatching>;
}

/**
 * Token stream and error reporting shared by the parse functions. Errors are thrown at the
 * first problem; Prometheus collects several but reports only the first.
 */
export class ParserState {
  readonly src: Source;
  readonly notes: ParseNotes = { nameSetTwice: new WeakMap(), matching: new WeakMap() };
  /** Depth of aggregations being parsed: "unexpected" errors inside them name the context. */
  aggregationDepth = 0;
  private readonly lexer: Lexer;
  private lookahead: Token | undefined;

  constructor(text: string) {
    this.src = new Source(text);
    this.lexer = new Lexer(text);
  }

  /** The next token without consuming it; a lexer error is thrown here. */
  peek(): Token {
    if (this.lookahead === undefined) {
      const t = this.lexer.nextToken();
      if (t.kind === 'error') throw this.errorAt(this.src.range(t.start, t.end), t.text);
      this.lookahead = t;
    }
    return this.lookahead;
  }

  /** Consumes and returns the next token. */
  next(): Token {
    const t = this.peek();
    this.lookahead = undefined;
    return t;
  }

  /** True when the next token has this kind (and, for words and operators, this lower-cased text). */
  at(kind: TokenKind, word?: string): boolean {
    const t = this.peek();
    return t.kind === kind && (word === undefined || t.word === word);
  }

  /** Consumes the next token when it matches; see {@link at}. */
  accept(kind: TokenKind, word?: string): Token | undefined {
    return this.at(kind, word) ? this.next() : undefined;
  }

  /** Byte range of tokens or string indices. */
  range(start: Token | number, end: Token | number): PosRange {
    const s = typeof start === 'number' ? start : start.start;
    const e = typeof end === 'number' ? end : end.end;
    return this.src.range(s, e);
  }

  /** The error to throw for a problem at `range` (bytes). */
  errorAt(range: PosRange, reason: string): PromQLParseError {
    return new PromQLParseError(this.src, range, reason);
  }

  /**
   * Throws "unexpected <next token>", with Prometheus' context and expectation. Without a
   * context, an enclosing aggregation is named, as Prometheus' error recovery does.
   */
  unexpected(context?: string, expected?: string): never {
    const t = this.peek();
    let reason = `unexpected ${describeToken(t)}`;
    const where = context ?? (this.aggregationDepth > 0 ? 'aggregation' : undefined);
    if (where !== undefined) reason += ` in ${where}`;
    if (expected !== undefined) reason += `, expected ${expected}`;
    throw this.errorAt(this.range(t, t), reason);
  }

  /**
   * Throws an error found while building a node. Prometheus builds nodes once it has read the
   * following token, so a lexer error in that token is reported first; peeking mirrors that.
   */
  semanticError(range: PosRange, reason: string): never {
    this.peek();
    throw this.errorAt(range, reason);
  }
}
