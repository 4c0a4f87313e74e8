/**
 * One step of Kahan–Neumaier compensated summation (Prometheus' `kahansum.Inc`): adds `inc` to
 * `sum` and returns the new sum and compensation. Prometheus sums this way in `sum`, `avg`,
 * `sum_over_time`, `avg_over_time`, ...; summing naively would differ from it in the last digits.
 * Once the sum overflows to ±Inf the compensation is reset, as there is nothing left to correct.
 */
export function kahanInc(inc: number, sum: number, c: number): [sum: number, c: number] {
  const t = sum + inc;
  if (t === Infinity || t === -Infinity) return [t, 0];
  if (Math.abs(sum) >= Math.abs(inc)) return [t, c + (sum - t + inc)];
  return [t, c + (inc - t + sum)];
}

/**
 * Prometheus' `quantile`: the φ-quantile of `values` by linear interpolation between the two
 * nearest ranks; NaN for no values or φ NaN, -Inf below 0, +Inf above 1. Sorts `values` in place
 * with NaN first, as Go's `vectorByValueHeap` does.
 */
export function quantile(q: number, values: number[]): number {
  if (values.length === 0 || Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  values.sort((a, b) => {
    if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
    if (Number.isNaN(b)) return 1;
    return a - b;
  });
  const n = values.length;
  const rank = q * (n - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(n - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return values[lower]! * (1 - weight) + values[upper]! * weight;
}
