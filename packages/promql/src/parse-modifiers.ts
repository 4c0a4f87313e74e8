import type { AtModifier, Expr, VectorSelector } from './ast.js';
import { parseNumber, parsePromDuration } from './literals.js';
import type { DurationValue } from './parse-duration.js';
import {
  durationLiteral,
  parseDurationExpr,
  rejectDurationFunction,
  requirePositive,
  secondsToMs,
} from './parse-duration.js';
import type { ParserState } from './parser.js';
import type { Token } from './tokens.js';

const RANGE_START = {
  context: 'subquery or range selector',
  expected: 'number, duration, step(), or range()',
};
const SUBQUERY_STEP = { context: 'subquery selector', expected: 'number, duration, step(), range(), or "]"' };
const OFFSET = { context: 'offset', expected: 'number, duration, step(), or range()' };
const MODIFIABLE = 'an instant vector selector or range vector selector or a subquery';

/** Applies the suffixes that bind tighter than any operator: `[range]`, `[range:step]`, `offset`, `@`. */
export function parsePostfix(p: ParserState, operand: Expr): Expr {
  let expr = operand;
  for (;;) {
    const t = p.peek();
    if (t.kind === '[') expr = parseBrackets(p, expr);
    else if (t.kind === 'keyword' && t.word === 'offset') expr = parseOffset(p, expr);
    else if (t.kind === 'operator' && t.word === '@') expr = parseAt(p, expr);
    else if (t.kind === 'keyword' && (t.word === 'anchored' || t.word === 'smoothed')) {
      p.semanticError(p.range(t, t), `${t.word} modifier is experimental and not supported`);
    } else return expr;
  }
}

function parseBrackets(p: ParserState, expr: Expr): Expr {
  const open = p.next();
  const range = parseDurationExpr(p, RANGE_START);
  requirePositive(p, range);
  if (p.accept(':') !== undefined) {
    let step: DurationValue | undefined;
    if (!p.at(']')) {
      step = parseDurationExpr(p, SUBQUERY_STEP);
      requirePositive(p, step);
    }
    if (!p.at(']')) p.unexpected(SUBQUERY_STEP.context, '"]"');
    const close = p.next();
    return {
      type: 'subquery',
      expr,
      rangeMs: secondsToMs(range.seconds),
      stepMs: step === undefined ? 0 : secondsToMs(step.seconds),
      offsetMs: 0,
      at: undefined,
      pos: { start: expr.pos.start, end: p.src.byteAt(close.end) },
    };
  }
  if (!p.at(']')) p.unexpected('subquery or range', '":" or "]"');
  const close = p.next();
  const where = p.range(open, close);
  if (expr.type !== 'vectorSelector') p.semanticError(where, 'ranges only allowed for vector selectors');
  if (expr.offsetMs !== 0) p.semanticError(where, 'no offset modifiers allowed before range');
  if (expr.at !== undefined) p.semanticError(where, 'no @ modifiers allowed before range');
  return {
    type: 'matrixSelector',
    selector: expr,
    rangeMs: secondsToMs(range.seconds),
    pos: { start: expr.pos.start, end: p.src.byteAt(close.end) },
  };
}

function parseOffset(p: ParserState, expr: Expr): Expr {
  p.next();
  const sign = p.accept('operator', '-') ?? p.accept('operator', '+');
  const negative = sign?.word === '-';
  const t = p.peek();
  let value: DurationValue;
  if (t.kind === 'number' || t.kind === 'duration') {
    p.next();
    const literal = durationLiteral(p, t.kind === 'duration', t.text, sign?.start ?? t.start, t.end);
    value = { ...literal, seconds: negative ? -literal.seconds : literal.seconds };
  } else if (t.kind === '(') {
    // Only the parenthesised group: `foo offset (1m) * 2` multiplies the selector.
    const inner = parseDurationExpr(p, OFFSET, Infinity);
    value = { ...inner, seconds: negative ? -inner.seconds : inner.seconds };
  } else if (t.kind === 'preprocessor' && t.word !== 'start' && t.word !== 'end') {
    rejectDurationFunction(p, OFFSET);
  } else {
    p.unexpected(OFFSET.context, OFFSET.expected);
  }
  return setOffset(p, expr, secondsToMs(value.seconds), value.end);
}

function setOffset(p: ParserState, expr: Expr, offsetMs: number, endIndex: number): Expr {
  const end = p.src.byteAt(endIndex);
  const twice = 'offset may not be set multiple times';
  switch (expr.type) {
    case 'vectorSelector':
      if (expr.offsetMs !== 0) p.semanticError(expr.pos, twice);
      return withSelector(p, expr, { offsetMs, pos: { start: expr.pos.start, end } });
    case 'matrixSelector':
      if (expr.selector.offsetMs !== 0) p.semanticError(expr.pos, twice);
      return {
        ...expr,
        selector: withSelector(p, expr.selector, { offsetMs }),
        pos: { start: expr.pos.start, end },
      };
    case 'subquery':
      if (expr.offsetMs !== 0) p.semanticError(expr.pos, twice);
      return { ...expr, offsetMs, pos: { start: expr.pos.start, end } };
    default:
      return p.semanticError(expr.pos, `offset modifier must be preceded by ${MODIFIABLE}`);
  }
}

function parseAt(p: ParserState, expr: Expr): Expr {
  p.next();
  const t = p.peek();
  if (t.kind === 'preprocessor' && (t.word === 'start' || t.word === 'end')) {
    p.next();
    if (p.accept('(') === undefined || !p.at(')')) p.unexpected('@', 'timestamp');
    const close = p.next();
    return setAt(p, expr, { kind: t.word }, close.end);
  }
  const sign = p.accept('operator', '-') ?? p.accept('operator', '+');
  const n = p.peek();
  if (n.kind !== 'number' && n.kind !== 'duration') p.unexpected('@', 'timestamp');
  p.next();
  const seconds = (sign?.word === '-' ? -1 : 1) * timestampSeconds(p, n);
  if (!(Math.abs(seconds) < 2 ** 63)) {
    p.semanticError(expr.pos, `timestamp out of bounds for @ modifier: ${goFormatF(seconds)}`);
  }
  return setAt(p, expr, { kind: 'time', ms: secondsToMs(seconds) }, n.end);
}

function timestampSeconds(p: ParserState, t: Token): number {
  const parsed = t.kind === 'duration' ? parsePromDuration(t.text) : parseNumber(t.text);
  if (!parsed.ok) p.semanticError(p.range(t, t), parsed.error);
  return t.kind === 'duration' ? parsed.value / 1000 : parsed.value;
}

function setAt(p: ParserState, expr: Expr, at: AtModifier, endIndex: number): Expr {
  const end = p.src.byteAt(endIndex);
  const twice = '@ <timestamp> may not be set multiple times';
  switch (expr.type) {
    case 'vectorSelector':
      if (expr.at !== undefined) p.semanticError(expr.pos, twice);
      return withSelector(p, expr, { at, pos: { start: expr.pos.start, end } });
    case 'matrixSelector':
      if (expr.selector.at !== undefined) p.semanticError(expr.pos, twice);
      return {
        ...expr,
        selector: withSelector(p, expr.selector, { at }),
        pos: { start: expr.pos.start, end },
      };
    case 'subquery':
      if (expr.at !== undefined) p.semanticError(expr.pos, twice);
      return { ...expr, at, pos: { start: expr.pos.start, end } };
    default:
      return p.semanticError(expr.pos, `@ modifier must be preceded by ${MODIFIABLE}`);
  }
}

/** A changed copy of a selector that keeps what the parse noted about it. */
function withSelector(p: ParserState, vs: VectorSelector, changes: Partial<VectorSelector>): VectorSelector {
  const copy: VectorSelector = { ...vs, ...changes };
  const note = p.notes.nameSetTwice.get(vs);
  if (note !== undefined) p.notes.nameSetTwice.set(copy, note);
  return copy;
}

/** Go's `%f`: six decimals, `+Inf`, `-Inf`, `NaN`. */
function goFormatF(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  return Math.abs(x) < 1e21 ? x.toFixed(6) : `${BigInt(x)}.000000`;
}
