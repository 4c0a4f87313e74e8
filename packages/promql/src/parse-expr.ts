import type { BinaryExpr, BinaryOp, Expr, VectorMatching } from './ast.js';
import { valueTypeOf } from './check.js';
import { parsePostfix } from './parse-modifiers.js';
import { parsePrimary } from './parse-primary.js';
import type { ParserState } from './parser.js';
import { goQuote, unquote } from './quote.js';
import type { Token } from './tokens.js';
import { canNameLabel } from './tokens.js';

/** Binding strength of binary operators, loosest first, as in Prometheus' grammar. */
const PRECEDENCE: Readonly<Record<string, number>> = {
  or: 1,
  and: 2,
  unless: 2,
  '==': 3,
  '!=': 3,
  '<=': 3,
  '<': 3,
  '>=': 3,
  '>': 3,
  '</': 3,
  '>/': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
  '%': 5,
  atan2: 5,
  '^': 6,
};

/** Unary minus binds like `*`: looser than `^`, so `-2^2` is `-(2^2)`. */
const UNARY_OPERAND_PRECEDENCE = 6;

const SET_OPERATORS = new Set<BinaryOp>(['and', 'or', 'unless']);

function precedenceOf(t: Token): number | undefined {
  return t.kind === 'operator' ? PRECEDENCE[t.word] : undefined;
}

/** Parses an expression whose binary operators bind at least as tightly as `minPrecedence`. */
export function parseExpression(p: ParserState, minPrecedence = 1): Expr {
  let lhs = parseUnary(p);
  for (;;) {
    const op = p.peek();
    const precedence = precedenceOf(op);
    if (precedence === undefined || precedence < minPrecedence) return lhs;
    p.next();
    if (op.word === '</' || op.word === '>/') {
      p.semanticError(p.range(op, op), 'histogram trim operators are experimental and not supported');
    }
    const modifiers = parseBinaryModifiers(p, op);
    // `^` is right-associative; everything else is left-associative.
    const rhs = parseExpression(p, op.word === '^' ? precedence : precedence + 1);
    lhs = makeBinary(p, op, modifiers, lhs, rhs);
  }
}

function parseUnary(p: ParserState): Expr {
  const t = p.peek();
  if (t.kind !== 'operator' || (t.word !== '+' && t.word !== '-')) return parsePostfix(p, parsePrimary(p));
  p.next();
  const operand = parseExpression(p, UNARY_OPERAND_PRECEDENCE);
  const pos = { start: p.src.byteAt(t.start), end: operand.pos.end };
  // A signed number is a number literal, as in Prometheus.
  if (operand.type === 'number') {
    return { type: 'number', value: t.word === '-' ? -operand.value : operand.value, pos };
  }
  return { type: 'unary', op: t.word, expr: operand, pos };
}

interface BinaryModifiers {
  readonly returnBool: boolean;
  readonly matching: VectorMatching;
  /** String index just after the operator and its modifiers. */
  readonly end: number;
}

function parseBinaryModifiers(p: ParserState, op: Token): BinaryModifiers {
  let end = op.end;
  const bool = p.accept('keyword', 'bool');
  if (bool !== undefined) end = bool.end;
  let matching: VectorMatching = { card: 'one-to-one', labels: [], on: false, include: [] };
  const onOrIgnoring = p.accept('keyword', 'on') ?? p.accept('keyword', 'ignoring');
  if (onOrIgnoring !== undefined) {
    const grouping = parseGroupingLabels(p);
    end = grouping.end;
    matching = { ...matching, labels: grouping.labels, on: onOrIgnoring.word === 'on' };
    const group = p.accept('keyword', 'group_left') ?? p.accept('keyword', 'group_right');
    if (group !== undefined) {
      end = group.end;
      const include = p.at('(') ? parseGroupingLabels(p) : undefined;
      if (include !== undefined) end = include.end;
      const card = group.word === 'group_left' ? 'many-to-one' : 'one-to-many';
      matching = { ...matching, card, include: include?.labels ?? [] };
    }
  }
  const fill = p.peek();
  if (fill.kind === 'keyword' && fill.word.startsWith('fill')) {
    p.semanticError(p.range(fill, fill), 'binop fill modifiers are experimental and not supported');
  }
  return { returnBool: bool !== undefined, matching, end };
}

function makeBinary(p: ParserState, op: Token, mods: BinaryModifiers, lhs: Expr, rhs: Expr): BinaryExpr {
  const binaryOp = op.word as BinaryOp;
  const bothVectors = valueTypeOf(lhs) === 'vector' && valueTypeOf(rhs) === 'vector';
  let matching: VectorMatching | undefined;
  if (bothVectors) {
    const setOneToOne = SET_OPERATORS.has(binaryOp) && mods.matching.card === 'one-to-one';
    matching = setOneToOne ? { ...mods.matching, card: 'many-to-many' } : mods.matching;
  }
  const node: BinaryExpr = {
    type: 'binary',
    op: binaryOp,
    lhs,
    rhs,
    returnBool: mods.returnBool,
    matching,
    pos: { start: lhs.pos.start, end: rhs.pos.end },
  };
  p.notes.matching.set(node, { matching: mods.matching, opRange: p.range(op.start, mods.end) });
  return node;
}

/** Label names of `by`, `without`, `on`, `ignoring`, `group_left`, `group_right`. */
export interface GroupingLabels {
  readonly labels: string[];
  /** String index just after the closing parenthesis. */
  readonly end: number;
}

/**
 * Parses `(label, ...)` after a grouping keyword. Labels may be keywords (`by (on)`) or
 * quoted UTF-8 names (`by ("k8s.pod")`); a trailing comma is allowed.
 */
export function parseGroupingLabels(p: ParserState): GroupingLabels {
  if (!p.at('(')) p.unexpected('grouping opts', '"("');
  p.next();
  const labels: string[] = [];
  if (p.at(')')) return { labels, end: p.next().end };
  for (;;) {
    labels.push(parseGroupingLabel(p));
    if (p.accept(',') !== undefined) {
      if (p.at(')')) return { labels, end: p.next().end };
      continue;
    }
    if (p.at(')')) return { labels, end: p.next().end };
    p.unexpected('grouping opts', '"," or ")"');
  }
}

function parseGroupingLabel(p: ParserState): string {
  const t = p.peek();
  if (t.kind === 'string') {
    p.next();
    const name = unquote(t.text);
    if (name === '') p.semanticError(p.range(t, t), `invalid label name for grouping: ${goQuote(name)}`);
    return name;
  }
  if (!canNameLabel(t)) p.unexpected('grouping opts', 'label');
  p.next();
  return t.text;
}
