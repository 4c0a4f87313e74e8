import type { Matcher } from '@seahawks/model';

/** Source position of a node: byte offsets into the query text, `end` exclusive. */
export interface PosRange {
  readonly start: number;
  readonly end: number;
}

/** The four PromQL value types, named as Prometheus names them in its error messages. */
export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

export type BinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '^'
  | 'atan2'
  | '=='
  | '!='
  | '>'
  | '<'
  | '>='
  | '<='
  | 'and'
  | 'or'
  | 'unless';

export type AggregateOp =
  | 'sum'
  | 'avg'
  | 'min'
  | 'max'
  | 'count'
  | 'group'
  | 'stddev'
  | 'stdvar'
  | 'topk'
  | 'bottomk'
  | 'quantile'
  | 'count_values'
  | 'limitk'
  | 'limit_ratio';

/** `@` modifier: a fixed time in ms, or the query's start()/end(). */
export type AtModifier =
  { readonly kind: 'time'; readonly ms: number } | { readonly kind: 'start' } | { readonly kind: 'end' };

export interface NumberLiteral {
  readonly type: 'number';
  readonly value: number;
  readonly pos: PosRange;
}

export interface StringLiteral {
  readonly type: 'string';
  readonly value: string;
  readonly pos: PosRange;
}

/** `name{l="v"} offset 5m @ 123`: instant vector selector. `name` is also present as a `__name__` matcher. */
export interface VectorSelector {
  readonly type: 'vectorSelector';
  readonly name: string | undefined;
  readonly matchers: readonly Matcher[];
  /** Offset in ms (negative allowed); 0 when absent. */
  readonly offsetMs: number;
  readonly at: AtModifier | undefined;
  readonly pos: PosRange;
}

/** `selector[5m]`. Offset and `@` live on the inner selector, as in Prometheus. */
export interface MatrixSelector {
  readonly type: 'matrixSelector';
  readonly selector: VectorSelector;
  readonly rangeMs: number;
  readonly pos: PosRange;
}

/** `expr[range:step]`; `stepMs` 0 means the default evaluation interval. */
export interface SubqueryExpr {
  readonly type: 'subquery';
  readonly expr: Expr;
  readonly rangeMs: number;
  readonly stepMs: number;
  readonly offsetMs: number;
  readonly at: AtModifier | undefined;
  readonly pos: PosRange;
}

export interface Call {
  readonly type: 'call';
  readonly func: string;
  readonly args: readonly Expr[];
  readonly pos: PosRange;
}

export interface AggregateExpr {
  readonly type: 'aggregate';
  readonly op: AggregateOp;
  readonly expr: Expr;
  /** The parameter of topk/bottomk/quantile/count_values/limitk/limit_ratio. */
  readonly param: Expr | undefined;
  /** Label names of `by (...)` or `without (...)`; empty list with `without: false` = aggregate everything. */
  readonly grouping: readonly string[];
  readonly without: boolean;
  readonly pos: PosRange;
}

/** Vector matching of a binary operation between two vectors. */
export interface VectorMatching {
  readonly card: 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';
  /** Label names of `on(...)` (when `on` is true) or `ignoring(...)`. */
  readonly labels: readonly string[];
  readonly on: boolean;
  /** Extra labels listed in `group_left(...)`/`group_right(...)`. */
  readonly include: readonly string[];
}

export interface BinaryExpr {
  readonly type: 'binary';
  readonly op: BinaryOp;
  readonly lhs: Expr;
  readonly rhs: Expr;
  /** `bool` modifier on a comparison. */
  readonly returnBool: boolean;
  /** Present when both sides are vectors. */
  readonly matching: VectorMatching | undefined;
  readonly pos: PosRange;
}

export interface UnaryExpr {
  readonly type: 'unary';
  readonly op: '-' | '+';
  readonly expr: Expr;
  readonly pos: PosRange;
}

export interface ParenExpr {
  readonly type: 'paren';
  readonly expr: Expr;
  readonly pos: PosRange;
}

export type Expr =
  | NumberLiteral
  | StringLiteral
  | VectorSelector
  | MatrixSelector
  | SubqueryExpr
  | Call
  | AggregateExpr
  | BinaryExpr
  | UnaryExpr
  | ParenExpr;
