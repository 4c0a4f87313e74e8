import { parseDuration } from '@seahawks/model';
import type { Labels } from '@seahawks/model';
import { parseGoFloat, parseSeriesLine, parseSeriesValues } from './series-desc.js';
import type { SeqValue } from './series-desc.js';

// The test-script language of Prometheus' `promql/promqltest` (its README documents it).

export interface LoadCommand {
  readonly kind: 'load';
  readonly intervalMs: number;
  readonly series: ReadonlyArray<{ readonly labels: Labels; readonly values: readonly SeqValue[] }>;
  /** `load_with_nhcb`: also converts classic histograms to native ones (out of scope here). */
  readonly withNhcb: boolean;
}

/** An `expect warn|info|fail ...` line: exact message, regular expression, or any. */
export interface Expectation {
  readonly message?: string;
  readonly regex?: RegExp;
}

/** An `eval instant` or `eval range` block with its expectations. */
export interface EvalCommand {
  readonly kind: 'eval';
  readonly line: number;
  readonly query: string;
  /** Instant: evaluation time. Range: start, end, step. All ms. */
  readonly range: { readonly startMs: number; readonly endMs: number; readonly stepMs: number } | undefined;
  readonly atMs: number;
  readonly fail: Expectation | undefined;
  readonly warn: readonly Expectation[];
  readonly info: readonly Expectation[];
  /** `eval_warn`/`eval_info` (deprecated forms): at least one annotation of that kind. */
  readonly anyWarn: boolean;
  readonly anyInfo: boolean;
  readonly noWarn: boolean;
  readonly noInfo: boolean;
  readonly ordered: boolean;
  readonly expectedString: string | undefined;
  /** `expect range vector from .. to .. step ..`: an instant query answering a matrix. */
  readonly rangeVector:
    { readonly startMs: number; readonly endMs: number; readonly stepMs: number } | undefined;
  readonly expectedScalar: number | undefined;
  readonly expected: ReadonlyArray<{ readonly labels: Labels; readonly values: readonly SeqValue[] }>;
}

/** One command of a test script, in file order. */
export type Command = LoadCommand | { readonly kind: 'clear' } | EvalCommand;

const EVAL_INSTANT = /^eval(?:_(fail|warn|ordered|info))?\s+instant\s+(?:at\s+(.+?))?\s+(.+)$/;
const EVAL_RANGE = /^eval(?:_(fail|warn|info))?\s+range\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+?)\s+(.+)$/;
const EXPECT = /^expect\s+(ordered|fail|warn|no_warn|info|no_info)(?:\s+(regex|msg):(.+))?$/;
const RANGE_VECTOR = /^expect range vector\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+)$/;

/** Prometheus' `model.ParseDuration`, which also accepts a bare `0`. */
function scriptDuration(text: string): number {
  return text === '0' ? 0 : parseDuration(text);
}

/** Parses a whole script; throws `Error` with the line number on malformed input. */
export function parseScript(text: string): Command[] {
  const lines = text.split('\n').map((l) => {
    const t = l.trim();
    return t.startsWith('#') ? '' : t;
  });
  const commands: Command[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const word = line.split(/\s+/)[0]!.toLowerCase();
    const lineNo = i + 1;
    try {
      if (word === 'clear') {
        commands.push({ kind: 'clear' });
        continue;
      }
      // load and eval own the lines up to the next blank one.
      const block: string[] = [];
      while (i + 1 < lines.length && lines[i + 1] !== '') block.push(lines[++i]!);
      if (word.startsWith('load')) commands.push(parseLoad(line, block));
      else if (word.startsWith('eval')) commands.push(parseEval(line, block, lineNo));
      else throw new Error(`invalid command "${line}"`);
    } catch (err) {
      throw new Error(`cannot parse script line ${lineNo}: ${(err as Error).message}`, { cause: err });
    }
  }
  return commands;
}

function parseLoad(line: string, block: readonly string[]): LoadCommand {
  const m = /^load(?:_(with_nhcb))?\s+(.+?)$/.exec(line);
  if (m === null) throw new Error('invalid load command');
  const series = block
    // Start-timestamp lines (`metric@st ...`) belong to an experimental feature: ignored.
    .filter((l) => !/^\S*@st\s/.test(l))
    .map((l) => {
      const { labels, rest } = parseSeriesLine(l);
      return { labels, values: parseSeriesValues(rest) };
    });
  return { kind: 'load', intervalMs: scriptDuration(m[2]!), series, withNhcb: m[1] !== undefined };
}

function parseExpectation(kind: string, how: string | undefined, text: string | undefined): Expectation {
  if (how === 'msg') return { message: text!.trim() };
  if (how === 'regex') return { regex: new RegExp(text!.trim()) };
  return {};
}

function parseEval(line: string, block: readonly string[], lineNo: number): EvalCommand {
  const inst = EVAL_INSTANT.exec(line);
  const rng = inst === null ? EVAL_RANGE.exec(line) : null;
  if (inst === null && rng === null) throw new Error(`invalid eval command "${line}"`);
  const mod = (inst ?? rng)![1];
  const cmd = {
    kind: 'eval' as const,
    line: lineNo,
    query: inst !== null ? inst[3]! : rng![5]!,
    range:
      rng === null
        ? undefined
        : {
            startMs: scriptDuration(rng[2]!),
            endMs: scriptDuration(rng[3]!),
            stepMs: scriptDuration(rng[4]!),
          },
    atMs: inst !== null && inst[2] !== undefined ? scriptDuration(inst[2]) : 0,
    fail: mod === 'fail' ? ({} as Expectation) : undefined,
    warn: [] as Expectation[],
    info: [] as Expectation[],
    anyWarn: mod === 'warn',
    anyInfo: mod === 'info',
    noWarn: false,
    noInfo: false,
    ordered: mod === 'ordered',
    expectedString: undefined as string | undefined,
    rangeVector: undefined as EvalCommand['rangeVector'],
    expectedScalar: undefined as number | undefined,
    expected: [] as Array<{ labels: Labels; values: SeqValue[] }>,
  };
  for (const def of block) {
    const rv = RANGE_VECTOR.exec(def);
    if (rv !== null) {
      cmd.rangeVector = {
        startMs: scriptDuration(rv[1]!),
        endMs: scriptDuration(rv[2]!),
        stepMs: scriptDuration(rv[3]!),
      };
      cmd.atMs = cmd.rangeVector.endMs;
      continue;
    }
    if (def.startsWith('expect string')) {
      cmd.expectedString = unquoteExpected(def.slice('expect string'.length).trim());
      continue;
    }
    if (def.split(' ')[0] === 'expect') {
      const m = EXPECT.exec(def);
      if (m === null) throw new Error(`invalid expect line "${def}"`);
      const e = parseExpectation(m[1]!, m[2], m[3]);
      if (m[1] === 'fail') cmd.fail = e;
      else if (m[1] === 'warn') cmd.warn.push(e);
      else if (m[1] === 'info') cmd.info.push(e);
      else if (m[1] === 'no_warn') cmd.noWarn = true;
      else if (m[1] === 'no_info') cmd.noInfo = true;
      else cmd.ordered = true;
      continue;
    }
    const scalar = parseGoFloat(def);
    if (scalar !== undefined) {
      cmd.expectedScalar = scalar;
      break;
    }
    const { labels, rest } = parseSeriesLine(def);
    cmd.expected.push({ labels, values: parseSeriesValues(rest) });
  }
  return cmd;
}

function unquoteExpected(text: string): string {
  if (text.length < 2)
    throw new Error('expected string literal not valid - a quoted string literal is required');
  const body = text.slice(1, -1);
  return text.startsWith('`') ? body : (JSON.parse(`"${body.replace(/\\'/g, "'")}"`) as string);
}
