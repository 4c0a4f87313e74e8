import { METRIC_NAME } from '@seahawks/model';
import type { Matcher } from '@seahawks/model';

/** A condition on `series s`, with its parameters numbered from the `next` given. */
export interface SqlFilter {
  /** `AND`-joined conditions, or `TRUE`. */
  readonly where: string;
  readonly values: unknown[];
}

/** Printable ASCII that is an ordinary character in both RE2/JavaScript and PostgreSQL's AREs. */
const PLAIN = /[A-Za-z0-9_\-:/,;=@#%&'"<>!~` ]/;
const PUNCT = /[!-/:-@[-`{-~]/;
const CLASS_CHAR = /[A-Za-z0-9_ ]/;

/**
 * True when the (unanchored) regular expression means the same to JavaScript (as the matcher
 * compiles it) and to PostgreSQL: only ASCII literals, escaped punctuation, `.*` and `.+`,
 * groups, alternation, the quantifiers `* + ?` after a literal, group or class, and classes of
 * ASCII letters, digits, `_`, space and ranges. Everything else (`.` alone counts UTF-16 units in
 * JavaScript but characters in PostgreSQL; `\d`, `\w`, bounds, flags, anchors, lookarounds,
 * non-ASCII) is filtered in JavaScript instead.
 */
export function isPortableRegex(source: string): boolean {
  if (source.length > 1000) return false;
  let atom = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (PLAIN.test(c)) {
      atom = true;
    } else if (c === '\\') {
      if (!PUNCT.test(source[i + 1] ?? '')) return false;
      i++;
      atom = true;
    } else if (c === '.') {
      const q = source[i + 1];
      if ((q !== '*' && q !== '+') || source[i + 2] === '?') return false;
      i++;
      atom = false;
    } else if (c === '*' || c === '+' || c === '?') {
      const next = source[i + 1];
      // A quantifier on a quantifier (lazy `*?`, possessive, bounds) is not portable.
      if (!atom || (next !== undefined && '*+?{'.includes(next))) return false;
      atom = false;
    } else if (c === '(') {
      if (source[i + 1] === '?') {
        if (source[i + 2] !== ':') return false;
        i += 2;
      }
      atom = false;
    } else if (c === ')') {
      atom = true;
    } else if (c === '|') {
      atom = false;
    } else if (c === '[') {
      const end = classEnd(source, i);
      if (end < 0) return false;
      i = end;
      atom = true;
    } else {
      return false;
    }
  }
  return true;
}

/** Index of the `]` closing a simple class opened at `start`, or -1 when it is not simple. */
function classEnd(source: string, start: number): number {
  let i = start + 1;
  if (source[i] === undefined || source[i] === ']') return -1;
  for (; i < source.length && source[i] !== ']'; i++) {
    const c = source[i]!;
    if (c === '-') {
      if (i === start + 1 || source[i + 1] === ']') return -1;
    } else if (!CLASS_CHAR.test(c)) {
      return -1;
    }
  }
  return i < source.length ? i : -1;
}

/** The literal alternatives of `a|b\.c|`, or undefined when the pattern is more than that. */
export function literalAlternatives(source: string): string[] | undefined {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '|') {
      out.push(cur);
      cur = '';
    } else if (c === '\\' && PUNCT.test(source[i + 1] ?? '')) {
      cur += source[++i];
    } else if (PLAIN.test(c)) {
      cur += c;
    } else {
      return undefined;
    }
  }
  out.push(cur);
  return out;
}

/**
 * Conditions on `series s` that select a superset of the series matching `matchers` (usually
 * exactly them): equalities as one jsonb containment (GIN), the metric name on its btree column,
 * regular expressions PostgreSQL reads the same way as `~`, literal alternations as `= ANY`.
 * The caller still checks every matcher in JavaScript. Label names and values are parameters.
 */
export function seriesFilter(matchers: readonly Matcher[], next: number): SqlFilter {
  const where: string[] = [];
  const values: unknown[] = [];
  const param = (value: unknown): string => {
    values.push(value);
    return `$${next + values.length - 1}`;
  };
  const contained: Record<string, string> = {};
  for (const m of matchers) {
    const isName = m.name === METRIC_NAME;
    if (m.type === '=' && m.value !== '' && !isName) {
      contained[m.name] = m.value;
      continue;
    }
    // The label name becomes a parameter only when a condition uses it: PostgreSQL refuses unused ones.
    let column: string | undefined;
    const col = (): string => (column ??= isName ? 's.metric' : `(s.labels ->> ${param(m.name)})`);
    const cond = condition(m, col, param);
    if (cond !== undefined) where.push(cond);
  }
  if (Object.keys(contained).length > 0)
    where.unshift(`s.labels @> ${param(JSON.stringify(contained))}::jsonb`);
  return { where: where.length > 0 ? where.join(' AND ') : 'TRUE', values };
}

type Column = () => string;

function condition(m: Matcher, column: Column, param: (v: unknown) => string): string | undefined {
  switch (m.type) {
    case '=':
      return m.value === '' ? `${column()} IS NULL` : `${column()} = ${param(m.value)}`;
    case '!=':
      return m.value === '' ? `${column()} IS NOT NULL` : `${column()} IS DISTINCT FROM ${param(m.value)}`;
    case '=~':
    case '!~': {
      const positive = regexCondition(m.value, column, param);
      if (positive === undefined) return undefined;
      return m.type === '=~' ? positive : `NOT (${positive})`;
    }
  }
}

function regexCondition(source: string, column: Column, param: (v: unknown) => string): string | undefined {
  if (source === '.*') return 'TRUE';
  if (source === '.+') return `${column()} IS NOT NULL`;
  const literals = literalAlternatives(source);
  if (literals !== undefined) return `coalesce(${column()}, '') = ANY(${param(literals)}::text[])`;
  if (!isPortableRegex(source)) return undefined;
  return `coalesce(${column()}, '') ~ ${param(`^(?:${source})$`)}`;
}
