import { parseError } from '../procfs/values.js';
import { parseOpenMetricsLine } from './openmetrics-line.js';
import { LineError } from './text-parse-line.js';
import { parseValue, type ParsedSample } from './text-parse.js';

/** A family's type as OpenMetrics 1.0 names it. */
export type OpenMetricsType =
  'counter' | 'gauge' | 'histogram' | 'gaugehistogram' | 'summary' | 'info' | 'stateset' | 'unknown';

/**
 * A metric family: its name (without `_total`, `_info`, …), TYPE (unknown when none), HELP and
 * UNIT (undefined when none), and its samples, each under its own series name (`foo_total`,
 * `foo_created`, `foo_bucket`), timestamps already in milliseconds.
 */
export interface OpenMetricsFamily {
  name: string;
  type: OpenMetricsType;
  help?: string;
  unit?: string;
  samples: ParsedSample[];
}

/** The series names a family of each type owns, as suffixes of the family name. */
const SUFFIXES: Readonly<Record<OpenMetricsType, readonly string[]>> = {
  counter: ['_total', '_created'],
  gauge: [''],
  histogram: ['_bucket', '_count', '_sum', '_created'],
  gaugehistogram: ['_bucket', '_gcount', '_gsum'],
  summary: ['', '_count', '_sum', '_created'],
  info: ['_info'],
  stateset: [''],
  unknown: [''],
};
const ALL_SUFFIXES = [...new Set(Object.values(SUFFIXES).flat())].filter((s) => s !== '');

interface State {
  family: OpenMetricsFamily;
  /** Which metadata lines were seen, to refuse a second one. */
  seen: Set<'HELP' | 'TYPE' | 'UNIT'>;
}

/** Throws the error for the current line; a type so that TypeScript narrows after calls. */
type Fail = (detail: string) => never;

/**
 * Parses OpenMetrics 1.0 text with the acceptance rules of Prometheus' scrape parser: the text
 * must end with `# EOF` (optionally followed by one newline) and nothing may follow it, which is
 * how a truncated answer is told from a whole one; `# HELP`, `# TYPE` and `# UNIT` at most once
 * per family and before its samples, a UNIT being a `_`-separated suffix of the family name;
 * exemplars read and dropped; timestamps in float seconds, returned in milliseconds. Samples
 * join their family by name: `foo_total` and `foo_created` the counter `foo`, `foo_bucket`,
 * `foo_count`, `foo_sum` and `foo_created` the histogram `foo` (`_gcount`, `_gsum` for a
 * gaugehistogram), `foo_info` the info `foo`; any other name makes an unknown family. A bucket
 * needs a float `le`, a summary quantile a float `quantile`, histogram counts must not be
 * negative. Families come in order of first mention; those without samples are left out.
 * Names are the legacy ones (`[a-zA-Z_:][a-zA-Z0-9_:]*`), as OpenMetrics 1.0 defines them.
 * @throws InvalidInputError `cannot parse <source> line N: <what>` on the first malformed line.
 */
export function parseOpenMetrics(text: string, options: { source?: string } = {}): OpenMetricsFamily[] {
  const source = options.source ?? 'OpenMetrics text';
  const lines = text.split('\n');
  // Where `# EOF` must be: the last line, or the one before an empty last line (a final newline).
  const eofAt = lines.length > 1 && lines.at(-1) === '' ? lines.length - 2 : lines.length - 1;
  const families = new Map<string, State>();
  for (let i = 0; i <= eofAt; i++) {
    const fail: Fail = (detail) => {
      throw parseError(source, i + 1, detail);
    };
    // A truncated answer most often ends inside a line: name the missing EOF, not the stub.
    if (i === eofAt && lines[i] !== '# EOF') fail('data does not end with # EOF');
    let line;
    try {
      line = parseOpenMetricsLine(lines[i]!);
    } catch (err) {
      if (err instanceof LineError) fail(err.message);
      throw err;
    }
    switch (line.kind) {
      case 'eof':
        if (i !== eofAt) fail('unexpected data after # EOF');
        return [...families.values()].map((s) => s.family).filter((f) => f.samples.length > 0);
      case 'help':
        metadata(families, line.name, 'HELP', fail).help = line.text;
        break;
      case 'type':
        metadata(families, line.name, 'TYPE', fail).type = toType(line.type, fail);
        break;
      case 'unit':
        checkUnit(line.name, line.unit, fail);
        metadata(families, line.name, 'UNIT', fail).unit = line.unit;
        break;
      case 'sample': {
        const { family, suffix } = lookup(families, line.name);
        const labels = Object.fromEntries(line.labels);
        checkSample(family, suffix, labels, line.value, fail);
        const sample: ParsedSample = { name: line.name, labels, value: line.value, line: i + 1 };
        if (line.timestampMs !== undefined) sample.timestampMs = line.timestampMs;
        family.samples.push(sample);
        break;
      }
    }
  }
  throw parseError(source, 1, 'data does not end with # EOF');
}

/** The family a metadata line describes, created when new; refuses repeats and late metadata. */
function metadata(
  families: Map<string, State>,
  name: string,
  keyword: 'HELP' | 'TYPE' | 'UNIT',
  fail: Fail,
): OpenMetricsFamily {
  let state = families.get(name);
  if (state === undefined) {
    state = { family: { name, type: 'unknown', samples: [] }, seen: new Set() };
    families.set(name, state);
  }
  const quoted = JSON.stringify(name);
  if (state.seen.has(keyword)) fail(`second ${keyword} line for metric name ${quoted}`);
  if (state.family.samples.length > 0) fail(`${keyword} line for metric name ${quoted} after its samples`);
  state.seen.add(keyword);
  return state.family;
}

function toType(text: string, fail: Fail): OpenMetricsType {
  if (Object.hasOwn(SUFFIXES, text)) return text as OpenMetricsType;
  return fail(`invalid metric type ${JSON.stringify(text)}`);
}

/** OpenMetrics: a family with a unit is named `<something>_<unit>`. */
function checkUnit(name: string, unit: string, fail: Fail): void {
  if (unit !== '' && !(name.endsWith(`_${unit}`) && name.length > unit.length + 1))
    fail(`unit ${JSON.stringify(unit)} not a suffix of metric ${JSON.stringify(name)}`);
}

/**
 * The family a series name belongs to: the family of that exact name, else the family whose
 * name plus a suffix its type owns is this name, else a new unknown family.
 */
function lookup(families: Map<string, State>, name: string): { family: OpenMetricsFamily; suffix: string } {
  const exact = families.get(name);
  if (exact !== undefined) return { family: exact.family, suffix: '' };
  for (const suffix of ALL_SUFFIXES) {
    if (!name.endsWith(suffix) || name.length === suffix.length) continue;
    const base = families.get(name.slice(0, -suffix.length));
    if (base !== undefined && SUFFIXES[base.family.type].includes(suffix))
      return { family: base.family, suffix };
  }
  const family: OpenMetricsFamily = { name, type: 'unknown', samples: [] };
  families.set(name, { family, seen: new Set() });
  return { family, suffix: '' };
}

/** The special labels and counts of histograms and summaries, as Prometheus and expfmt check them. */
function checkSample(
  family: OpenMetricsFamily,
  suffix: string,
  labels: Record<string, string>,
  value: number,
  fail: Fail,
): void {
  const histogram = family.type === 'histogram' || family.type === 'gaugehistogram';
  if (family.type === 'summary' && suffix === '' && parseValue(labels.quantile ?? '') === undefined)
    fail(`expected float as value for 'quantile' label, got ${JSON.stringify(labels.quantile ?? '')}`);
  if (!histogram) return;
  if (suffix === '_bucket' && parseValue(labels.le ?? '') === undefined)
    fail(`expected float as value for 'le' label, got ${JSON.stringify(labels.le ?? '')}`);
  const counted = suffix === '_bucket' || suffix === '_count' || suffix === '_gcount';
  if (counted && value < 0) fail(`negative count for histogram ${JSON.stringify(family.name)}`);
}
