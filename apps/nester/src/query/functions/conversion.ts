import { METRIC_NAME } from '@seahawks/model';
import type { Labels, Matcher } from '@seahawks/model';
import type { Expr } from '@seahawks/promql';
import { withLabel } from '../label-ops.js';
import type { FunctionDef } from './registry.js';
import { scalarArg, vectorArg } from './registry.js';

/**
 * The labels `absent(x{...})` reports: those of the equality matchers, except the metric name
 * and any label matched more than once (Prometheus keeps that historic quirk).
 */
export function absentLabels(expr: Expr | undefined): Labels {
  let matchers: readonly Matcher[];
  if (expr?.type === 'vectorSelector') matchers = expr.matchers;
  else if (expr?.type === 'matrixSelector') matchers = expr.selector.matchers;
  else return [];
  let labels: Labels = [];
  const seen = new Set<string>();
  for (const m of matchers) {
    if (m.name === METRIC_NAME) continue;
    if (m.type === '=' && !seen.has(m.name)) {
      labels = withLabel(labels, m.name, m.value);
      seen.add(m.name);
    } else {
      labels = withLabel(labels, m.name, '');
    }
  }
  return labels;
}

/** Conversions between scalars and vectors, time, timestamps and absence. */
export const conversionFunctions: readonly FunctionDef[] = [
  {
    kind: 'instant',
    name: 'time',
    argTypes: [],
    returnType: 'scalar',
    stepDependent: true,
    call: (_args, ctx) => [{ labels: [], v: ctx.evalMs / 1000, dropName: false }],
  },
  {
    kind: 'instant',
    name: 'timestamp',
    argTypes: ['vector'],
    returnType: 'vector',
    stepDependent: true,
    storedTimestamps: true,
    call: (args) => vectorArg(args, 0).map((s) => ({ labels: s.labels, v: s.t / 1000, dropName: true })),
  },
  {
    kind: 'instant',
    name: 'vector',
    argTypes: ['scalar'],
    returnType: 'vector',
    call: (args) => [{ labels: [], v: scalarArg(args, 0), dropName: false }],
  },
  {
    kind: 'instant',
    name: 'scalar',
    argTypes: ['vector'],
    returnType: 'scalar',
    call: (args) => {
      const vector = vectorArg(args, 0);
      // Anything but exactly one element has no single value: NaN, as in Prometheus.
      const v = vector.length === 1 ? vector[0]!.v : NaN;
      return [{ labels: [], v, dropName: false }];
    },
  },
  {
    kind: 'instant',
    name: 'absent',
    argTypes: ['vector'],
    returnType: 'vector',
    call: (args, ctx) =>
      vectorArg(args, 0).length > 0 ? [] : [{ labels: absentLabels(ctx.args[0]), v: 1, dropName: false }],
  },
  {
    kind: 'range',
    name: 'absent_over_time',
    argTypes: ['matrix'],
    returnType: 'vector',
    call: () => 1,
    summarize: (perSeries, { steps, arg }) => {
      const present = new Set(perSeries.flatMap((s) => s.points.map((p) => p.t)));
      const points = steps.filter((t) => !present.has(t)).map((t) => ({ t, v: 1 }));
      return points.length === 0 ? [] : [{ labels: absentLabels(arg), points, dropName: true }];
    },
  },
];
