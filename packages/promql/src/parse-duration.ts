import { parseNumber, parsePromDuration } from './literals.js';
import type { ParserState } from './parser.js';

/**
 * A duration written in brackets or after `offset`, in seconds. Arithmetic (`[26m+4m]`,
 * `[60*30]`) is folded into one value here, as the AST keeps plain durations.
 */
export interface DurationValue {
  readonly seconds: number;
  /** String indices of the source text, `end` exclusive. */
  readonly start: number;
  readonly end: number;
}

/** Where a duration appears, for "unexpected" messages. */
export interface DurationContext {
  readonly context: string;
  readonly expected: string;
}

const PRECEDENCE: Readonly<Record<string, number>> = { '+': 1, '-': 1, '*': 2, '/': 2, '%': 2, '^': 3 };
const UNARY_OPERAND_PRECEDENCE = 3;
/** Largest duration Go's `time.Duration` holds, in seconds. */
const MAX_SECONDS = 2 ** 63 / 1e9;

/** Parses a duration expression: numbers (seconds), durations, `+ - * / % ^`, parentheses. */
export function parseDurationExpr(p: ParserState, where: DurationContext, minPrecedence = 1): DurationValue {
  let lhs = parseDurationUnary(p, where);
  for (;;) {
    const op = p.peek();
    const precedence = op.kind === 'operator' ? PRECEDENCE[op.word] : undefined;
    if (precedence === undefined || precedence < minPrecedence) return lhs;
    p.next();
    const rhs = parseDurationExpr(p, where, op.word === '^' ? precedence : precedence + 1);
    if (rhs.seconds === 0 && (op.word === '/' || op.word === '%')) {
      p.semanticError(p.range(op, op), op.word === '/' ? 'division by zero' : 'modulo by zero');
    }
    lhs = { seconds: apply(op.word, lhs.seconds, rhs.seconds), start: lhs.start, end: rhs.end };
  }
}

function apply(op: string, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '%':
      return a % b;
    default:
      return a ** b;
  }
}

function parseDurationUnary(p: ParserState, where: DurationContext): DurationValue {
  const t = p.peek();
  if (t.kind === 'operator' && (t.word === '+' || t.word === '-')) {
    p.next();
    const operand = parseDurationExpr(p, where, UNARY_OPERAND_PRECEDENCE);
    return { seconds: t.word === '-' ? -operand.seconds : operand.seconds, start: t.start, end: operand.end };
  }
  return parseDurationPrimary(p, where);
}

function parseDurationPrimary(p: ParserState, where: DurationContext): DurationValue {
  const t = p.peek();
  if (t.kind === 'number' || t.kind === 'duration') {
    p.next();
    return durationLiteral(p, t.kind === 'duration', t.text, t.start, t.end);
  }
  if (t.kind === '(') {
    p.next();
    const inner = parseDurationExpr(p, where);
    if (!p.at(')')) p.unexpected(where.context, where.expected);
    return { ...inner, start: t.start, end: p.next().end };
  }
  if (t.kind === 'preprocessor') rejectDurationFunction(p, where);
  return p.unexpected(where.context, where.expected);
}

/** `step()`, `range()`, `min_of(...)`, `max_of(...)` need the query's step and range: not supported. */
export function rejectDurationFunction(p: ParserState, where: DurationContext): never {
  const t = p.next();
  if (!p.at('(')) p.unexpected(where.context, where.expected);
  return p.semanticError(p.range(t, t), `duration expression ${t.word}() is experimental and not supported`);
}

/** A number (seconds) or duration token as seconds, within Go's duration range. */
export function durationLiteral(
  p: ParserState,
  isDuration: boolean,
  text: string,
  start: number,
  end: number,
): DurationValue {
  const pos = p.src.range(start, end);
  const parsed = isDuration ? parsePromDuration(text) : parseNumber(text);
  if (!parsed.ok) p.semanticError(pos, parsed.error);
  const seconds = isDuration ? parsed.value / 1000 : parsed.value;
  if (Math.abs(seconds) > MAX_SECONDS) p.semanticError(pos, 'duration out of range');
  return { seconds, start, end };
}

/** Go's `math.Round` (half away from zero) of seconds to milliseconds. */
export function secondsToMs(seconds: number): number {
  const ms = Math.sign(seconds) * Math.round(Math.abs(seconds) * 1000);
  // Normalise -0 so that "no offset" is always 0.
  return ms === 0 ? 0 : ms;
}

/** Requires a range or step to be positive. */
export function requirePositive(p: ParserState, d: DurationValue): void {
  if (!(d.seconds > 0)) p.semanticError(p.src.range(d.start, d.end), 'duration must be greater than 0');
}
