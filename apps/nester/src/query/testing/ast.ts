import type { Matcher, MatchType } from '@seahawks/model';
import type {
  AggregateExpr,
  AggregateOp,
  AtModifier,
  BinaryExpr,
  BinaryOp,
  Call,
  Expr,
  MatrixSelector,
  NumberLiteral,
  ParenExpr,
  StringLiteral,
  SubqueryExpr,
  UnaryExpr,
  VectorMatching,
  VectorSelector,
} from '@seahawks/promql';

// Small constructors for hand-written expression trees in tests; positions are irrelevant there.
const pos = { start: 0, end: 0 };

/** A number literal. */
export function num(value: number): NumberLiteral {
  return { type: 'number', value, pos };
}

/** A string literal. */
export function str(value: string): StringLiteral {
  return { type: 'string', value, pos };
}

/** `name{label op "value", ...}`; matchers as `['job', '=~', 'a.*']` triples. */
export function sel(
  name: string | undefined,
  matchers: ReadonlyArray<readonly [string, MatchType, string]> = [],
  mods: { offsetMs?: number; at?: AtModifier } = {},
): VectorSelector {
  const all: Matcher[] = matchers.map(([n, type, value]) => ({ name: n, type, value }));
  if (name !== undefined) all.unshift({ name: '__name__', type: '=', value: name });
  return { type: 'vectorSelector', name, matchers: all, offsetMs: mods.offsetMs ?? 0, at: mods.at, pos };
}

/** `selector[rangeMs]`. */
export function range(selector: VectorSelector, rangeMs: number): MatrixSelector {
  return { type: 'matrixSelector', selector, rangeMs, pos };
}

/** A function call. */
export function call(func: string, ...args: Expr[]): Call {
  return { type: 'call', func, args, pos };
}

/** An aggregation with `by` or `without` and an optional parameter. */
export function agg(
  op: AggregateOp,
  expr: Expr,
  opts: { by?: string[]; without?: string[]; param?: Expr } = {},
): AggregateExpr {
  const without = opts.without !== undefined;
  return {
    type: 'aggregate',
    op,
    expr,
    param: opts.param,
    grouping: opts.without ?? opts.by ?? [],
    without,
    pos,
  };
}

/** A binary operation; `on`/`ignoring` and `group_left`/`group_right` as in PromQL. */
export function bin(
  op: BinaryOp,
  lhs: Expr,
  rhs: Expr,
  opts: {
    bool?: boolean;
    on?: string[];
    ignoring?: string[];
    groupLeft?: string[];
    groupRight?: string[];
  } = {},
): BinaryExpr {
  const setOp = op === 'and' || op === 'or' || op === 'unless';
  const card: VectorMatching['card'] = setOp
    ? 'many-to-many'
    : opts.groupLeft !== undefined
      ? 'many-to-one'
      : opts.groupRight !== undefined
        ? 'one-to-many'
        : 'one-to-one';
  const matching: VectorMatching = {
    card,
    labels: opts.on ?? opts.ignoring ?? [],
    on: opts.on !== undefined,
    include: opts.groupLeft ?? opts.groupRight ?? [],
  };
  return { type: 'binary', op, lhs, rhs, returnBool: opts.bool ?? false, matching, pos };
}

/** Unary minus. */
export function neg(expr: Expr): UnaryExpr {
  return { type: 'unary', op: '-', expr, pos };
}

/** Parentheses. */
export function paren(expr: Expr): ParenExpr {
  return { type: 'paren', expr, pos };
}

/** `expr[range:step]` with optional offset and `@`. */
export function subquery(
  expr: Expr,
  rangeMs: number,
  stepMs: number,
  mods: { offsetMs?: number; at?: AtModifier } = {},
): SubqueryExpr {
  return { type: 'subquery', expr, rangeMs, stepMs, offsetMs: mods.offsetMs ?? 0, at: mods.at, pos };
}
