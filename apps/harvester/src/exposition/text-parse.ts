import { parseError, parseGoFloat } from '../procfs/values.js';
import { LineError, parseTextLine, type TextLine } from './text-parse-line.js';

/** A family's type as the text format names it (`gauge_histogram` and `gaugehistogram` are one). */
export type TextMetricType = 'counter' | 'gauge' | 'untyped' | 'summary' | 'histogram' | 'gaugehistogram';

/** One sample line. */
export interface ParsedSample {
  /** The series name as written: `foo`, or `foo_bucket`, `foo_sum`, `foo_count` in a histogram. */
  name: string;
  /** The labels in written order, `le` and `quantile` included. */
  labels: Record<string, string>;
  value: number;
  /** Milliseconds since the epoch, when the line has a timestamp. */
  timestampMs?: number;
  /** 1-based line number, for messages about the sample. */
  line: number;
}

/** A metric family: its name, TYPE (untyped when none), HELP (undefined when none) and samples. */
export interface ParsedFamily {
  name: string;
  type: TextMetricType;
  help?: string;
  samples: ParsedSample[];
}

/** How parseTextFormat reads. */
export interface TextParseOptions {
  /** Names the input in error messages (a file path, a target URL); default `text format`. */
  source?: string;
  /**
   * Refuse what node_exporter's textfile collector refuses and Prometheus' scrape parser
   * forgives: a last line without a newline, blanks after a value or timestamp, blanks after
   * a TYPE. Default false.
   */
  strict?: boolean;
  /** Accept any quoted UTF-8 metric and label name (Prometheus 3); default false, legacy names only. */
  utf8Names?: boolean;
}

const LEGACY_METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LEGACY_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES: Readonly<Record<string, TextMetricType>> = {
  COUNTER: 'counter',
  GAUGE: 'gauge',
  UNTYPED: 'untyped',
  SUMMARY: 'summary',
  HISTOGRAM: 'histogram',
  GAUGE_HISTOGRAM: 'gaugehistogram',
  GAUGEHISTOGRAM: 'gaugehistogram',
};

interface State {
  family: ParsedFamily;
  typed: boolean;
}

/**
 * Parses the Prometheus text exposition format 0.0.4 with the semantics of Prometheus' Go
 * parser (expfmt): `# HELP` (escapes `\\ \n \"`) and `# TYPE` lines, other comments and
 * blank lines ignored, label values with `\\ \" \n` escapes, values as Go floats (`+Inf`,
 * `-Inf`, `NaN`, exponents), optional integer millisecond timestamps. A sample without TYPE
 * makes an untyped family; `foo_bucket`, `foo_sum` and `foo_count` join family `foo` when it
 * was declared a histogram (`_sum`, `_count` also for a summary); `le` and `quantile` must be
 * floats, histogram counts must not be negative. Samples of one family need not be adjacent.
 * Families come in order of first mention; those without samples are left out. Duplicate
 * series are kept (they are the consumer's to refuse).
 * @throws InvalidInputError `cannot parse <source> line N: <what>` on the first malformed line.
 */
export function parseTextFormat(text: string, options: TextParseOptions = {}): ParsedFamily[] {
  const { source = 'text format', strict = false, utf8Names = false } = options;
  const families = new Map<string, State>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const lineNumber = i + 1;
    const fail: Fail = (detail) => {
      throw parseError(source, lineNumber, detail);
    };
    const raw = lines[i]!;
    if (strict && i === lines.length - 1 && /[^ \t]/.test(raw)) fail('unexpected end of input stream');
    let line;
    try {
      line = parseTextLine(raw, strict);
    } catch (err) {
      if (err instanceof LineError) fail(err.message);
      throw err;
    }
    if (line.kind === 'skip') continue;
    if (!(utf8Names ? line.name !== '' : LEGACY_METRIC_NAME.test(line.name)))
      fail(`invalid metric name ${JSON.stringify(line.name)}`);
    const { state, role } = lookup(families, line.name);
    const name = state.family.name;
    switch (line.kind) {
      case 'help':
        if (state.family.help !== undefined) fail(`second HELP line for metric name ${JSON.stringify(name)}`);
        state.family.help = line.text;
        break;
      case 'type': {
        if (state.typed)
          fail(`second TYPE line for metric name ${JSON.stringify(name)}, or TYPE reported after samples`);
        const type = TYPES[line.type.toUpperCase()];
        if (type === undefined) fail(`unknown metric type ${JSON.stringify(line.type)}`);
        state.family.type = type;
        state.typed = true;
        break;
      }
      case 'sample':
        state.typed = true;
        state.family.samples.push(toSample(line, lineNumber, state.family, role, utf8Names, fail));
        break;
    }
  }
  return [...families.values()].map((s) => s.family).filter((f) => f.samples.length > 0);
}

type Role = 'sum' | 'count' | undefined;

/** Throws the error for the current line; declared as a type so that TypeScript narrows after calls. */
type Fail = (detail: string) => never;

/** Validates one sample line of `family` and turns it into a ParsedSample. */
function toSample(
  line: Extract<TextLine, { kind: 'sample' }>,
  lineNumber: number,
  family: ParsedFamily,
  role: Role,
  utf8Names: boolean,
  fail: Fail,
): ParsedSample {
  const labels: Record<string, string> = {};
  for (const [label, value] of line.labels) {
    if (label === '__name__') fail('label name "__name__" is reserved');
    if (!(utf8Names ? label !== '' : LEGACY_LABEL_NAME.test(label)))
      fail(`invalid label name ${JSON.stringify(label)}`);
    labels[label] = value;
  }
  const value = parseValue(line.value);
  if (value === undefined) fail(`expected float as value, got ${JSON.stringify(line.value)}`);
  checkHistogramSummary(family, role, labels, value, fail);
  const sample: ParsedSample = { name: line.name, labels, value, line: lineNumber };
  if (line.timestamp !== undefined) sample.timestampMs = Number(line.timestamp);
  return sample;
}

/**
 * The family a name belongs to, created untyped when new: the family of that exact name, or
 * the summary `foo` of `foo_sum`/`foo_count`, or the histogram `foo` of
 * `foo_bucket`/`foo_sum`/`foo_count`, as expfmt's setOrCreateCurrentMF decides.
 */
function lookup(families: Map<string, State>, name: string): { state: State; role: Role } {
  const exact = families.get(name);
  if (exact !== undefined) return { state: exact, role: undefined };
  const role: Role =
    name.length > 4 && name.endsWith('_sum')
      ? 'sum'
      : name.length > 6 && name.endsWith('_count')
        ? 'count'
        : undefined;
  const base = role === 'sum' ? name.slice(0, -4) : role === 'count' ? name.slice(0, -6) : undefined;
  const summary = base === undefined ? undefined : families.get(base);
  if (summary?.family.type === 'summary') return { state: summary, role };
  const histogramBase = base ?? (name.length > 7 && name.endsWith('_bucket') ? name.slice(0, -7) : undefined);
  const histogram = histogramBase === undefined ? undefined : families.get(histogramBase);
  if (histogram?.family.type === 'histogram' || histogram?.family.type === 'gaugehistogram')
    return { state: histogram, role };
  const state: State = { family: { name, type: 'untyped', samples: [] }, typed: false };
  families.set(name, state);
  return { state, role: undefined };
}

/** expfmt's rules for the special labels and counts of summaries and histograms. */
function checkHistogramSummary(
  family: ParsedFamily,
  role: Role,
  labels: Record<string, string>,
  value: number,
  fail: Fail,
): void {
  const quoted = JSON.stringify(family.name);
  if (family.type === 'summary' && 'quantile' in labels && parseValue(labels.quantile) === undefined)
    fail(`expected float as value for 'quantile' label, got ${JSON.stringify(labels.quantile)}`);
  if (family.type !== 'histogram' && family.type !== 'gaugehistogram') return;
  if ('le' in labels && parseValue(labels.le) === undefined)
    fail(`expected float as value for 'le' label, got ${JSON.stringify(labels.le)}`);
  if (value >= 0 || Number.isNaN(value) || role === 'sum') return;
  if (role === 'count') fail(`negative count for histogram ${quoted}`);
  if ('le' in labels) fail(`negative bucket population for histogram ${quoted}`);
}

/**
 * A sample value as expfmt reads it: Go's ParseFloat without its hexadecimal and `_` forms,
 * refusing values too large for a double (`1e400`), which Go reports as out of range.
 */
export function parseValue(text: string): number | undefined {
  const value = parseGoFloat(text);
  if (value === undefined || (!Number.isFinite(value) && !Number.isNaN(value) && !/inf/i.test(text)))
    return undefined;
  return value;
}
