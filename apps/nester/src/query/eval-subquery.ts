import type { SubqueryExpr } from '@seahawks/promql';
import type { Evaluator } from './evaluator.js';
import { matrixRangeSource } from './eval-selector.js';
import type { RangeSource } from './eval-selector.js';
import type { Matrix } from './values.js';

/** The steps of a subquery's inner evaluation for the outer evaluator `ev`. */
interface SubquerySteps {
  readonly startMs: number;
  readonly endMs: number;
  readonly intervalMs: number;
}

/**
 * Prometheus' `subqueryTimeRange`: the inner expression runs on its own grid, the multiples of
 * its step (absolute, not relative to the query), from the first one after the earliest window
 * start up to the outer end (aligned down to the outer grid) minus the offset.
 */
function subquerySteps(ev: Evaluator, sq: SubqueryExpr): SubquerySteps {
  const at = ev.resolveAt(sq.at);
  const intervalMs = sq.stepMs > 0 ? sq.stepMs : ev.settings.noStepSubqueryIntervalMs;
  const outerEnd = at ?? ev.startMs + Math.trunc((ev.endMs - ev.startMs) / ev.intervalMs) * ev.intervalMs;
  const earliest = (at ?? ev.startMs) - sq.offsetMs - sq.rangeMs;
  let startMs = intervalMs * Math.trunc(earliest / intervalMs);
  if (startMs <= earliest) startMs += intervalMs;
  return { startMs, endMs: outerEnd - sq.offsetMs, intervalMs };
}

/**
 * Evaluates a subquery (`expr[range:step]`). Its result is a range vector with points on the
 * inner grid; a range function then reads it through the returned `RangeSource` exactly like a
 * range selector's samples.
 */
export async function evalSubquery(
  ev: Evaluator,
  sq: SubqueryExpr,
): Promise<RangeSource & { series: Matrix }> {
  const steps = subquerySteps(ev, sq);
  const inner = ev.child(steps.startMs, steps.endMs, steps.intervalMs);
  const series = await inner.evalMatrix(sq.expr);
  return { ...matrixRangeSource(series, sq.rangeMs, sq.offsetMs, ev.resolveAt(sq.at)), series };
}
