import { labelsFromRecord, STALE_NAN } from '@seahawks/model';
import type { Labels } from '@seahawks/model';

/** One position of a series description: a float, nothing (`_`), or a native histogram (`{{...}}`). */
export type SeqValue =
  | { readonly kind: 'float'; readonly v: number }
  | { readonly kind: 'omitted' }
  | { readonly kind: 'histogram' };

const NUM = String.raw`(?:inf(?:inity)?|nan|\d+(?:\.\d*)?(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?)`;
const ITEM_RE = new RegExp(`^([+-]?${NUM})(?:([+-])(${NUM}))?(?:x(\\d+))?$`, 'i');

/** Go's `strconv.ParseFloat` for the spellings test scripts use (Inf, NaN, 1e3, .5). */
export function parseGoFloat(text: string): number | undefined {
  const m = /^([+-]?)(inf(?:inity)?|nan)$/i.exec(text);
  if (m !== null) return m[2]!.toLowerCase() === 'nan' ? NaN : m[1] === '-' ? -Infinity : Infinity;
  if (!/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i.test(text)) return undefined;
  return Number(text);
}

/**
 * Expands the values of a series description (`1+1x3 _ stale _x2 5x2`) as Prometheus' test
 * parser does: `a+bxn` gives n+1 values a, a+b, ... (summed step by step, like Go), `axn` n+1
 * times a, `_xn` n gaps, `stale` a staleness marker.
 */
export function parseSeriesValues(text: string): SeqValue[] {
  const out: SeqValue[] = [];
  for (const item of splitItems(text)) {
    if (item.startsWith('{{')) {
      const times = /x(\d+)$/.exec(item);
      const n = times === null ? 1 : Number(times[1]) + 1;
      for (let i = 0; i < n; i++) out.push({ kind: 'histogram' });
      continue;
    }
    if (item === '_') out.push({ kind: 'omitted' });
    else if (/^_x\d+$/.test(item))
      for (let i = Number(item.slice(2)); i > 0; i--) out.push({ kind: 'omitted' });
    else if (item === 'stale') out.push({ kind: 'float', v: STALE_NAN });
    else out.push(...expandItem(item));
  }
  return out;
}

function expandItem(item: string): SeqValue[] {
  const m = ITEM_RE.exec(item);
  if (m === null) throw new Error(`cannot parse series value "${item}"`);
  let v = parseGoFloat(m[1]!)!;
  if (m[4] === undefined) {
    if (m[2] !== undefined) throw new Error(`cannot parse series value "${item}": missing repetition`);
    return [{ kind: 'float', v }];
  }
  const step = m[2] === undefined ? 0 : parseGoFloat(m[3]!)! * (m[2] === '-' ? -1 : 1);
  const out: SeqValue[] = [];
  for (let i = 0; i <= Number(m[4]); i++) {
    out.push({ kind: 'float', v });
    v += step;
  }
  return out;
}

/** Splits on whitespace, keeping `{{ ... }}` histogram literals (and their `+{{..}}xN` tails) whole. */
function splitItems(text: string): string[] {
  const items: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    const start = i;
    let depth = 0;
    while (i < text.length && (depth > 0 || !/\s/.test(text[i]!))) {
      if (text.startsWith('{{', i)) {
        depth++;
        i += 2;
      } else if (text.startsWith('}}', i)) {
        depth--;
        i += 2;
      } else i++;
    }
    items.push(text.slice(start, i));
  }
  return items;
}

/** Go's `strconv.Unquote` for the quotes label values use: "..." with escapes, '...', `...`. */
function unquote(text: string): string {
  const q = text[0];
  const body = text.slice(1, -1);
  if (q === '`') return body;
  return body.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[0-7]{3}|.)/g, (_, e: string) => {
    const simple: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      a: '\x07',
      b: '\b',
      f: '\f',
      v: '\v',
    };
    if (e.length === 1) return simple[e] ?? e;
    if (e[0] === 'u' || e[0] === 'U' || e[0] === 'x') return String.fromCodePoint(parseInt(e.slice(1), 16));
    return String.fromCharCode(parseInt(e, 8));
  });
}

const NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const PAIR_RE =
  /^\s*([a-zA-Z_][a-zA-Z0-9_]*|"(?:[^"\\]|\\.)*")\s*=\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)\s*,?/;

/**
 * Splits a series line (`name{a="b", c="d"} 1 2 3`) into its label set and the rest.
 * Accepts `{}`, a bare name, and quoted (UTF-8) label names.
 */
export function parseSeriesLine(line: string): { labels: Labels; rest: string } {
  const record: Record<string, string> = {};
  let rest = line.trimStart();
  const name = NAME_RE.exec(rest);
  if (name !== null) {
    record.__name__ = name[0];
    rest = rest.slice(name[0].length);
  }
  if (rest.startsWith('{')) {
    rest = rest.slice(1);
    for (;;) {
      rest = rest.trimStart();
      if (rest.startsWith('}')) break;
      const pair = PAIR_RE.exec(rest);
      if (pair === null) throw new Error(`cannot parse series "${line}": bad label at "${rest}"`);
      const key = pair[1]!.startsWith('"') ? unquote(pair[1]!) : pair[1]!;
      record[key] = unquote(pair[2]!);
      rest = rest.slice(pair[0].length);
    }
    rest = rest.slice(1);
  } else if (name === null) {
    throw new Error(`cannot parse series "${line}": no metric name or labels`);
  }
  return { labels: labelsFromRecord(record), rest: rest.trim() };
}
