import { InvalidInputError } from '@seahawks/model';

/**
 * Number parsing with Go's acceptance rules: node_exporter reads these files with
 * `strconv.ParseUint`/`ParseInt`/`ParseFloat`, and a value it refuses must be refused here
 * too, so that a garbled file fails the same way instead of turning into a silent 0
 * (JavaScript's `Number('')` is 0, `Number(' 1 ')` is 1).
 */

const UNSIGNED_RE = /^\+?[0-9]+$/;
const SIGNED_RE = /^[+-]?[0-9]+$/;
const FLOAT_RE = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const SPECIAL_FLOAT_RE = /^([+-]?)(inf|infinity|nan)$/i;

/**
 * Parses a decimal unsigned integer (`strconv.ParseUint(s, 10, 64)`). Values above 2^53
 * round to the nearest double, as Go's `float64(uint64)` conversion does.
 * Returns undefined when `text` is not one.
 */
export function parseUnsigned(text: string): number | undefined {
  return UNSIGNED_RE.test(text) ? Number(text) : undefined;
}

/** Parses a decimal signed integer (`strconv.ParseInt(s, 10, 64)`); undefined when not one. */
export function parseSigned(text: string): number | undefined {
  return SIGNED_RE.test(text) ? Number(text) : undefined;
}

/**
 * Parses a float as Go's `strconv.ParseFloat(s, 64)` does for decimal input, including
 * `inf`, `+Inf`, `infinity` and `NaN` in any case. Hexadecimal floats and `_` separators,
 * which no /proc or /sys file uses, are refused. Returns undefined when `text` is not one.
 */
export function parseGoFloat(text: string): number | undefined {
  if (FLOAT_RE.test(text)) return Number(text);
  const special = SPECIAL_FLOAT_RE.exec(text);
  if (special === null) return undefined;
  if (special[2]!.toLowerCase() === 'nan') return special[1] === '' ? Number.NaN : undefined;
  return special[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
}

/**
 * The error every parser throws: `cannot parse /proc/meminfo line 3: <detail>`.
 * `file` is the canonical kernel path, not the path read, because the parsers never see
 * where a text came from (fixtures, a container's host mount).
 */
export function parseError(file: string, lineNumber: number, detail: string): InvalidInputError {
  return new InvalidInputError(`cannot parse ${file} line ${lineNumber}: ${detail}`);
}

/** Splits on runs of spaces and tabs, like Go's `strings.Fields` for these files. */
export function fields(line: string): string[] {
  const trimmed = line.trim();
  return trimmed === '' ? [] : trimmed.split(/\s+/);
}

/** Quotes a line for an error message, shortened so a binary file cannot flood a log. */
export function quoteLine(line: string): string {
  return JSON.stringify(line.length > 120 ? `${line.slice(0, 120)}…` : line);
}
