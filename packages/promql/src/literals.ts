import { parseDuration } from '@seahawks/model';
import { goQuote } from './quote.js';

/** A parsed literal: its value, or Prometheus' message when it is invalid. */
export type LiteralResult =
  { readonly ok: true; readonly value: number } | { readonly ok: false; readonly error: string };

const MAX_INT64 = (1n << 63n) - 1n;

/**
 * The value of a number token, as Prometheus reads it: first as a Go integer literal (so
 * `0x1F` is 31 and `010` is octal 8), else as a Go float (`1e3`, `.5`, `Inf`, `NaN`, `1_000.5`).
 */
export function parseNumber(text: string): LiteralResult {
  const int = parseGoInt(text);
  if (int !== undefined) return { ok: true, value: Number(int) };
  const lower = text.toLowerCase();
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity') return { ok: true, value: Infinity };
  if (lower === 'nan') return { ok: true, value: NaN };
  const plain = text.replaceAll('_', '');
  const valid = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(plain) && (plain === text || underscoreOK(text));
  if (!valid) return { ok: false, error: floatError(text, 'invalid syntax') };
  const value = Number(plain);
  if (!Number.isFinite(value)) return { ok: false, error: floatError(text, 'value out of range') };
  return { ok: true, value };
}

function floatError(text: string, reason: string): string {
  return `error parsing number: strconv.ParseFloat: parsing ${goQuote(text)}: ${reason}`;
}

/** Go's `strconv.ParseInt(text, 0, 64)`; undefined where Go reports an error. */
function parseGoInt(text: string): bigint | undefined {
  let base = 10;
  let body = text;
  if (text.startsWith('0')) {
    const prefix = text[1]?.toLowerCase();
    if (text.length >= 3 && (prefix === 'x' || prefix === 'o' || prefix === 'b')) {
      base = prefix === 'x' ? 16 : prefix === 'o' ? 8 : 2;
      body = text.slice(2);
    } else {
      base = 8;
      body = text.slice(1);
    }
  }
  let value = 0n;
  let underscores = false;
  for (const c of body) {
    if (c === '_') {
      underscores = true;
      continue;
    }
    const d = parseInt(c, 36);
    if (Number.isNaN(d) || d >= base) return undefined;
    value = value * BigInt(base) + BigInt(d);
  }
  if (underscores && !underscoreOK(text)) return undefined;
  return value > MAX_INT64 ? undefined : value;
}

/** Go's rule for digit separators: each `_` sits between digits (or after a base prefix). */
function underscoreOK(text: string): boolean {
  let saw = '^';
  let i = 0;
  let hex = false;
  if (text.length >= 2 && text[0] === '0' && 'xXoObB'.includes(text[1]!)) {
    i = 2;
    saw = '0';
    hex = text[1]!.toLowerCase() === 'x';
  }
  for (; i < text.length; i++) {
    const c = text[i]!;
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
    } else if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
    } else {
      if (saw === '_') return false;
      saw = '!';
    }
  }
  return saw !== '_';
}

const UNIT_ORDER = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];
const UNIT_NS: Readonly<Record<string, bigint>> = {
  y: 31_536_000_000_000_000n,
  w: 604_800_000_000_000n,
  d: 86_400_000_000_000n,
  h: 3_600_000_000_000n,
  m: 60_000_000_000n,
  s: 1_000_000_000n,
  ms: 1_000_000n,
};
const MAX_DURATION_NS = (1n << 63n) - 1n;

/**
 * A duration token (`5m`, `1h30m`) in milliseconds. Units must go from largest to smallest,
 * each at most once, and the total must fit Go's `time.Duration`, as in Prometheus.
 */
export function parsePromDuration(text: string): LiteralResult {
  const invalid = { ok: false as const, error: `not a valid duration string: ${goQuote(text)}` };
  let lastUnit = -1;
  let total = 0n;
  for (const part of text.matchAll(/(\d*)(\D*)/g)) {
    const [whole, digits = '', unit = ''] = part;
    if (whole === '') continue;
    if (digits === '' || unit === '') return invalid;
    const mult = UNIT_NS[unit];
    if (mult === undefined) {
      return { ok: false, error: `unknown unit ${goQuote(unit)} in duration ${goQuote(text)}` };
    }
    const order = UNIT_ORDER.indexOf(unit);
    if (order <= lastUnit) return invalid;
    lastUnit = order;
    total += BigInt(digits) * mult;
    if (total > MAX_DURATION_NS) return { ok: false, error: 'duration out of range' };
  }
  if (lastUnit < 0) return invalid;
  // The model's parser agrees on every duration accepted here; it stays the one definition of units.
  return { ok: true, value: parseDuration(text) };
}
