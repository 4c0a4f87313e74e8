import type { AggregateExpr, BinaryExpr, Call, Expr, ValueType, VectorSelector } from './ast.js';
import { argumentCount, argumentType, getFunction } from './functions.js';
import type { ParserState } from './parser.js';
import { goQuote } from './quote.js';
import { inspectMatcher } from './regex.js';

const COMPARISONS = new Set(['==', '!=', '<=', '<', '>=', '>']);
const SET_OPERATORS = new Set(['and', 'or', 'unless']);

/**
 * Type-checks a parsed expression as Prometheus does after parsing, throwing the first
 * error in Prometheus' order (depth first, left to right). Returns the expression's type.
 */
export function checkExpr(p: ParserState, expr: Expr): ValueType {
  switch (expr.type) {
    case 'aggregate':
      checkAggregate(p, expr);
      break;
    case 'binary':
      checkBinary(p, expr);
      break;
    case 'call':
      checkCall(p, expr);
      break;
    case 'paren':
      checkExpr(p, expr.expr);
      break;
    case 'unary': {
      const t = checkExpr(p, expr.expr);
      if (t !== 'scalar' && t !== 'vector') {
        const got = goQuote(documentedType(t));
        fail(
          p,
          expr,
          `unary expression only allowed on expressions of type scalar or instant vector, got ${got}`,
        );
      }
      break;
    }
    case 'subquery': {
      const t = checkExpr(p, expr.expr);
      if (t !== 'vector') fail(p, expr, `subquery is only allowed on instant vector, got ${t} instead`);
      break;
    }
    case 'matrixSelector':
      checkSelector(p, expr.selector);
      break;
    case 'vectorSelector':
      checkSelector(p, expr);
      break;
    case 'number':
    case 'string':
      break;
  }
  return valueTypeOf(expr);
}

function fail(p: ParserState, node: Expr, reason: string): never {
  throw p.errorAt(node.pos, reason);
}

function expectType(p: ParserState, node: Expr, want: ValueType, context: string): void {
  const t = checkExpr(p, node);
  if (t !== want) {
    fail(p, node, `expected type ${documentedType(want)} in ${context}, got ${documentedType(t)}`);
  }
}

function checkAggregate(p: ParserState, expr: AggregateExpr): void {
  expectType(p, expr.expr, 'vector', 'aggregation expression');
  if (expr.param === undefined) return;
  expectType(p, expr.param, expr.op === 'count_values' ? 'string' : 'scalar', 'aggregation parameter');
}

function checkBinary(p: ParserState, expr: BinaryExpr): void {
  const lt = checkExpr(p, expr.lhs);
  const rt = checkExpr(p, expr.rhs);
  const written = p.notes.matching.get(expr);
  const opRange = written?.opRange ?? expr.pos;
  const m = written?.matching ?? expr.matching;
  const isSet = SET_OPERATORS.has(expr.op);
  if (expr.returnBool && !COMPARISONS.has(expr.op)) {
    throw p.errorAt(opRange, 'bool modifier can only be used on comparison operators');
  }
  if (COMPARISONS.has(expr.op) && !expr.returnBool && lt === 'scalar' && rt === 'scalar') {
    throw p.errorAt(opRange, 'comparisons between scalars must use BOOL modifier');
  }
  if (m?.on === true) {
    const clash = m.labels.find((l) => m.include.includes(l));
    if (clash !== undefined) {
      throw p.errorAt(opRange, `label ${goQuote(clash)} must not occur in ON and GROUP clause at once`);
    }
  }
  const operandError = 'binary expression must contain only scalar and instant vector types';
  if (lt !== 'scalar' && lt !== 'vector') fail(p, expr.lhs, operandError);
  if (rt !== 'scalar' && rt !== 'vector') fail(p, expr.rhs, operandError);
  const bothVectors = lt === 'vector' && rt === 'vector';
  if (!bothVectors && m !== undefined && m.labels.length > 0) {
    fail(p, expr, 'vector matching only allowed between instant vectors');
  }
  if (bothVectors && isSet && (m?.card === 'one-to-many' || m?.card === 'many-to-one')) {
    fail(p, expr, `no grouping allowed for "${expr.op}" operation`);
  }
  if (isSet && (lt === 'scalar' || rt === 'scalar')) {
    fail(p, expr, `set operator "${expr.op}" not allowed in binary scalar expression`);
  }
}

function checkCall(p: ParserState, expr: Call): void {
  const fn = getFunction(expr.func);
  if (fn === undefined) fail(p, expr, `unknown function with name ${goQuote(expr.func)}`);
  const { min, max } = argumentCount(fn);
  const n = expr.args.length;
  const name = goQuote(fn.name);
  if (fn.variadic === 0 && n !== min) {
    fail(p, expr, `expected ${min} argument(s) in call to ${name}, got ${n}`);
  }
  if (n < min) fail(p, expr, `expected at least ${min} argument(s) in call to ${name}, got ${n}`);
  if (n > max) fail(p, expr, `expected at most ${max} argument(s) in call to ${name}, got ${n}`);
  expr.args.forEach((arg, i) => {
    const want = argumentType(fn, i);
    const got = checkExpr(p, arg);
    if (want !== undefined && got !== want) {
      fail(
        p,
        arg,
        `expected type ${documentedType(want)} in call to function ${name}, got ${documentedType(got)}`,
      );
    }
  });
}

function checkSelector(p: ParserState, vs: VectorSelector): void {
  const twice = p.notes.nameSetTwice.get(vs);
  if (twice !== undefined) throw p.errorAt(vs.pos, twice);
  // A name is a matcher that cannot match the empty string.
  if (vs.name !== undefined) return;
  const selective = vs.matchers.some((m) => {
    const inspection = inspectMatcher(m);
    return inspection.ok && !inspection.matchesEmpty;
  });
  if (!selective) {
    throw p.errorAt(vs.pos, 'vector selector must contain at least one non-empty matcher');
  }
}

/**
 * The value type an expression evaluates to, as Prometheus types it: a binary operation is a
 * scalar only between two scalars, otherwise an instant vector.
 */
export function valueTypeOf(expr: Expr): ValueType {
  switch (expr.type) {
    case 'number':
      return 'scalar';
    case 'string':
      return 'string';
    case 'vectorSelector':
    case 'aggregate':
      return 'vector';
    case 'matrixSelector':
    case 'subquery':
      return 'matrix';
    case 'call':
      // Only calls of known functions are parsed; an unknown one (built by hand) is taken for a vector.
      return getFunction(expr.func)?.returnType ?? 'vector';
    case 'binary':
      return valueTypeOf(expr.lhs) === 'scalar' && valueTypeOf(expr.rhs) === 'scalar' ? 'scalar' : 'vector';
    case 'unary':
    case 'paren':
      return valueTypeOf(expr.expr);
  }
}

/** A value type as Prometheus' messages name it: "instant vector", "range vector", "scalar", "string". */
export function documentedType(t: ValueType): string {
  switch (t) {
    case 'vector':
      return 'instant vector';
    case 'matrix':
      return 'range vector';
    case 'scalar':
    case 'string':
      return t;
  }
}
