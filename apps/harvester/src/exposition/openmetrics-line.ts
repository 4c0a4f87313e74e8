/**
 * The line grammar of OpenMetrics 1.0 text (`application/openmetrics-text; version=1.0.0`), as
 * Prometheus' scrape parser (textparse.OpenMetricsParser) reads it; openmetrics-parse.ts groups
 * the lines into families. Unlike the 0.0.4 text format there are no blank lines and no free
 * comments, tokens are separated by exactly one space, timestamps are float seconds and a
 * sample may carry an exemplar after ` # `. Errors are thrown as LineError and turned into
 * `cannot parse <source> line N: …` by the caller, which knows the line number.
 */
import { parseValue } from './text-parse.js';
import { LineError } from './text-parse-line.js';

/** One line, classified. */
export type OpenMetricsLine =
  | { kind: 'eof' }
  | { kind: 'help'; name: string; text: string }
  | { kind: 'type'; name: string; type: string }
  | { kind: 'unit'; name: string; unit: string }
  | {
      kind: 'sample';
      name: string;
      labels: Array<[string, string]>;
      value: number;
      /** Milliseconds since the epoch, rounded from the line's float seconds. */
      timestampMs?: number;
    };

const METRIC_NAME = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const LABEL_NAME = /[a-zA-Z_][a-zA-Z0-9_]*/y;
// The `s` flag: HELP text may hold U+2028 and other characters `.` would not match.
const METADATA = /^# (HELP|TYPE|UNIT) ([a-zA-Z_:][a-zA-Z0-9_:]*)(?: (.*))?$/s;

/**
 * Classifies one line (without its newline).
 * @throws LineError when the line is malformed.
 */
export function parseOpenMetricsLine(line: string): OpenMetricsLine {
  if (line === '') throw new LineError('unexpected blank line');
  if (line.startsWith('#')) return parseMetadata(line);
  return parseSample(new Cursor(line));
}

function parseMetadata(line: string): OpenMetricsLine {
  if (line === '# EOF') return { kind: 'eof' };
  const m = METADATA.exec(line);
  if (m === null) throw new LineError('invalid metadata: want # HELP, # TYPE or # UNIT and a metric name');
  const [, keyword, name = '', rest = ''] = m;
  if (keyword === 'HELP') return { kind: 'help', name, text: unescapeAll(rest) };
  if (keyword === 'TYPE') return { kind: 'type', name, type: rest };
  return { kind: 'unit', name, unit: rest };
}

function parseSample(c: Cursor): OpenMetricsLine {
  const name = c.match(METRIC_NAME);
  if (name === undefined) throw new LineError(`invalid metric name at ${c.describeNext()}`);
  const labels = c.peek() === '{' ? c.labels('metric') : [];
  c.expect(' ', 'before the value');
  const value = c.value('metric');
  let timestampMs: number | undefined;
  if (c.peek() === ' ' && c.s[c.i + 1] !== '#') {
    c.i++;
    timestampMs = c.timestamp();
  }
  if (c.s.startsWith(' # ', c.i)) {
    // An exemplar: read to be sure the line is whole, then dropped (we keep no exemplars).
    c.i += 3;
    if (c.peek() !== '{') throw new LineError(`expected exemplar labels, found ${c.describeNext()}`);
    c.labels('exemplar');
    c.expect(' ', 'before the exemplar value');
    c.value('exemplar');
    if (c.peek() === ' ') {
      c.i++;
      c.timestamp();
    }
  }
  if (c.peek() !== undefined)
    throw new LineError(`unexpected ${JSON.stringify(c.s.slice(c.i, c.i + 40))} after the sample`);
  const sample: OpenMetricsLine = { kind: 'sample', name, labels, value };
  if (timestampMs !== undefined) sample.timestampMs = timestampMs;
  return sample;
}

/** A cursor over one sample line. */
class Cursor {
  i = 0;
  constructor(readonly s: string) {}

  peek(): string | undefined {
    return this.s[this.i];
  }

  describeNext(): string {
    const c = this.peek();
    return c === undefined ? 'end of line' : JSON.stringify(c);
  }

  match(re: RegExp): string | undefined {
    re.lastIndex = this.i;
    const m = re.exec(this.s);
    if (m === null) return undefined;
    this.i += m[0].length;
    return m[0];
  }

  expect(text: string, where: string): void {
    if (!this.s.startsWith(text, this.i))
      throw new LineError(`expected ${JSON.stringify(text)} ${where}, found ${this.describeNext()}`);
    this.i += text.length;
  }

  /** The text up to the next space or the end of the line. */
  token(): string {
    const end = this.s.indexOf(' ', this.i);
    const stop = end < 0 ? this.s.length : end;
    const token = this.s.slice(this.i, stop);
    this.i = stop;
    return token;
  }

  value(what: string): number {
    const text = this.token();
    const value = parseValue(text);
    if (value === undefined)
      throw new LineError(`expected float as ${what} value, got ${JSON.stringify(text)}`);
    return value;
  }

  /**
   * Float seconds to integer milliseconds. Rounded, where Prometheus truncates: `1.001` is
   * 1000.9999999999999 ms in binary floating point, and truncation would lose that millisecond.
   */
  timestamp(): number {
    const text = this.token();
    const seconds = parseValue(text);
    const ms = seconds === undefined ? Number.NaN : Math.round(seconds * 1000);
    if (!Number.isSafeInteger(ms)) throw new LineError(`invalid timestamp ${JSON.stringify(text)}`);
    return ms;
  }

  /** `{a="b",c="d"}` (a trailing comma allowed, as Prometheus allows it); `__name__` refused. */
  labels(what: 'metric' | 'exemplar'): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    this.i++;
    while (this.peek() !== '}') {
      const name = this.match(LABEL_NAME);
      if (name === undefined) throw new LineError(`invalid ${what} label name at ${this.describeNext()}`);
      if (name === '__name__') throw new LineError('label name "__name__" is reserved');
      if (out.some(([n]) => n === name)) throw new LineError(`duplicate label name ${JSON.stringify(name)}`);
      this.expect('="', `after label name ${JSON.stringify(name)}`);
      out.push([name, this.quoted()]);
      if (this.peek() === ',') this.i++;
      else if (this.peek() !== '}')
        throw new LineError(`expected "," or "}" after a label value, found ${this.describeNext()}`);
    }
    this.i++;
    return out;
  }

  /** The rest of a label value after its opening quote, unescaped. */
  quoted(): string {
    let out = '';
    for (;;) {
      const c = this.s[this.i++];
      if (c === undefined) throw new LineError(`label value ${JSON.stringify(out)} is not closed`);
      if (c === '"') return out;
      out += c === '\\' ? unescape(this.s[this.i++]) : c;
    }
  }
}

/** HELP text with its `\\`, `\n` and `\"` escapes resolved. */
function unescapeAll(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += text[i] === '\\' ? unescape(text[++i]) : text[i];
  return out;
}

/** The character after a backslash: OpenMetrics has exactly three escapes. */
function unescape(c: string | undefined): string {
  switch (c) {
    case '\\':
      return '\\';
    case 'n':
      return '\n';
    case '"':
      return '"';
    case undefined:
      throw new LineError("invalid escape sequence '\\' at end of line");
    default:
      throw new LineError(`invalid escape sequence '\\${c}'`);
  }
}
