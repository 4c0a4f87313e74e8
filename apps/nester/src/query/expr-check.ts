import type { AggregateExpr, BinaryExpr, Call, Expr, ValueType } from '@seahawks/promql';
import { documentedType, valueTypeOf as typeOf } from '@seahawks/promql';
import { QueryError, unsupportedAggregationError, unsupportedFunctionError } from './errors.js';
import { lookupFunction } from './functions/index.js';

/** Aggregation operators this engine implements (the others fail with a clear error). */
export const SUPPORTED_AGGREGATIONS: ReadonlySet<string> = new Set([
  'sum',
  'avg',
  'count',
  'min',
  'max',
  'group',
  'stddev',
  'stdvar',
  'quantile',
  'topk',
  'bottomk',
  'count_values',
  'limitk',
  'limit_ratio',
]);

/** Aggregations that take a parameter, and its type. */
const PARAM_TYPES: Readonly<Partial<Record<string, ValueType>>> = {
  quantile: 'scalar',
  topk: 'scalar',
  bottomk: 'scalar',
  limitk: 'scalar',
  limit_ratio: 'scalar',
  count_values: 'string',
};

const COMPARISONS: ReadonlySet<string> = new Set(['==', '!=', '>', '<', '>=', '<=']);
const SET_OPERATORS: ReadonlySet<string> = new Set(['and', 'or', 'unless']);

// The parser's type rules and message wording serve the engine too: one table, one truth.
// (checkExpr runs before any typeOf, so every function met by typeOf is one the engine has,
// and the two function tables agree on return types.)
export { documentedType, typeOf };

/** True for `== != > < >= <=`. */
export function isComparison(op: string): boolean {
  return COMPARISONS.has(op);
}

/** True for `and or unless`. */
export function isSetOperator(op: string): boolean {
  return SET_OPERATORS.has(op);
}

function badData(message: string): QueryError {
  return new QueryError('bad_data', message);
}

/**
 * Checks a whole expression before anything is fetched: every function and aggregation must be
 * implemented here, and operand types must fit (the parser checks the latter too; hand-built
 * trees get the same messages). Throws `QueryError`.
 */
export function checkExpr(expr: Expr): void {
  switch (expr.type) {
    case 'number':
    case 'string':
    case 'vectorSelector':
      return;
    case 'matrixSelector':
      return checkExpr(expr.selector);
    case 'subquery':
      checkExpr(expr.expr);
      if (typeOf(expr.expr) !== 'vector') {
        throw badData(
          `subquery is only allowed on instant vector, got ${documentedType(typeOf(expr.expr))} instead`,
        );
      }
      return;
    case 'call':
      return checkCall(expr);
    case 'aggregate':
      return checkAggregate(expr);
    case 'binary':
      return checkBinary(expr);
    case 'unary': {
      checkExpr(expr.expr);
      const t = typeOf(expr.expr);
      if (t !== 'scalar' && t !== 'vector') {
        throw badData('unary expression only allowed on expressions of type scalar or instant vector');
      }
      return;
    }
    case 'paren':
      return checkExpr(expr.expr);
  }
}

function checkCall(call: Call): void {
  const def = lookupFunction(call.func);
  if (def === undefined) throw unsupportedFunctionError(call.func);
  // Prometheus' arity rule: without `variadic` exactly the declared count; with it the last
  // declared argument becomes optional and may repeat up to `variadic` times (-1: unlimited).
  const declared = def.argTypes.length;
  const variadic = def.variadic ?? 0;
  const n = call.args.length;
  if (variadic === 0 && n !== declared) {
    throw badData(`expected ${declared} argument(s) in call to "${call.func}", got ${n}`);
  }
  if (variadic !== 0 && n < declared - 1) {
    throw badData(`expected at least ${declared - 1} argument(s) in call to "${call.func}", got ${n}`);
  }
  if (variadic > 0 && n > declared - 1 + variadic) {
    throw badData(
      `expected at most ${declared - 1 + variadic} argument(s) in call to "${call.func}", got ${n}`,
    );
  }
  call.args.forEach((arg, i) => {
    checkExpr(arg);
    const want = def.argTypes[Math.min(i, declared - 1)]!;
    const got = typeOf(arg);
    if (got !== want) {
      throw badData(
        `expected type ${documentedType(want)} in call to function "${call.func}", got ${documentedType(got)}`,
      );
    }
  });
}

function checkAggregate(agg: AggregateExpr): void {
  if (!SUPPORTED_AGGREGATIONS.has(agg.op)) throw unsupportedAggregationError(agg.op);
  checkExpr(agg.expr);
  const t = typeOf(agg.expr);
  if (t !== 'vector')
    throw badData(`expected type instant vector in aggregation expression, got ${documentedType(t)}`);
  const want = PARAM_TYPES[agg.op];
  if (want === undefined) return;
  if (agg.param === undefined) throw badData(`no parameter given for aggregation "${agg.op}"`);
  checkExpr(agg.param);
  const p = typeOf(agg.param);
  if (p !== want) {
    throw badData(`expected type ${documentedType(want)} in aggregation parameter, got ${documentedType(p)}`);
  }
}

function checkBinary(bin: BinaryExpr): void {
  checkExpr(bin.lhs);
  checkExpr(bin.rhs);
  const lt = typeOf(bin.lhs);
  const rt = typeOf(bin.rhs);
  if ((lt !== 'scalar' && lt !== 'vector') || (rt !== 'scalar' && rt !== 'vector')) {
    throw badData('binary expression must contain only scalar and instant vector types');
  }
  if (bin.returnBool && !isComparison(bin.op)) {
    throw badData('bool modifier can only be used on comparison operators');
  }
  if (lt === 'scalar' && rt === 'scalar' && isComparison(bin.op) && !bin.returnBool) {
    throw badData('comparisons between scalars must use BOOL modifier');
  }
  if (isSetOperator(bin.op) && (lt === 'scalar' || rt === 'scalar')) {
    throw badData(`set operator "${bin.op}" not allowed in binary scalar expression`);
  }
}
