/** One float sample: `t` in milliseconds since the Unix epoch, `v` the value. */
export interface Sample {
  readonly t: number;
  readonly v: number;
}

const buf = new DataView(new ArrayBuffer(8));

/**
 * Prometheus' staleness marker: a NaN with the exact bit pattern 0x7ff0000000000002.
 * It must be kept bit-exact end to end; an ordinary NaN is a value, not a marker.
 */
export const STALE_NAN_BITS = 0x7ff0000000000002n;

export const STALE_NAN: number = (() => {
  buf.setBigUint64(0, STALE_NAN_BITS);
  return buf.getFloat64(0);
})();

export function isStaleNaN(v: number): boolean {
  if (!Number.isNaN(v)) return false;
  buf.setFloat64(0, v);
  return buf.getBigUint64(0) === STALE_NAN_BITS;
}
