import type { Expr } from './ast.js';

/**
 * The expression as plain data without source positions, for comparing trees in tests
 * (`parseExpr(formatExpr(e))` equals `e` apart from positions).
 */
export function withoutPositions(expr: Expr): unknown {
  return JSON.parse(
    JSON.stringify(expr, (key, value: unknown) => {
      if (key === 'pos') return undefined;
      // JSON has no NaN or infinities; keep them distinguishable.
      if (typeof value === 'number' && !Number.isFinite(value)) return `number:${value}`;
      return value;
    }),
  );
}

/**
 * A compact prefix notation of the tree for precedence tests: `(- (^ 2 2))`, `(sum by(a) x)`.
 * Selectors print with their matchers after the name; modifiers as `@`/`offset` suffixes.
 */
export function tree(expr: Expr): string {
  switch (expr.type) {
    case 'number':
    case 'string':
      return String(expr.value);
    case 'vectorSelector': {
      const rest = expr.matchers.filter((m) => m.name !== '__name__' || m.value !== expr.name);
      const matchers =
        rest.length === 0 ? '' : `{${rest.map((m) => `${m.name}${m.type}${m.value}`).join(',')}}`;
      const offset = expr.offsetMs === 0 ? '' : ` offset ${expr.offsetMs}`;
      return `${expr.name ?? ''}${matchers}${offset}`;
    }
    case 'matrixSelector':
      return `${tree(expr.selector)}[${expr.rangeMs}]`;
    case 'subquery':
      return `${tree(expr.expr)}[${expr.rangeMs}:${expr.stepMs}]`;
    case 'call':
      return `(${expr.func} ${expr.args.map(tree).join(' ')})`;
    case 'aggregate': {
      const grouping =
        expr.without || expr.grouping.length > 0
          ? ` ${expr.without ? 'without' : 'by'}(${expr.grouping.join(',')})`
          : '';
      const param = expr.param === undefined ? '' : ` ${tree(expr.param)}`;
      return `(${expr.op}${grouping}${param} ${tree(expr.expr)})`;
    }
    case 'binary':
      return `(${expr.op}${expr.returnBool ? ' bool' : ''} ${tree(expr.lhs)} ${tree(expr.rhs)})`;
    case 'unary':
      return `(${expr.op} ${tree(expr.expr)})`;
    case 'paren':
      return tree(expr.expr);
  }
}

/** Every node's position as `type@start-end`, depth first. */
export function positions(expr: Expr): string[] {
  const here = `${expr.type}@${expr.pos.start}-${expr.pos.end}`;
  switch (expr.type) {
    case 'number':
    case 'string':
    case 'vectorSelector':
      return [here];
    case 'matrixSelector':
      return [here, ...positions(expr.selector)];
    case 'subquery':
    case 'paren':
    case 'unary':
      return [here, ...positions(expr.expr)];
    case 'call':
      return [here, ...expr.args.flatMap(positions)];
    case 'aggregate':
      return [here, ...(expr.param === undefined ? [] : positions(expr.param)), ...positions(expr.expr)];
    case 'binary':
      return [here, ...positions(expr.lhs), ...positions(expr.rhs)];
  }
}
