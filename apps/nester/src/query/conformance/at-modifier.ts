import type { Expr } from '@seahawks/promql';

// Prometheus' AtModifierUnsafeFunctions: their result depends on the evaluation time itself.
const AT_UNSAFE = new Set([
  'days_in_month',
  'day_of_month',
  'day_of_week',
  'day_of_year',
  'end',
  'hour',
  'minute',
  'month',
  'year',
  'predict_linear',
  'range',
  'start',
  'step',
  'time',
  'timestamp',
]);

/**
 * promqltest's `atModifierTestCases`: the same query with `@ <eval time>` on every selector and
 * subquery not inside a subquery that has one, to be run at other times and give the same answer.
 * Returns undefined when the query uses a function whose result depends on the evaluation time.
 */
export function pinToTime(expr: Expr, ms: number): Expr | undefined {
  const state = { unsafe: false };
  const pinned = pin(expr, ms, state);
  return state.unsafe ? undefined : pinned;
}

function pin(expr: Expr, ms: number, state: { unsafe: boolean }): Expr {
  const at = { kind: 'time' as const, ms };
  switch (expr.type) {
    case 'number':
    case 'string':
      return expr;
    case 'vectorSelector':
      return { ...expr, at: expr.at ?? at };
    case 'matrixSelector':
      return { ...expr, selector: { ...expr.selector, at: expr.selector.at ?? at } };
    case 'subquery':
      // Once the subquery is pinned its inside stays as written (and is not inspected further).
      return { ...expr, at: expr.at ?? at };
    case 'call':
      if (AT_UNSAFE.has(expr.func)) state.unsafe = true;
      return { ...expr, args: expr.args.map((a) => pin(a, ms, state)) };
    case 'aggregate':
      return {
        ...expr,
        expr: pin(expr.expr, ms, state),
        param: expr.param === undefined ? undefined : pin(expr.param, ms, state),
      };
    case 'binary':
      return { ...expr, lhs: pin(expr.lhs, ms, state), rhs: pin(expr.rhs, ms, state) };
    case 'unary':
    case 'paren':
      return { ...expr, expr: pin(expr.expr, ms, state) };
  }
}

/** The evaluation times promqltest tries the pinned query at. */
export function pinnedEvalTimes(ms: number): number[] {
  if (ms === 0) return [-1000, 0, 1000];
  return [-10 * ms, 0, Math.trunc(ms / 5), ms, 10 * ms];
}
