import type { PosRange } from '@seahawks/promql';

/** A non-fatal remark about a query, as Prometheus attaches to its answer. */
export interface Annotation {
  readonly level: 'warning' | 'info';
  /** Without the position, e.g. `metric might not be a counter, ...: "x"`. */
  readonly message: string;
  /** Byte offsets of the expression the remark is about. */
  readonly pos: PosRange;
}

const encoder = new TextEncoder();

/**
 * Prometheus' `StartPosInput`: `line:column` of a byte offset, both 1-based, the column counted
 * in bytes from the last line break.
 */
function lineColumn(query: string, byteOffset: number): string {
  const bytes = encoder.encode(query);
  if (byteOffset < 0 || byteOffset > bytes.length) return '';
  let line = 1;
  let lastBreak = -1;
  for (let i = 0; i < byteOffset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lastBreak = i;
    }
  }
  return `${line}:${byteOffset - lastBreak}`;
}

/** Where and how badly `histogram_quantile` had to force buckets into monotonic order. */
export interface MonotonicityFix {
  readonly ts: number;
  readonly minBucket: number;
  readonly maxBucket: number;
  readonly maxDiff: number;
}

interface MergedFix {
  minTs: number;
  maxTs: number;
  minBucket: number;
  maxBucket: number;
  maxDiff: number;
  count: number;
}

/** Go's `time.Unix(ms/1000, 0).UTC().Format(time.RFC3339)`. */
function rfc3339(ms: number): string {
  return new Date(Math.trunc(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The remarks collected while evaluating one query. Like Prometheus it keeps one per distinct
 * message (the last position wins) and renders them as `PromQL warning: ... (1:6)` at the end.
 */
export class Annotations {
  private readonly byMessage = new Map<string, Annotation>();
  private readonly fixes = new Map<string, MergedFix>();
  private added = 0;

  /** How many remarks were made so far, repeats included: tells whether an evaluation made any. */
  get count(): number {
    return this.added;
  }

  /**
   * Prometheus' info when classic buckets were not monotonic; repeated occurrences merge into
   * one remark spanning their times, buckets and largest difference.
   */
  monotonicityFixed(message: string, pos: PosRange, fix: MonotonicityFix): void {
    this.added++;
    const prev = this.fixes.get(message);
    this.fixes.set(
      message,
      prev === undefined
        ? {
            minTs: fix.ts,
            maxTs: fix.ts,
            minBucket: fix.minBucket,
            maxBucket: fix.maxBucket,
            maxDiff: fix.maxDiff,
            count: 1,
          }
        : {
            minTs: Math.min(prev.minTs, fix.ts),
            maxTs: Math.max(prev.maxTs, fix.ts),
            minBucket: Math.min(prev.minBucket, fix.minBucket),
            maxBucket: Math.max(prev.maxBucket, fix.maxBucket),
            maxDiff: Math.max(prev.maxDiff, fix.maxDiff),
            count: prev.count + 1,
          },
    );
    this.byMessage.set(`m${message}`, { level: 'info', message, pos });
  }

  private detail(a: Annotation, key: string): string {
    const f = this.fixes.get(a.message);
    if (!key.startsWith('m') || f === undefined) return a.message;
    return (
      `${a.message}, from buckets ${formatG(f.minBucket)} to ${formatG(f.maxBucket)}, ` +
      `with a max diff of ${formatG(f.maxDiff, 2)}, over ${f.count} samples from ${rfc3339(f.minTs)} to ${rfc3339(f.maxTs)}`
    );
  }

  warn(message: string, pos: PosRange): void {
    this.added++;
    this.byMessage.set(`w${message}`, { level: 'warning', message, pos });
  }

  info(message: string, pos: PosRange): void {
    this.added++;
    this.byMessage.set(`i${message}`, { level: 'info', message, pos });
  }

  /** The remarks as Prometheus' API lists them; positions only when the query text is known. */
  render(query: string | undefined): { warnings: string[]; infos: string[] } {
    const warnings: string[] = [];
    const infos: string[] = [];
    for (const [key, a] of this.byMessage) {
      const prefix = a.level === 'warning' ? 'PromQL warning' : 'PromQL info';
      // As in Prometheus, details and position only show once the query text is known.
      const text =
        query === undefined ? a.message : `${this.detail(a, key)} (${lineColumn(query, a.pos.start)})`;
      (a.level === 'warning' ? warnings : infos).push(`${prefix}: ${text}`);
    }
    return { warnings, infos };
  }
}

/**
 * Go's `%g` for the numbers annotations quote: shortest form by default (1.5, 1e+06, 1e-05),
 * or `%.<precision>g`; NaN, +Inf, -Inf.
 */
export function formatG(v: number, precision?: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const [mantissa = '', e] = (
    precision === undefined ? v.toExponential() : v.toExponential(precision - 1)
  ).split('e');
  const exp = Number(e);
  // Go switches to the exponent form below 1e-4 and from 10^precision (10^6 when shortest) on.
  const limit = precision ?? 6;
  const trimmed = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
  if (exp < -4 || exp >= limit)
    return `${trimmed}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  if (precision === undefined) return String(v);
  const fixed = v.toFixed(Math.max(0, precision - 1 - exp));
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}
