import { InvalidInputError } from '@seahawks/model';
import type { JsonValue } from './messages.js';

/** Deepest nesting of objects and arrays accepted inside `params` and `result`. */
export const MAX_JSON_DEPTH = 32;
/** Most entries of one object or array inside `params` and `result`. */
export const MAX_JSON_ENTRIES = 10_000;
/** Longest string inside `params` and `result`, characters. */
export const MAX_JSON_STRING = 256 * 1024;

/** A path into the frame for error messages, e.g. `hello.inventory.ips[3]`. */
export type Path = string;

/** Throws `InvalidInputError` naming the path: `cannot decode tunnel frame: <path>: <problem>`. */
export function fail(path: Path, problem: string): never {
  throw new InvalidInputError(`cannot decode tunnel frame: ${path}: ${problem}`);
}

/** A short, printable description of a hostile value for an error message. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'a non-finite number';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** The value as a plain object with only `allowed` keys (and every key of `required`). */
export function readObject(
  value: unknown,
  path: Path,
  allowed: readonly string[],
  required: readonly string[] = allowed,
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(path, `expected an object, got ${describe(value)}`);
  }
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) fail(path, `unknown field "${key.slice(0, 64)}"`);
  }
  for (const key of required) {
    if (!Object.hasOwn(obj, key)) fail(path, `missing field "${key}"`);
  }
  return obj;
}

/** A string of at most `max` characters, matching `pattern` when given. */
export function readString(value: unknown, path: Path, max: number, pattern?: RegExp): string {
  if (typeof value !== 'string') fail(path, `expected a string, got ${describe(value)}`);
  if (value.length > max) fail(path, `string of ${value.length} characters exceeds ${max}`);
  if (pattern && !pattern.test(value)) fail(path, `"${value.slice(0, 64)}" does not match ${pattern}`);
  return value;
}

/** A finite number in `[min, max]` (inclusive), an integer when `integer`. */
export function readNumber(value: unknown, path: Path, min: number, max: number, integer = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    fail(path, `expected a number, got ${describe(value)}`);
  }
  if (integer && !Number.isInteger(value)) fail(path, `expected an integer, got ${value}`);
  if (value < min || value > max) fail(path, `${value} is outside ${min}..${max}`);
  return value;
}

/** An array of at most `max` items, each read by `item`. */
export function readArray<T>(value: unknown, path: Path, max: number, item: (v: unknown, p: Path) => T): T[] {
  if (!Array.isArray(value)) fail(path, `expected an array, got ${describe(value)}`);
  if (value.length > max) fail(path, `array of ${value.length} items exceeds ${max}`);
  return value.map((v, i) => item(v, `${path}[${i}]`));
}

/**
 * Any JSON value within the bounds above (depth, entries per container, string length).
 * The frame size bounds the total already; these bound the work a receiver does on it.
 */
export function readJson(value: unknown, path: Path, depth = 0): JsonValue {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return readNumber(value, path, -Number.MAX_VALUE, Number.MAX_VALUE);
  if (typeof value === 'string') return readString(value, path, MAX_JSON_STRING);
  if (depth >= MAX_JSON_DEPTH) fail(path, `nested deeper than ${MAX_JSON_DEPTH}`);
  if (Array.isArray(value))
    return readArray(value, path, MAX_JSON_ENTRIES, (v, p) => readJson(v, p, depth + 1));
  if (typeof value !== 'object') fail(path, `expected JSON, got ${describe(value)}`);
  const keys = Object.keys(value);
  if (keys.length > MAX_JSON_ENTRIES)
    fail(path, `object of ${keys.length} fields exceeds ${MAX_JSON_ENTRIES}`);
  const out: { [key: string]: JsonValue } = {};
  for (const key of keys) {
    readString(key, `${path} key`, 256);
    const item = readJson((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1);
    // defineProperty, not assignment: a hostile "__proto__" key must stay a plain own field.
    Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
