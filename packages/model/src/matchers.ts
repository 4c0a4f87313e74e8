import { InvalidInputError } from './errors.js';
import type { Labels } from './labels.js';
import { getLabel } from './labels.js';

export type MatchType = '=' | '!=' | '=~' | '!~';

/** A label matcher as written in PromQL: `name="value"`, `name!="v"`, `name=~"re"`, `name!~"re"`. */
export interface Matcher {
  readonly type: MatchType;
  readonly name: string;
  readonly value: string;
}

/** A matcher ready to run: regular expressions are anchored on both ends, as in Prometheus. */
export interface CompiledMatcher extends Matcher {
  /** True when a label value (empty string when the label is absent) satisfies the matcher. */
  matches(value: string): boolean;
}

export function compileMatcher(m: Matcher): CompiledMatcher {
  switch (m.type) {
    case '=':
      return { ...m, matches: (v) => v === m.value };
    case '!=':
      return { ...m, matches: (v) => v !== m.value };
    case '=~': {
      const re = compileAnchored(m.value);
      return { ...m, matches: (v) => re.test(v) };
    }
    case '!~': {
      const re = compileAnchored(m.value);
      return { ...m, matches: (v) => !re.test(v) };
    }
  }
}

/**
 * Compiles a Prometheus (RE2) regular expression, fully anchored. JavaScript's syntax covers
 * the RE2 subset people use in label matchers; what it rejects is reported as invalid input.
 */
export function compileAnchored(source: string): RegExp {
  // RE2 writes flags inline, `(?i)expr`, as Grafana dashboards often do; JavaScript (before
  // ES2025's modifier groups) takes them as arguments. A leading flag group is translated; a
  // flag group elsewhere is refused below with JavaScript's message.
  const lead = /^\(\?([imsU]+)\)/.exec(source);
  const flags = new Set(['s', ...(lead?.[1] ?? '').replace('U', '')]);
  const body = lead ? source.slice(lead[0].length) : source;
  try {
    return new RegExp(`^(?:${body})$`, [...flags].join(''));
  } catch (err) {
    throw new InvalidInputError(`cannot parse regular expression "${source}": ${(err as Error).message}`, {
      cause: err,
    });
  }
}

/** True when every matcher accepts the label set (absent labels count as empty). */
export function matchesAll(matchers: readonly CompiledMatcher[], labels: Labels): boolean {
  for (const m of matchers) {
    if (!m.matches(getLabel(labels, m.name) ?? '')) return false;
  }
  return true;
}

/** True when a matcher accepts the empty string, i.e. it also selects series without the label. */
export function matchesEmpty(m: CompiledMatcher): boolean {
  return m.matches('');
}
