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
export function lineColumn(query: string, byteOffset: number): string {
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

/**
 * The remarks collected while evaluating one query. Like Prometheus it keeps one per distinct
 * message (the last position wins) and renders them as `PromQL warning: ... (1:6)` at the end.
 */
export class Annotations {
  private readonly byMessage = new Map<string, Annotation>();

  warn(message: string, pos: PosRange): void {
    this.byMessage.set(`w${message}`, { level: 'warning', message, pos });
  }

  info(message: string, pos: PosRange): void {
    this.byMessage.set(`i${message}`, { level: 'info', message, pos });
  }

  /** The remarks as Prometheus' API lists them; positions only when the query text is known. */
  render(query: string | undefined): { warnings: string[]; infos: string[] } {
    const warnings: string[] = [];
    const infos: string[] = [];
    for (const a of this.byMessage.values()) {
      const prefix = a.level === 'warning' ? 'PromQL warning' : 'PromQL info';
      const where = query === undefined ? '' : ` (${lineColumn(query, a.pos.start)})`;
      (a.level === 'warning' ? warnings : infos).push(`${prefix}: ${a.message}${where}`);
    }
    return { warnings, infos };
  }
}

/** Go's `%g` (shortest form) for the numbers annotations quote: 1.5, 1e+06, 1e-05, NaN, +Inf. */
export function formatG(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const [mantissa, e] = v.toExponential().split('e');
  const exp = Number(e);
  // Go switches to the exponent form below 1e-4 and from 1e6 on, with a two-digit exponent.
  if (exp < -4 || exp >= 6)
    return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(v);
}
