/** Prometheus duration literals, as used in range selectors (`[5m]`). */

/**
 * Formats whole seconds as a single-unit Prometheus duration: 60 → "1m", 7200 → "2h", 90 → "90s".
 * Single units only, so that young query engines without compound durations ("1m30s") accept it.
 */
export function formatPromDuration(seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  if (s % 86400 === 0) return `${s / 86400}d`;
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}

/** Quotes a label value for a PromQL matcher: `edge "1"` → `"edge \"1\""`. */
export function quoteLabelValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
