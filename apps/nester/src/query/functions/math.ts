import type { FunctionDef, InstantFunctionDef } from './registry.js';
import { mapValues, scalarArg, vectorArg } from './registry.js';

// Go folds the constant expressions Ln2/Ln10 and 1/Ln2 exactly and rounds once; these are those
// float64 values. `Math.LN2 / Math.LN10` rounds twice and is one unit in the last place lower.
const LN2_OVER_LN10 = 0.3010299956639812;
const ONE_OVER_LN2 = 1.4426950408889634;

const frexpView = new DataView(new ArrayBuffer(8));

/** Go's `math.Frexp`: x = frac × 2^exp with frac in [0.5, 1). */
function frexp(x: number): [frac: number, exp: number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  let exp = 0;
  let v = x;
  frexpView.setFloat64(0, v);
  if (((frexpView.getUint32(0) >>> 20) & 0x7ff) === 0) {
    // Subnormal: scale into the normal range first.
    v *= 2 ** 52;
    exp = -52;
    frexpView.setFloat64(0, v);
  }
  const hi = frexpView.getUint32(0);
  exp += ((hi >>> 20) & 0x7ff) - 1022;
  frexpView.setUint32(0, ((hi & 0x800fffff) | (1022 << 20)) >>> 0);
  return [frexpView.getFloat64(0), exp];
}

/** Go's `math.Log2`, exact for powers of two like Prometheus' answers. */
export function goLog2(x: number): number {
  const [frac, exp] = frexp(x);
  if (frac === 0.5) return exp - 1;
  return Math.log(frac) * ONE_OVER_LN2 + exp;
}

/** Go's `math.Log10`, computed through `Log2` as Go does (not through the natural logarithm). */
export function goLog10(x: number): number {
  return goLog2(x) * LN2_OVER_LN10;
}

/** A function applying `f` to every sample, dropping the metric name. */
function simple(name: string, f: (v: number) => number): InstantFunctionDef {
  return {
    kind: 'instant',
    name,
    argTypes: ['vector'],
    returnType: 'vector',
    call: (args) => mapValues(vectorArg(args, 0), f),
  };
}

function clampTo(
  name: string,
  argTypes: InstantFunctionDef['argTypes'],
  bounds: (args: Parameters<InstantFunctionDef['call']>[0]) => [number, number],
): InstantFunctionDef {
  return {
    kind: 'instant',
    name,
    argTypes,
    returnType: 'vector',
    call: (args) => {
      const [min, max] = bounds(args);
      // Prometheus returns nothing rather than guess when the bounds are crossed.
      if (max < min) return [];
      return mapValues(vectorArg(args, 0), (v) => Math.max(min, Math.min(max, v)));
    },
  };
}

/** Arithmetic, rounding, clamping and trigonometry on instant vectors. */
export const mathFunctions: readonly FunctionDef[] = [
  simple('abs', Math.abs),
  simple('ceil', Math.ceil),
  simple('floor', Math.floor),
  simple('exp', Math.exp),
  simple('sqrt', Math.sqrt),
  simple('ln', Math.log),
  simple('log2', goLog2),
  simple('log10', goLog10),
  simple('sgn', (v) => (v < 0 ? -1 : v > 0 ? 1 : v)),
  simple('sin', Math.sin),
  simple('cos', Math.cos),
  simple('tan', Math.tan),
  simple('asin', Math.asin),
  simple('acos', Math.acos),
  simple('atan', Math.atan),
  simple('sinh', Math.sinh),
  simple('cosh', Math.cosh),
  simple('tanh', Math.tanh),
  simple('asinh', Math.asinh),
  simple('acosh', Math.acosh),
  simple('atanh', Math.atanh),
  simple('deg', (v) => (v * 180) / Math.PI),
  simple('rad', (v) => (v * Math.PI) / 180),
  {
    kind: 'instant',
    name: 'round',
    argTypes: ['vector', 'scalar'],
    variadic: 1,
    returnType: 'vector',
    call: (args) => {
      // Dividing by the inverse loses less precision than multiplying by `toNearest`.
      const inverse = 1 / scalarArg(args, 1, 1);
      return mapValues(vectorArg(args, 0), (v) => Math.floor(v * inverse + 0.5) / inverse);
    },
  },
  clampTo('clamp', ['vector', 'scalar', 'scalar'], (a) => [scalarArg(a, 1), scalarArg(a, 2)]),
  clampTo('clamp_min', ['vector', 'scalar'], (a) => [scalarArg(a, 1), Infinity]),
  clampTo('clamp_max', ['vector', 'scalar'], (a) => [-Infinity, scalarArg(a, 1)]),
  {
    kind: 'instant',
    name: 'pi',
    argTypes: [],
    returnType: 'scalar',
    call: () => [{ labels: [], v: Math.PI, dropName: false }],
  },
];
