import type { Expr } from '@seahawks/promql';
import { lookupFunction } from './functions/index.js';

interface Verdict {
  /** The value of the subtree does not depend on the step. */
  readonly invariant: boolean;
  /** The subtree may be evaluated once and replicated (range selectors and strings never are). */
  readonly wrap: boolean;
}

function unwrapParens(expr: Expr): Expr {
  let e = expr;
  while (e.type === 'paren') e = e.expr;
  return e;
}

/**
 * Finds the highest subtrees whose value is the same at every step (everything under an `@`
 * modifier, constant arithmetic), as Prometheus' `PreprocessExpr` wraps them in
 * `StepInvariantExpr`. The evaluator computes such a subtree at the first step only and repeats
 * the value. Besides saving work this matters for exactness: Prometheus evaluates `rate(x[1m] @ t)`
 * once at the query start, and its extrapolation depends on that.
 */
export function findStepInvariant(root: Expr): ReadonlySet<Expr> {
  const out = new Set<Expr>();
  if (visit(root, out).wrap) out.add(root);
  return out;
}

function visit(expr: Expr, out: Set<Expr>): Verdict {
  switch (expr.type) {
    case 'number':
    case 'string':
      return { invariant: true, wrap: false };
    case 'vectorSelector': {
      const pinned = expr.at !== undefined;
      return { invariant: pinned, wrap: pinned };
    }
    case 'matrixSelector':
      // Range functions read their range selector directly; only their call gets wrapped.
      return { invariant: visit(expr.selector, out).invariant, wrap: false };
    case 'subquery': {
      // The inside is wrapped regardless of the subquery's own `@`, as Prometheus does.
      if (visit(expr.expr, out).invariant) out.add(expr.expr);
      return { invariant: expr.at !== undefined, wrap: false };
    }
    case 'aggregate':
      // Prometheus looks at the aggregated expression only, not at the parameter.
      return visit(expr.expr, out);
    case 'paren':
    case 'unary':
      return visit(expr.expr, out);
    case 'binary': {
      const l = visit(expr.lhs, out);
      const r = visit(expr.rhs, out);
      if (l.invariant && r.invariant) return { invariant: true, wrap: true };
      if (l.wrap) out.add(expr.lhs);
      if (r.wrap) out.add(expr.rhs);
      return { invariant: false, wrap: false };
    }
    case 'call':
      return visitCall(expr, out);
  }
}

function visitCall(expr: Extract<Expr, { type: 'call' }>, out: Set<Expr>): Verdict {
  // An unknown function is never reached (the checker refuses it); assume the worst anyway.
  const def = lookupFunction(expr.func);
  let invariant = def !== undefined && def.stepDependent !== true;
  // timestamp(x @ t) is invariant although timestamp() in general is not.
  let pinnedTimestamp = expr.func === 'timestamp';
  const args = expr.args.map(unwrapParens);
  const verdicts = args.map((arg) => visit(arg, out));
  verdicts.forEach((v, i) => {
    invariant &&= v.invariant;
    if (!v.invariant || args[i]!.type !== 'vectorSelector') pinnedTimestamp = false;
  });
  if (invariant || pinnedTimestamp) return { invariant: true, wrap: true };
  verdicts.forEach((v, i) => {
    if (v.wrap) out.add(args[i]!);
  });
  return { invariant: false, wrap: false };
}
