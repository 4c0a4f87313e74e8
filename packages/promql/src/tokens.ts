import { goQuote, goQuoteShort } from './quote.js';

/**
 * Token kinds. Words are classified as Prometheus' lexer does (case-insensitively), but the
 * parser decides from context whether a keyword is used as one: most may also name a metric.
 */
export type TokenKind =
  | 'eof'
  | 'error'
  | 'identifier'
  | 'metricIdentifier'
  | 'number'
  | 'duration'
  | 'string'
  /** `+ - * / % ^ == != < <= > >= </ >/ =~ !~ @` and the words `and or unless atan2`. */
  | 'operator'
  | 'aggregator'
  /** `by without on ignoring group_left group_right bool offset smoothed anchored fill...`. */
  | 'keyword'
  /** `start end step range max_of min_of`. */
  | 'preprocessor'
  | '('
  | ')'
  | '{'
  | '}'
  | '['
  | ']'
  | ','
  | ':'
  | '=';

/** One token; `start`/`end` are string indices into the query, `end` exclusive. */
export interface Token {
  readonly kind: TokenKind;
  /** The source text; for errors, the message. */
  readonly text: string;
  /** Lower-cased text, used to compare words and operators. */
  readonly word: string;
  readonly start: number;
  readonly end: number;
}

const OPERATOR_WORDS = new Set(['and', 'or', 'unless', 'atan2']);

const AGGREGATORS = new Set([
  'sum',
  'avg',
  'count',
  'min',
  'max',
  'group',
  'stddev',
  'stdvar',
  'topk',
  'bottomk',
  'count_values',
  'quantile',
  'limitk',
  'limit_ratio',
]);

const KEYWORDS = new Set([
  'offset',
  'smoothed',
  'anchored',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'fill',
  'fill_left',
  'fill_right',
  'bool',
]);

const PREPROCESSORS = new Set(['start', 'end', 'step', 'range', 'max_of', 'min_of']);

/** Words that only act as keywords when an opening parenthesis follows, so `fill + 1` still works. */
export const PAREN_KEYWORDS = new Set(['fill', 'fill_left', 'fill_right']);

/** Kind of a word outside braces (`lower` is the word lower-cased). */
export function classifyWord(word: string, lower: string): TokenKind {
  if (OPERATOR_WORDS.has(lower)) return 'operator';
  if (AGGREGATORS.has(lower)) return 'aggregator';
  if (KEYWORDS.has(lower)) return 'keyword';
  if (PREPROCESSORS.has(lower)) return 'preprocessor';
  if (lower === 'inf' || lower === 'nan') return 'number';
  return word.includes(':') ? 'metricIdentifier' : 'identifier';
}

/** Token kinds that name a metric when used as a selector (Prometheus' `metric_identifier`). */
export function canNameMetric(t: Token): boolean {
  switch (t.kind) {
    case 'identifier':
    case 'metricIdentifier':
    case 'aggregator':
      return true;
    case 'keyword':
      return ['by', 'without', 'offset', 'fill', 'fill_left', 'fill_right', 'anchored', 'smoothed'].includes(
        t.word,
      );
    case 'operator':
      return t.word === 'and' || t.word === 'or' || t.word === 'unless';
    case 'preprocessor':
      return true;
    default:
      return false;
  }
}

/** Token kinds that may be a label name in a grouping list (Prometheus' `maybe_label`). */
export function canNameLabel(t: Token): boolean {
  switch (t.kind) {
    case 'identifier':
    case 'metricIdentifier':
    case 'aggregator':
    case 'preprocessor':
      return true;
    case 'keyword':
      return t.word !== 'without';
    case 'operator':
      return OPERATOR_WORDS.has(t.word);
    default:
      return false;
  }
}

/** The token as Prometheus names it after "unexpected", e.g. `identifier "foo"`, `<op:+>`, `")"`. */
export function describeToken(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of input';
    case 'error':
      return t.text;
    case 'identifier':
      return `identifier ${goQuote(t.text)}`;
    case 'metricIdentifier':
      return `metric identifier ${goQuote(t.text)}`;
    case 'number':
    case 'duration':
    case 'string':
      return `${t.kind} ${goQuoteShort(t.text)}`;
    case 'operator':
      return `<op:${t.text}>`;
    case 'aggregator':
      return `<aggr:${t.text}>`;
    case 'keyword':
      return `<${t.text}>`;
    default:
      return goQuoteShort(t.text);
  }
}
