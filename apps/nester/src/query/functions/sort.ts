import { getLabel } from '@seahawks/model';
import { compareLabels, compareStrings } from '../label-ops.js';
import type { OutSample, VSample } from '../values.js';
import type { FunctionDef, InstantFunctionDef, StepArg } from './registry.js';
import { stringArg, vectorArg } from './registry.js';

const SORT_WARNING = 'sort is ineffective for range queries since results are always ordered by labels';

/** Sort order of `sort`: ascending, NaN last. `sort_desc` flips the numbers, NaN still last. */
function byValue(descending: boolean): (a: VSample, b: VSample) => number {
  return (a, b) => {
    const an = Number.isNaN(a.v);
    const bn = Number.isNaN(b.v);
    if (an || bn) return an === bn ? 0 : an ? 1 : -1;
    return descending ? b.v - a.v : a.v - b.v;
  };
}

const MAX_INT64 = 9223372036854775807n;

/** A chunk of digits Go's `strconv.Atoi` accepts (it fits an int64), as a number. */
function atoi(chunk: string): bigint | undefined {
  if (!/^\d+$/.test(chunk)) return undefined;
  const n = BigInt(chunk);
  return n <= MAX_INT64 ? n : undefined;
}

/**
 * facette/natsort's `Compare`, which Prometheus uses: true when `a` comes first in natural order.
 * Strings split into runs of digits and non-digits; digit runs compare as numbers.
 */
export function naturalLess(a: string, b: string): boolean {
  const ca = a.match(/\d+|\D+/g) ?? [];
  const cb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < ca.length; i++) {
    if (i >= cb.length) return false;
    const x = ca[i]!;
    const y = cb[i]!;
    const xi = atoi(x);
    const yi = atoi(y);
    const equal = xi !== undefined && yi !== undefined ? xi === yi : x === y;
    if (!equal) return xi !== undefined && yi !== undefined ? xi < yi : compareStrings(x, y) < 0;
    // Equal so far: the string that ends first comes first.
    if (i === ca.length - 1) return true;
    if (i === cb.length - 1) return false;
  }
  return false;
}

function byLabels(names: readonly string[], descending: boolean): (a: VSample, b: VSample) => number {
  const sign = descending ? -1 : 1;
  return (a, b) => {
    for (const name of names) {
      const x = getLabel(a.labels, name) ?? '';
      const y = getLabel(b.labels, name) ?? '';
      if (x === y) continue;
      return naturalLess(x, y) ? -sign : sign;
    }
    // Equal on every listed label: the whole label set decides, so the order is total.
    return sign * compareLabels(a.labels, b.labels);
  };
}

function keep(s: VSample): OutSample {
  return { labels: s.labels, v: s.v, dropName: s.dropName };
}

function sorter(
  name: string,
  variadic: boolean,
  order: (args: readonly StepArg[]) => (a: VSample, b: VSample) => number,
): InstantFunctionDef {
  return {
    kind: 'instant',
    name,
    argTypes: variadic ? ['vector', 'string'] : ['vector'],
    variadic: variadic ? -1 : 0,
    returnType: 'vector',
    rangeWarning: SORT_WARNING,
    call: (args) => [...vectorArg(args, 0)].sort(order(args)).map(keep),
  };
}

const labelArgs = (args: readonly StepArg[]): string[] => args.slice(1).map((_, i) => stringArg(args, i + 1));

/** Orderings of an instant query's answer (a range query's is always by labels). */
export const sortFunctions: readonly FunctionDef[] = [
  sorter('sort', false, () => byValue(false)),
  sorter('sort_desc', false, () => byValue(true)),
  sorter('sort_by_label', true, (args) => byLabels(labelArgs(args), false)),
  sorter('sort_by_label_desc', true, (args) => byLabels(labelArgs(args), true)),
];
