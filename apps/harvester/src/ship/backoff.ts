import type { BackoffOptions } from './types.js';

const DEFAULTS: Required<BackoffOptions> = { initialMs: 1000, maxMs: 60_000, factor: 2, jitter: 0.5 };

/**
 * Delay before retry number `attempt` (1 for the first retry), ms: exponential growth capped at
 * `maxMs`, minus a random share of up to `jitter` of it. A `retryAfterMs` from the server is
 * honoured as a floor, still capped at `maxMs`.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
  retryAfterMs?: number,
): number {
  const { initialMs, maxMs, factor, jitter } = { ...DEFAULTS, ...options };
  const base = Math.min(maxMs, initialMs * factor ** Math.max(0, attempt - 1));
  const jittered = base * (1 - jitter * random());
  return Math.round(Math.min(maxMs, Math.max(jittered, retryAfterMs ?? 0)));
}

/**
 * Reads a `Retry-After` header (delay-seconds or an HTTP date) as ms from `now`, or undefined
 * when absent or unreadable.
 */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
