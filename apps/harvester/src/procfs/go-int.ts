/**
 * Go's `strconv.ParseInt(s, 0, 64)`: the base comes from the prefix, as procfs' ValueParser
 * reads sysfs attributes and /proc/net/sockstat. `flags` in /sys/class/net is `0x1003`, most
 * others plain decimal; node_exporter accepts both, so must we.
 */

const FORMS: ReadonlyArray<{ re: RegExp; radix: 2 | 8 | 10 | 16; prefix: number }> = [
  { re: /^0[xX](?:_?[0-9a-fA-F])+$/, radix: 16, prefix: 2 },
  { re: /^0[bB](?:_?[01])+$/, radix: 2, prefix: 2 },
  { re: /^0[oO](?:_?[0-7])+$/, radix: 8, prefix: 2 },
  // A leading 0 alone means octal ("010" is 8); "0" itself is octal zero.
  { re: /^0(?:_?[0-7])*$/, radix: 8, prefix: 1 },
  { re: /^[1-9](?:_?[0-9])*$/, radix: 10, prefix: 0 },
];

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Parses a signed integer with an optional base prefix (`0x`, `0o`, `0b`, or a leading `0`
 * for octal) and Go's underscore digit separators, refusing values outside int64.
 * Values beyond 2^53 round to the nearest double, as Go's `float64(int64)` does.
 * Returns undefined when `text` is not such an integer.
 */
export function parseGoIntAutoBase(text: string): number | undefined {
  let sign = 1n;
  let body = text;
  if (body.startsWith('+') || body.startsWith('-')) {
    if (body.startsWith('-')) sign = -1n;
    body = body.slice(1);
  }
  const form = FORMS.find((f) => f.re.test(body));
  if (form === undefined) return undefined;
  const digits = body.slice(form.prefix).replace(/_/g, '');
  let magnitude = 0n;
  for (const digit of digits) magnitude = magnitude * BigInt(form.radix) + BigInt(parseInt(digit, 16));
  const value = sign * magnitude;
  if (value < INT64_MIN || value > INT64_MAX) return undefined;
  return Number(value);
}
