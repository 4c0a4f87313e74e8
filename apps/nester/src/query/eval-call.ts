import { getLabel, METRIC_NAME } from '@seahawks/model';
import type { Labels } from '@seahawks/model';
import { formatExpr } from '@seahawks/promql';
import type { Call, Expr, PosRange } from '@seahawks/promql';
import { duplicateLabelsetError, internalError, unsupportedFunctionError } from './errors.js';
import type { Evaluator } from './evaluator.js';
import { typeOf } from './expr-check.js';
import { lookupFunction } from './functions/index.js';
import type {
  InstantFunctionDef,
  RangeFunctionDef,
  SeriesFunctionDef,
  StepArg,
} from './functions/registry.js';
import { evalVectorSelector, rangeSelectorSource } from './eval-selector.js';
import type { RangeSource } from './eval-selector.js';
import { evalSubquery } from './eval-subquery.js';
import { goQuote, hasDuplicateLabelsets } from './label-ops.js';
import { mergeSameLabelsets } from './matrix-ops.js';
import { rangeEval } from './range-eval.js';
import type { EvalValue, FPoint, Matrix, Vector } from './values.js';

function unwrapParens(expr: Expr): Expr {
  let e = expr;
  while (e.type === 'paren') e = e.expr;
  return e;
}

/** Evaluates a function call through the registry; no function is special-cased here by name. */
export async function evalCall(ev: Evaluator, call: Call): Promise<EvalValue> {
  const def = lookupFunction(call.func);
  if (def === undefined) throw unsupportedFunctionError(call.func);
  switch (def.kind) {
    case 'range':
      return { kind: 'matrix', series: await evalRangeFunction(ev, call, def) };
    case 'instant':
      return { kind: 'matrix', series: await evalInstantFunction(ev, call, def) };
    case 'series':
      return { kind: 'matrix', series: await evalSeriesFunction(ev, call, def) };
  }
}

/** The values of the scalar arguments at every step (`[step][argument]`), in argument order. */
async function scalarArgsPerStep(ev: Evaluator, args: readonly Expr[]): Promise<number[][]> {
  const steps = ev.stepTimes();
  const perStep: number[][] = steps.map(() => []);
  for (const arg of args) {
    const points = (await ev.evalMatrix(arg))[0]?.points ?? [];
    steps.forEach((_, k) => perStep[k]!.push(points[k]?.v ?? NaN));
  }
  return perStep;
}

async function rangeSourceOf(ev: Evaluator, arg: Expr): Promise<RangeSource> {
  const e = unwrapParens(arg);
  if (e.type === 'matrixSelector') return rangeSelectorSource(ev, e);
  if (e.type === 'subquery') return evalSubquery(ev, e);
  throw internalError(`range vector argument of type ${e.type}`);
}

/**
 * A function over a range vector, evaluated once per query for each distinct call text and step
 * grid: `sum by (mode) (rate(x[2h])) / scalar(sum(rate(x[2h])))` reads x's samples once. Within one
 * query the same text over the same steps always yields the same series (`@ start()` and
 * `@ end()` are the query's), and the samples budget counts a reuse as Prometheus counts the
 * second evaluation. An evaluation that made remarks is not reused: each call site must leave
 * its own position in the warnings.
 */
async function evalRangeFunction(ev: Evaluator, call: Call, def: RangeFunctionDef): Promise<Matrix> {
  const memo = ev.settings.rangeResults;
  const key =
    def.summarize === undefined ? `${ev.startMs}/${ev.endMs}/${ev.intervalMs}/${formatExpr(call)}` : '';
  const known = key === '' ? undefined : memo.get(key);
  if (known !== undefined) {
    ev.budget.add(known.reduce((n, s) => n + s.points.length, 0));
    return [...known];
  }
  const remarks = ev.settings.annotations.count;
  const out = await evalRangeFunctionOnce(ev, call, def);
  // A copy: callers sort their matrix in place, and a reuse must see the original order.
  if (key !== '' && ev.settings.annotations.count === remarks) memo.set(key, [...out]);
  return out;
}

/**
 * A function over a range vector: for every series and step, the points of that step's window go
 * to the function. Steps whose window is empty produce nothing without calling it.
 */
async function evalRangeFunctionOnce(ev: Evaluator, call: Call, def: RangeFunctionDef): Promise<Matrix> {
  const matrixIndex = def.argTypes.indexOf('matrix');
  const scalars = await scalarArgsPerStep(
    ev,
    call.args.filter((_, i) => i !== matrixIndex),
  );
  const source = await rangeSourceOf(ev, call.args[matrixIndex]!);
  const firstScalarPos = call.args.find((_, i) => i !== matrixIndex)?.pos ?? call.pos;
  const steps = ev.stepTimes();
  const { rangeMs, offsetMs, atMs } = source;
  const out: Matrix = await source.each((s) => {
    ev.checkAlive();
    const pts = s.points;
    const points: FPoint[] = [];
    let lo = 0;
    let hi = 0;
    for (let k = 0; k < steps.length; k++) {
      const t = steps[k]!;
      const end = (atMs ?? t) - offsetMs;
      while (hi < pts.length && pts[hi]!.t <= end) hi++;
      while (lo < hi && pts[lo]!.t <= end - rangeMs) lo++;
      if (hi === lo) continue;
      ev.budget.check(hi - lo);
      // With `@` the window stays put, but Prometheus measures extrapolation from the step's
      // time shifted by the offset it derived for the query start; mirror it exactly.
      const bound = atMs === undefined ? end : t - offsetMs - ev.startMs + atMs;
      const window = {
        points: pts.slice(lo, hi),
        rangeStartMs: bound - rangeMs,
        rangeEndMs: bound,
        rangeMs,
        evalMs: t,
      };
      const warning = def.scalarWarning?.(scalars[k]!);
      if (warning !== undefined) ev.settings.annotations.warn(warning, firstScalarPos);
      const v = def.call(window, scalars[k]!);
      if (v !== undefined) points.push({ t, v });
    }
    if (points.length === 0) return undefined;
    ev.budget.add(points.length);
    if (def.expectsCounter === true) noteNonCounter(ev, s.labels, call.args[matrixIndex]!.pos);
    const dropName = s.dropName || def.keepMetricName !== true;
    return { labels: ev.namedLabels({ labels: s.labels, dropName }), points, dropName };
  });
  if (def.summarize !== undefined) return def.summarize(out, { steps, arg: call.args[matrixIndex]! });
  if (!ev.settings.delayedNameRemoval && hasDuplicateLabelsets(out)) throw duplicateLabelsetError();
  return out;
}

const COUNTER_SUFFIXES = ['_total', '_sum', '_count', '_bucket'];

/** Prometheus' info when `rate`/`increase` read a series whose name does not say "counter". */
function noteNonCounter(ev: Evaluator, labels: Labels, pos: PosRange): void {
  const name = getLabel(labels, METRIC_NAME);
  if (name === undefined || COUNTER_SUFFIXES.some((suffix) => name.endsWith(suffix))) return;
  ev.settings.annotations.info(
    `metric might not be a counter, name does not end in _total/_sum/_count/_bucket: ${goQuote(name)}`,
    pos,
  );
}

/** A function over instant vectors, scalars and strings, called once per step. */
async function evalInstantFunction(ev: Evaluator, call: Call, def: InstantFunctionDef): Promise<Matrix> {
  const before = ev.budget.current;
  if (def.rangeWarning !== undefined && !ev.isInstant)
    ev.settings.annotations.warn(def.rangeWarning, call.pos);
  const args = call.args.map(unwrapParens);
  const types = args.map(typeOf);
  const strings: (string | undefined)[] = [];
  const inputs: Matrix[] = [];
  const first = args[0];
  // timestamp(x) reports when x's samples were stored, which only a bare selector still knows.
  const stored = def.storedTimestamps === true && first?.type === 'vectorSelector';
  for (const [i, arg] of args.entries()) {
    if (types[i] === 'string') {
      const value = await ev.eval(arg);
      strings.push(value.kind === 'string' ? value.value : undefined);
      inputs.push([]);
    } else {
      strings.push(undefined);
      const series =
        i === 0 && stored && first?.type === 'vectorSelector'
          ? await evalVectorSelector(ev, first, 'timestamp')
          : await ev.evalMatrix(arg);
      inputs.push(series);
    }
  }
  return rangeEval(ev, before, inputs, (vectors, t) => {
    const stepArgs: StepArg[] = args.map((_, i) => {
      const s = strings[i];
      if (s !== undefined) return s;
      const vector: Vector = vectors[i]!;
      if (types[i] === 'scalar') return vector[0]?.v ?? NaN;
      return stored && i === 0 ? vector.map((x) => ({ ...x, t: x.v })) : vector;
    });
    return def.call(stepArgs, {
      evalMs: t,
      args: call.args,
      annotations: ev.settings.annotations,
      delayedNameRemoval: ev.settings.delayedNameRemoval,
    });
  });
}

/** A function that rewrites the labels of whole series (`label_replace`, `label_join`). */
async function evalSeriesFunction(ev: Evaluator, call: Call, def: SeriesFunctionDef): Promise<Matrix> {
  const strings: string[] = [];
  for (const arg of call.args.slice(1)) {
    const value = await ev.eval(arg);
    if (value.kind !== 'string') throw internalError(`argument of ${call.func} is not a string`);
    strings.push(value.value);
  }
  const rewrite = def.prepare(strings);
  const input = await ev.evalMatrix(call.args[0]!);
  return mergeSameLabelsets(input.map(rewrite));
}
