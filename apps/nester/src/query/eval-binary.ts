import type { BinaryExpr, BinaryOp, VectorMatching } from '@seahawks/promql';
import { applyOp, changesMetricSchema } from './binary-ops.js';
import type { Evaluator } from './evaluator.js';
import { isComparison, isSetOperator, typeOf } from './expr-check.js';
import { rangeEval } from './range-eval.js';
import type { Matrix, OutSample, Vector } from './values.js';
import { setOperation, vectorBinop } from './vector-matching.js';

/** Operation between two scalars; comparisons (always `bool` here) give 1 or 0. */
function scalarOp(op: BinaryOp, l: number, r: number): number {
  const [value, keep] = applyOp(op, l, r);
  return isComparison(op) ? Number(keep) : value;
}

/**
 * Operation between every element of a vector and a scalar (Prometheus' `VectorscalarBinop`).
 * `swap` when the scalar was on the left. A comparison keeps the vector's own value.
 */
function vectorScalar(
  op: BinaryOp,
  vector: Vector,
  scalar: number,
  swap: boolean,
  bool: boolean,
): OutSample[] {
  const out: OutSample[] = [];
  const dropsName = changesMetricSchema(op) || bool;
  for (const s of vector) {
    const [l, r] = swap ? [scalar, s.v] : [s.v, scalar];
    let [value, keep] = applyOp(op, l, r);
    if (isComparison(op) && swap) value = s.v;
    if (bool) {
      value = Number(keep);
      keep = true;
    }
    if (keep) out.push({ labels: s.labels, v: value, dropName: s.dropName || dropsName });
  }
  return out;
}

/** The matching Prometheus' parser attaches to a vector/vector operation when none is written. */
function defaultMatching(op: BinaryOp): VectorMatching {
  return { card: isSetOperator(op) ? 'many-to-many' : 'one-to-one', labels: [], on: false, include: [] };
}

/** Binary operators between scalars and instant vectors, with vector matching. */
export async function evalBinary(ev: Evaluator, bin: BinaryExpr): Promise<Matrix> {
  const before = ev.budget.current;
  const lhsScalar = typeOf(bin.lhs) === 'scalar';
  const rhsScalar = typeOf(bin.rhs) === 'scalar';
  const lhs = await ev.evalMatrix(bin.lhs);
  const rhs = await ev.evalMatrix(bin.rhs);
  const { op, returnBool } = bin;

  if (lhsScalar && rhsScalar) {
    return rangeEval(ev, before, [lhs, rhs], ([l, r]) => [
      { labels: [], v: scalarOp(op, l![0]?.v ?? NaN, r![0]?.v ?? NaN), dropName: false },
    ]);
  }
  if (rhsScalar) {
    return rangeEval(ev, before, [lhs, rhs], ([l, r]) =>
      vectorScalar(op, l!, r![0]?.v ?? NaN, false, returnBool),
    );
  }
  if (lhsScalar) {
    return rangeEval(ev, before, [lhs, rhs], ([l, r]) =>
      vectorScalar(op, r!, l![0]?.v ?? NaN, true, returnBool),
    );
  }
  const matching = bin.matching ?? defaultMatching(op);
  if (isSetOperator(op)) {
    const setOp = setOperation(op, matching);
    return rangeEval(ev, before, [lhs, rhs], ([l, r]) => setOp(l!, r!));
  }
  const binop = vectorBinop(op, matching, returnBool, ev.settings.delayedNameRemoval);
  return rangeEval(ev, before, [lhs, rhs], ([l, r]) => binop(l!, r!));
}
