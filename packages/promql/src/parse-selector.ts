import type { MatchType, Matcher } from '@seahawks/model';
import { METRIC_NAME } from '@seahawks/model';
import type { VectorSelector } from './ast.js';
import type { ParserState } from './parser.js';
import { goQuote, unquote } from './quote.js';
import { inspectMatcher } from './regex.js';
import type { Token } from './tokens.js';

/**
 * Parses `name`, `name{...}` or `{...}` (the name token, if any, already consumed). The
 * metric name, written before the braces or as the first `__name__="..."` matcher inside,
 * becomes `name` and the first matcher.
 */
export function parseVectorSelector(p: ParserState, nameToken: Token | undefined): VectorSelector {
  const start = nameToken?.start ?? p.peek().start;
  let end = nameToken?.end ?? start;
  let inBraces: Matcher[] = [];
  if (p.at('{')) {
    const braces = parseLabelMatchers(p);
    inBraces = braces.matchers;
    end = braces.end;
  }
  const pos = p.range(start, end);
  if (nameToken !== undefined) {
    const name = nameToken.text;
    const node: VectorSelector = {
      type: 'vectorSelector',
      name,
      matchers: [{ type: '=', name: METRIC_NAME, value: name }, ...inBraces],
      offsetMs: 0,
      at: undefined,
      pos,
    };
    const twice = inBraces.find((m) => m.name === METRIC_NAME);
    if (twice !== undefined) {
      p.notes.nameSetTwice.set(
        node,
        `metric name must not be set twice: ${goQuote(name)} or ${goQuote(twice.value)}`,
      );
    }
    return node;
  }
  const i = inBraces.findIndex((m) => m.name === METRIC_NAME && m.type === '=' && m.value !== '');
  const nameMatcher = inBraces[i];
  const matchers =
    nameMatcher === undefined ? inBraces : [nameMatcher, ...inBraces.filter((_, j) => j !== i)];
  return { type: 'vectorSelector', name: nameMatcher?.value, matchers, offsetMs: 0, at: undefined, pos };
}

interface LabelMatchers {
  readonly matchers: Matcher[];
  /** String index just after the closing brace. */
  readonly end: number;
}

function parseLabelMatchers(p: ParserState): LabelMatchers {
  p.next();
  const matchers: Matcher[] = [];
  if (p.at('}')) return { matchers, end: p.next().end };
  for (;;) {
    matchers.push(parseLabelMatcher(p));
    if (p.accept(',') !== undefined) {
      if (p.at('}')) return { matchers, end: p.next().end };
      continue;
    }
    if (p.at('}')) return { matchers, end: p.next().end };
    p.unexpected('label matching', '"," or "}"');
  }
}

function matchType(t: Token): MatchType | undefined {
  if (t.kind === '=') return '=';
  if (t.kind !== 'operator') return undefined;
  return t.word === '!=' || t.word === '=~' || t.word === '!~' ? t.word : undefined;
}

/** `label op "value"`, `"label" op "value"`, or a quoted metric name alone: `{"my.metric"}`. */
function parseLabelMatcher(p: ParserState): Matcher {
  const label = p.peek();
  if (label.kind !== 'identifier' && label.kind !== 'string') {
    p.unexpected('label matching', 'identifier or "}"');
  }
  p.next();
  const name = label.kind === 'string' ? unquote(label.text) : label.text;
  const type = matchType(p.peek());
  if (type === undefined) {
    if (label.kind === 'string') return { type: '=', name: METRIC_NAME, value: name };
    p.unexpected('label matching', 'label matching operator');
  }
  p.next();
  const value = p.peek();
  if (value.kind !== 'string') p.unexpected('label matching', 'string');
  p.next();
  const matcher: Matcher = { type, name, value: unquote(value.text) };
  const inspection = inspectMatcher(matcher);
  if (!inspection.ok) p.semanticError(p.range(label, value), inspection.error);
  return matcher;
}
