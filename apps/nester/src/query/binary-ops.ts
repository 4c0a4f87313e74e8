import type { BinaryOp } from '@seahawks/promql';
import { internalError } from './errors.js';

/** Prometheus' `math.Pow` where it differs from JavaScript's `**` (1 and -1 to NaN or ±Inf). */
function goPow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return x ** y;
}

/** True for the operators whose result no longer means what the metric named (Prometheus' `changesMetricSchema`). */
export function changesMetricSchema(op: BinaryOp): boolean {
  return op === '+' || op === '-' || op === '*' || op === '/' || op === '^' || op === '%' || op === 'atan2';
}

/**
 * One operation on two floats (Prometheus' `vectorElemBinop`): arithmetic returns the result;
 * a comparison returns the left value and whether it holds.
 */
export function applyOp(op: BinaryOp, l: number, r: number): [value: number, keep: boolean] {
  switch (op) {
    case '+':
      return [l + r, true];
    case '-':
      return [l - r, true];
    case '*':
      return [l * r, true];
    case '/':
      return [l / r, true];
    case '%':
      return [l % r, true];
    case '^':
      return [goPow(l, r), true];
    case 'atan2':
      return [Math.atan2(l, r), true];
    case '==':
      return [l, l === r];
    case '!=':
      return [l, l !== r];
    case '>':
      return [l, l > r];
    case '<':
      return [l, l < r];
    case '>=':
      return [l, l >= r];
    case '<=':
      return [l, l <= r];
    case 'and':
    case 'or':
    case 'unless':
      throw internalError(`set operator ${op} between floats`);
  }
}
