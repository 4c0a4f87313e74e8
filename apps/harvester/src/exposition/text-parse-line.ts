/**
 * The line grammar of the Prometheus text format 0.0.4, as Prometheus' Go parser
 * (expfmt.TextParser) reads it; text-parse.ts groups the lines into families. Errors are
 * thrown as LineError with expfmt's wording and turned into `cannot parse <source> line N: …`
 * by the caller, which knows the line number.
 */

/** One line, classified. */
export type TextLine =
  | { kind: 'skip' }
  | { kind: 'help'; name: string; text: string }
  | { kind: 'type'; name: string; type: string }
  | { kind: 'sample'; name: string; labels: Array<[string, string]>; value: string; timestamp?: string };

/** A malformed line; the message is the detail after `line N: `. */
export class LineError extends Error {}

const METRIC_START = /[a-zA-Z_:]/;
const METRIC_CONTINUE = /[a-zA-Z0-9_:]/;
const LABEL_START = /[a-zA-Z_]/;
const LABEL_CONTINUE = /[a-zA-Z0-9_]/;

/** A cursor over one line (without its newline). */
class Cursor {
  i = 0;
  constructor(readonly s: string) {}

  peek(): string | undefined {
    return this.s[this.i];
  }

  skipBlanks(): void {
    while (this.s[this.i] === ' ' || this.s[this.i] === '\t') this.i++;
  }

  /** The text up to the next blank or the end of the line. */
  untilBlank(): string {
    const start = this.i;
    while (this.i < this.s.length && this.s[this.i] !== ' ' && this.s[this.i] !== '\t') this.i++;
    return this.s.slice(start, this.i);
  }

  rest(): string {
    const rest = this.s.slice(this.i);
    this.i = this.s.length;
    return rest;
  }

  /** `'x'` for the next character, as Go's %q prints a byte, or `end of line`. */
  describeNext(): string {
    const c = this.peek();
    return c === undefined ? 'end of line' : `'${c}'`;
  }

  /**
   * A metric or label name: unquoted (`[a-zA-Z_:][a-zA-Z0-9_:]*`, no `:` for labels), or
   * quoted with `\\`, `\n` and `\"` escapes. '' when the next character cannot start one.
   */
  name(kind: 'metric' | 'label'): { text: string; quoted: boolean } {
    const c = this.peek();
    if (c === '"') return { text: this.quoted(`${kind} name`), quoted: true };
    const [start, more] = kind === 'metric' ? [METRIC_START, METRIC_CONTINUE] : [LABEL_START, LABEL_CONTINUE];
    if (c === undefined || !start.test(c)) return { text: '', quoted: false };
    const from = this.i;
    while (this.i < this.s.length && more.test(this.s[this.i]!)) this.i++;
    return { text: this.s.slice(from, this.i), quoted: false };
  }

  /** A double-quoted string at the cursor, unescaped; `what` names it in errors. */
  quoted(what: string): string {
    this.i++;
    let out = '';
    for (;;) {
      const c = this.s[this.i++];
      if (c === undefined) throw new LineError(`${what} ${JSON.stringify(out)} contains unescaped new-line`);
      if (c === '"') return out;
      if (c !== '\\') out += c;
      else out += unescape(this.s[this.i++]);
    }
  }
}

/** The character after a backslash in a name, label value or HELP text. */
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

/**
 * Classifies one line. `strict` applies expfmt's exact rules where Prometheus' own scrape
 * parser is kinder: nothing may follow a value or timestamp (not even blanks), and the TYPE
 * keyword is taken with its trailing blanks.
 * @throws LineError when the line is malformed.
 */
export function parseTextLine(line: string, strict: boolean): TextLine {
  const c = new Cursor(line);
  c.skipBlanks();
  if (c.peek() === undefined) return { kind: 'skip' };
  if (c.peek() === '#') {
    c.i++;
    return parseComment(c, strict);
  }
  return parseSample(c, strict);
}

function parseComment(c: Cursor, strict: boolean): TextLine {
  c.skipBlanks();
  const keyword = c.untilBlank();
  if ((keyword !== 'HELP' && keyword !== 'TYPE') || c.peek() === undefined) return { kind: 'skip' };
  c.skipBlanks();
  const name = c.name('metric');
  // `# HELP name` with nothing after the name says nothing; expfmt ignores it too.
  if (c.peek() === undefined) return { kind: 'skip' };
  if (c.peek() !== ' ' && c.peek() !== '\t') throw new LineError('invalid metric name in comment');
  c.skipBlanks();
  if (c.peek() === undefined) return { kind: 'skip' };
  if (keyword === 'TYPE') {
    const type = c.rest();
    return { kind: 'type', name: name.text, type: strict ? type : type.trimEnd() };
  }
  let text = '';
  while (c.peek() !== undefined) {
    const ch = c.s[c.i++]!;
    text += ch === '\\' ? unescape(c.s[c.i++]) : ch;
  }
  return { kind: 'help', name: name.text, text };
}

function parseSample(c: Cursor, strict: boolean): TextLine {
  let name: string | undefined;
  const labels: Array<[string, string]> = [];
  if (c.peek() === '{') {
    name = parseLabels(c, labels, undefined);
  } else {
    name = c.name('metric').text;
    if (name === '') throw new LineError('invalid metric name');
    c.skipBlanks();
    if (c.peek() === '{') parseLabels(c, labels, name);
  }
  if (name === undefined) throw new LineError('no metric name in the label set');
  c.skipBlanks();
  const value = c.untilBlank();
  if (c.peek() === undefined) return { kind: 'sample', name, labels, value };
  c.skipBlanks();
  if (c.peek() === undefined && !strict) return { kind: 'sample', name, labels, value };
  const timestamp = c.untilBlank();
  if (!/^[+-]?[0-9]+$/.test(timestamp))
    throw new LineError(`expected integer as timestamp, got ${JSON.stringify(timestamp)}`);
  const rest = c.rest();
  const spurious = strict ? rest : rest.trim();
  if (spurious !== '') throw new LineError(`spurious string after timestamp: ${JSON.stringify(spurious)}`);
  return { kind: 'sample', name, labels, value, timestamp };
}

/**
 * Reads `{…}` into `labels`. When `metricName` is undefined the set may hold the metric name
 * as a lone (usually quoted) entry, `{"name", a="b"}`; it is returned.
 */
function parseLabels(
  c: Cursor,
  labels: Array<[string, string]>,
  metricName: string | undefined,
): string | undefined {
  const braced = metricName === undefined;
  let name = metricName;
  const forMetric = (): string => JSON.stringify(name ?? '');
  c.i++;
  for (;;) {
    c.skipBlanks();
    if (c.peek() === '}') {
      c.i++;
      return name;
    }
    const label = c.name('label');
    if (label.text === '' && !label.quoted)
      throw new LineError(`invalid label name for metric ${forMetric()}`);
    c.skipBlanks();
    if (c.peek() !== '=') {
      if (!braced) throw new LineError(`expected '=' after label name, found ${c.describeNext()}`);
      if (c.peek() !== ',' && c.peek() !== '}')
        throw new LineError(`unexpected end of metric name ${c.describeNext()}`);
      if (name !== undefined) throw new LineError(`multiple metric names for metric ${forMetric()}`);
      name = label.text;
      if (c.peek() === ',') c.i++;
      continue;
    }
    c.i++;
    if (labels.some(([n]) => n === label.text))
      throw new LineError(`duplicate label names for metric ${forMetric()}`);
    c.skipBlanks();
    if (c.peek() !== '"')
      throw new LineError(`expected '"' at start of label value, found ${c.describeNext()}`);
    labels.push([label.text, c.quoted('label value')]);
    c.skipBlanks();
    if (c.peek() === ',') c.i++;
    else if (c.peek() !== '}')
      throw new LineError(`unexpected end of label value ${JSON.stringify(labels.at(-1)![1])}`);
  }
}
