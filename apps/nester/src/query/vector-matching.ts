import { getLabel } from '@seahawks/model';
import type { Labels } from '@seahawks/model';
import type { BinaryOp, VectorMatching } from '@seahawks/promql';
import { internalError, QueryError } from './errors.js';
import { applyOp, changesMetricSchema } from './binary-ops.js';
import {
  dropMetadataLabels,
  formatLabelsGo,
  keepLabels,
  matchingKey,
  matchingLabels,
  removeLabels,
  withLabel,
} from './label-ops.js';
import { keyOf } from './matrix-ops.js';
import type { OutSample, Vector, VSample } from './values.js';

/** The matching key of a series' labels, memoized per label-set array (it is the same every step). */
function signatureFn(matching: VectorMatching): (labels: Labels) => string {
  const names = new Set(matching.labels);
  const cache = new WeakMap<Labels, string>();
  return (labels) => {
    let sig = cache.get(labels);
    if (sig === undefined) {
      sig = matchingKey(labels, names, matching.on);
      cache.set(labels, sig);
    }
    return sig;
  };
}

/** `and`, `or`, `unless` (many-to-many by definition): whole samples pass or not. */
export function setOperation(
  op: BinaryOp,
  matching: VectorMatching,
): (lhs: Vector, rhs: Vector) => OutSample[] {
  const sig = signatureFn(matching);
  return (lhs, rhs) => {
    switch (op) {
      case 'and': {
        if (lhs.length === 0 || rhs.length === 0) return [];
        const right = new Set(rhs.map((s) => sig(s.labels)));
        return lhs.filter((s) => right.has(sig(s.labels)));
      }
      case 'or': {
        if (lhs.length === 0) return [...rhs];
        if (rhs.length === 0) return [...lhs];
        const left = new Set(lhs.map((s) => sig(s.labels)));
        return [...lhs, ...rhs.filter((s) => !left.has(sig(s.labels)))];
      }
      case 'unless': {
        if (lhs.length === 0 || rhs.length === 0) return [...lhs];
        const right = new Set(rhs.map((s) => sig(s.labels)));
        return lhs.filter((s) => !right.has(sig(s.labels)));
      }
      default:
        throw internalError(`${op} is not a set operator`);
    }
  };
}

function duplicateSeriesError(matching: VectorMatching, a: VSample, b: VSample): QueryError {
  const oneSide = matching.card === 'one-to-many' ? 'left' : 'right';
  const group = formatLabelsGo(matchingLabels(a.labels, new Set(matching.labels), matching.on));
  // Sorted so the message is the same whichever order the series arrived in.
  const [d1, d2] = [formatLabelsGo(a.labels), formatLabelsGo(b.labels)].sort();
  return new QueryError(
    'execution',
    `found duplicate series for the match group ${group} on the ${oneSide} hand-side of the operation: ` +
      `[${d1}, ${d2}];many-to-many matching not allowed: matching labels must be unique on one side`,
  );
}

/**
 * Arithmetic and comparisons between two vectors (Prometheus' `VectorBinop`): one-to-one, or
 * many-to-one/one-to-many with `group_left`/`group_right`. The result takes the labels of the
 * "many" side (with `on(...)` one-to-one: only the `on` labels), the `group_x(...)` labels copied
 * from the "one" side, and no metric name after arithmetic or `bool`.
 */
export function vectorBinop(
  op: BinaryOp,
  matching: VectorMatching,
  returnBool: boolean,
  delayedNameRemoval: boolean,
): (lhs: Vector, rhs: Vector) => OutSample[] {
  if (matching.card === 'many-to-many') throw internalError('many-to-many only allowed for set operators');
  const sig = signatureFn(matching);
  const names = new Set(matching.labels);
  const dropName = changesMetricSchema(op) || (returnBool && !delayedNameRemoval);
  const resultCache = new WeakMap<Labels, WeakMap<Labels, Labels>>();

  const resultLabels = (many: Labels, one: Labels): Labels => {
    let inner = resultCache.get(many);
    if (inner === undefined) resultCache.set(many, (inner = new WeakMap()));
    let labels = inner.get(one);
    if (labels !== undefined) return labels;
    labels = dropName ? dropMetadataLabels(many) : many;
    if (matching.card === 'one-to-one')
      labels = matching.on ? keepLabels(labels, names) : removeLabels(labels, names);
    for (const name of matching.include) labels = withLabel(labels, name, getLabel(one, name) ?? '');
    inner.set(one, labels);
    return labels;
  };

  return (lhsIn, rhsIn) => {
    if (lhsIn.length === 0 || rhsIn.length === 0) return [];
    // Work as many-to-one: for one-to-many the sides swap and swap back for the values.
    const swapped = matching.card === 'one-to-many';
    const [many, one] = swapped ? [rhsIn, lhsIn] : [lhsIn, rhsIn];
    const oneBySig = new Map<string, VSample>();
    for (const s of one) {
      const key = sig(s.labels);
      const dup = oneBySig.get(key);
      if (dup !== undefined) throw duplicateSeriesError(matching, s, dup);
      oneBySig.set(key, s);
    }
    const matched = new Map<string, Set<string>>();
    const out: OutSample[] = [];
    for (const m of many) {
      const key = sig(m.labels);
      const o = oneBySig.get(key);
      if (o === undefined) continue;
      const [computed, keep] = swapped ? applyOp(op, o.v, m.v) : applyOp(op, m.v, o.v);
      const value = returnBool ? Number(keep) : computed;
      const labels = resultLabels(m.labels, o.labels);
      let seen = matched.get(key);
      if (seen === undefined) matched.set(key, (seen = new Set()));
      if (matching.card === 'one-to-one') {
        if (seen.size > 0) {
          throw new QueryError(
            'execution',
            'multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)',
          );
        }
        seen.add('');
      } else {
        const resultKey = keyOf(labels);
        if (seen.has(resultKey)) {
          throw new QueryError(
            'execution',
            'multiple matches for labels: grouping labels must ensure unique matches',
          );
        }
        seen.add(resultKey);
      }
      if (!keep && !returnBool) continue;
      out.push({ labels, v: value, dropName: returnBool });
    }
    return out;
  };
}
