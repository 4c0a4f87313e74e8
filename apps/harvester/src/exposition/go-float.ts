/**
 * Formats a sample value exactly as Prometheus' Go client writes it in the text format
 * (expfmt's writeFloat): `1`, `0`, `-1`, `NaN`, `+Inf`, `-Inf` spelled out, everything else
 * `strconv.FormatFloat(v, 'g', -1, 64)`: the shortest digits that round-trip, in exponent
 * form when the decimal exponent is below -4 or at least 6 (Go's 'g' uses 6 as the switch
 * point when the precision is "shortest"): `1.6777216e+07`, `761436`, `1e-05`, `0.0001`.
 * The exponent has a sign and at least two digits. -0 prints as `0`.
 */
export function formatGoFloat(value: number): string {
  if (value === 0) return '0';
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  // JavaScript's toExponential() without an argument gives the same shortest round-trip
  // digits as Go's -1 precision; only the layout differs.
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  // In this range JavaScript's own shortest form is plain positional notation, as Go's %f is.
  return String(value);
}
