import type { AggregateExpr, AggregateOp, Call, Expr, NumberLiteral } from './ast.js';
import { getFunction } from './functions.js';
import { parsePromDuration, parseNumber } from './literals.js';
import { parseExpression, parseGroupingLabels } from './parse-expr.js';
import { parseVectorSelector } from './parse-selector.js';
import type { ParserState } from './parser.js';
import { goQuote, unquote } from './quote.js';
import type { Token } from './tokens.js';
import { canNameMetric } from './tokens.js';

/** Aggregations that take a parameter before the vector: `topk(3, x)`, `count_values("l", x)`. */
const PARAMETER_AGGREGATIONS = new Set<AggregateOp>([
  'topk',
  'bottomk',
  'quantile',
  'count_values',
  'limitk',
  'limit_ratio',
]);

/** Words followed by `(` that are function calls although they are keywords. */
const CALLABLE_PREPROCESSORS = new Set(['start', 'end', 'step', 'range', 'min_of', 'max_of']);

/** Parses an operand: literal, selector, call, aggregation or parenthesised expression. */
export function parsePrimary(p: ParserState): Expr {
  const t = p.peek();
  switch (t.kind) {
    case 'number':
    case 'duration':
      p.next();
      return numberLiteral(p, t);
    case 'string':
      p.next();
      return { type: 'string', value: unquote(t.text), pos: p.range(t, t) };
    case '(':
      return parseParen(p);
    case '{':
      return parseVectorSelector(p, undefined);
    case 'aggregator':
      p.next();
      if (p.at('(') || p.at('keyword', 'by') || p.at('keyword', 'without')) return parseAggregation(p, t);
      return parseVectorSelector(p, t);
    case 'identifier':
    case 'preprocessor':
      p.next();
      if (p.at('(') && (t.kind === 'identifier' || CALLABLE_PREPROCESSORS.has(t.word))) {
        return parseCall(p, t);
      }
      return parseVectorSelector(p, t);
    default:
      if (!canNameMetric(t)) p.unexpected();
      p.next();
      return parseVectorSelector(p, t);
  }
}

/** A number or duration token; durations count as seconds, as in Prometheus. */
export function numberLiteral(p: ParserState, t: Token): NumberLiteral {
  const pos = p.range(t, t);
  if (t.kind === 'duration') {
    const ms = parsePromDuration(t.text);
    if (!ms.ok) p.semanticError(pos, ms.error);
    return { type: 'number', value: ms.value / 1000, pos };
  }
  const n = parseNumber(t.text);
  if (!n.ok) p.semanticError(pos, n.error);
  return { type: 'number', value: n.value, pos };
}

function parseParen(p: ParserState): Expr {
  const open = p.next();
  const expr = parseExpression(p);
  if (!p.at(')')) p.unexpected();
  const close = p.next();
  return { type: 'paren', expr, pos: p.range(open, close) };
}

function parseCall(p: ParserState, name: Token): Call {
  const body = parseCallBody(p);
  if (getFunction(name.text) === undefined) {
    p.semanticError(p.range(name, name), `unknown function with name ${goQuote(name.text)}`);
  }
  return { type: 'call', func: name.text, args: body.args, pos: p.range(name.start, body.end) };
}

interface CallBody {
  readonly args: Expr[];
  /** String index just after the closing parenthesis. */
  readonly end: number;
}

/** `(arg, ...)` of a call or an aggregation. */
function parseCallBody(p: ParserState): CallBody {
  if (!p.at('(')) p.unexpected();
  p.next();
  const args: Expr[] = [];
  if (p.at(')')) return { args, end: p.next().end };
  for (;;) {
    args.push(parseExpression(p));
    const comma = p.accept(',');
    if (comma !== undefined) {
      if (p.at(')')) {
        p.semanticError(p.range(comma, comma), 'trailing commas not allowed in function call args');
      }
      continue;
    }
    if (p.at(')')) return { args, end: p.next().end };
    p.unexpected();
  }
}

function parseAggregation(p: ParserState, opToken: Token): AggregateExpr {
  const op = opToken.word as AggregateOp;
  let grouping: string[] = [];
  let without = false;
  p.aggregationDepth++;
  const before = p.accept('keyword', 'by') ?? p.accept('keyword', 'without');
  if (before !== undefined) {
    grouping = parseGroupingLabels(p).labels;
    without = before.word === 'without';
  }
  const body = parseCallBody(p);
  p.aggregationDepth--;
  let end = body.end;
  const after =
    before === undefined ? (p.accept('keyword', 'by') ?? p.accept('keyword', 'without')) : undefined;
  if (after !== undefined) {
    const labels = parseGroupingLabels(p);
    grouping = labels.labels;
    without = after.word === 'without';
    end = labels.end;
  }
  const pos = p.range(opToken.start, end);
  const args = body.args;
  if (args.length === 0) p.semanticError(pos, 'no arguments for aggregate expression provided');
  const wanted = PARAMETER_AGGREGATIONS.has(op) ? 2 : 1;
  if (args.length !== wanted) {
    p.semanticError(
      pos,
      `wrong number of arguments for aggregate expression provided, expected ${wanted}, got ${args.length}`,
    );
  }
  const expr = args[wanted - 1]!;
  return { type: 'aggregate', op, expr, param: wanted === 2 ? args[0] : undefined, grouping, without, pos };
}
