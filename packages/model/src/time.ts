import { InvalidInputError } from './errors.js';

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

const DURATION_RE = /^(?:(\d+)(ms|s|m|h|d|w|y))+$/;
const PART_RE = /(\d+)(ms|s|m|h|d|w|y)/g;

/** Parses a Prometheus duration (`5m`, `1h30m`, `250ms`) into milliseconds. */
export function parseDuration(text: string): number {
  if (!DURATION_RE.test(text)) {
    throw new InvalidInputError(`cannot parse duration "${text}": expected e.g. 15s, 5m, 1h30m`);
  }
  let total = 0;
  for (const m of text.matchAll(PART_RE)) total += Number(m[1]) * UNIT_MS[m[2]!]!;
  return total;
}

/** Formats milliseconds as the shortest Prometheus duration, e.g. 90000 -> "1m30s". */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const unit of ['y', 'w', 'd', 'h', 'm', 's', 'ms']) {
    const size = UNIT_MS[unit]!;
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

/**
 * Parses a step or timeout of the HTTP API: float seconds or a Prometheus duration.
 * Returns milliseconds.
 */
export function parseApiDuration(text: string): number {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  try {
    return parseDuration(trimmed);
  } catch (err) {
    throw new InvalidInputError(`cannot parse "${text}" to a valid duration`, { cause: err });
  }
}
