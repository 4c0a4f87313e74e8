import { formatLabels, labelsKey } from '@seahawks/model';
import type { Labels } from '@seahawks/model';
import { almostEqual } from '../functions/buckets.js';
import { compareLabels } from '../label-ops.js';
import type { MatrixElement, QueryData, VectorElement } from '../values.js';
import type { EvalCommand } from './script.js';

/** Prometheus' `almost.Equal` with the test scripts' relative epsilon (1e-6); NaN equals NaN. */
function almostEqualTest(a: number, b: number): boolean {
  return almostEqual(a, b, 0.000001);
}

/** The time range the expected values of a matrix answer are laid out on. */
interface Grid {
  readonly startMs: number;
  readonly endMs: number;
  readonly stepMs: number;
}

/** Why the answer differs from the script's expectation, or undefined when it matches. */
export function compareResult(cmd: EvalCommand, data: QueryData, grid: Grid | undefined): string | undefined {
  switch (data.resultType) {
    case 'matrix':
      if (cmd.ordered) return 'expected ordered result, but query returned a matrix';
      if (cmd.expectedScalar !== undefined) return 'expected scalar result, but got matrix';
      if (grid === undefined) return 'got a matrix where an instant vector was expected';
      return compareMatrix(cmd, data.result, grid);
    case 'vector':
      if (cmd.expectedScalar !== undefined) return 'expected scalar result, but got vector';
      return compareVector(cmd, data.result);
    case 'scalar':
      if (cmd.expectedScalar === undefined)
        return `expected vector or matrix result, but got scalar ${data.value[1]}`;
      return almostEqualTest(cmd.expectedScalar, data.value[1])
        ? undefined
        : `expected scalar ${cmd.expectedScalar} but got ${data.value[1]}`;
    case 'string':
      return cmd.expectedString === data.value[1]
        ? undefined
        : `expected string "${cmd.expectedString}" but got "${data.value[1]}"`;
  }
}

function expectedByKey(cmd: EvalCommand): Map<string, { labels: Labels; pos: number; index: number }> {
  const out = new Map<string, { labels: Labels; pos: number; index: number }>();
  cmd.expected.forEach((e, index) =>
    out.set(labelsKey(e.labels), { labels: e.labels, pos: index + 1, index }),
  );
  return out;
}

function compareVector(cmd: EvalCommand, result: readonly VectorElement[]): string | undefined {
  const expected = expectedByKey(cmd);
  const seen = new Set<string>();
  for (const [i, el] of result.entries()) {
    const key = labelsKey(el.labels);
    const exp = expected.get(key);
    if (exp === undefined)
      return `unexpected metric ${formatLabels(el.labels)} in result, has value ${el.sample.v}`;
    if (cmd.ordered && exp.pos !== i + 1) {
      return `expected metric ${formatLabels(el.labels)} at position ${exp.pos} but was at ${i + 1}`;
    }
    const want = cmd.expected[exp.index]!.values[0];
    if (want?.kind !== 'float') return `expected a histogram or nothing for ${formatLabels(el.labels)}`;
    if (!almostEqualTest(want.v, el.sample.v))
      return `expected ${want.v} for ${formatLabels(el.labels)} but got ${el.sample.v}`;
    seen.add(key);
  }
  for (const [key, exp] of expected) {
    if (!seen.has(key)) return `expected metric ${formatLabels(exp.labels)} not found`;
  }
  return undefined;
}

function compareMatrix(cmd: EvalCommand, result: readonly MatrixElement[], grid: Grid): string | undefined {
  for (let i = 1; i < result.length; i++) {
    if (compareLabels(result[i - 1]!.labels, result[i]!.labels) > 0)
      return 'matrix results should always be sorted by labels';
  }
  const expected = expectedByKey(cmd);
  const seen = new Set<string>();
  for (const s of result) {
    const key = labelsKey(s.labels);
    const exp = expected.get(key);
    const name = formatLabels(s.labels);
    const got = s.samples.map((p) => `${p.v}@${p.t / 1000}`).join(' ');
    if (exp === undefined) return `unexpected metric ${name} in result, has ${got}`;
    seen.add(key);
    const want: Array<{ t: number; v: number }> = [];
    for (const [i, e] of cmd.expected[exp.index]!.values.entries()) {
      const t = grid.startMs + i * grid.stepMs;
      if (t > grid.endMs) return `expected more points for ${name} than the query range can return`;
      if (e.kind === 'histogram') return `expected histogram points for ${name}`;
      if (e.kind === 'float') want.push({ t, v: e.v });
    }
    if (want.length !== s.samples.length)
      return `expected ${want.length} points for ${name}, got ${s.samples.length}: ${got}`;
    for (const [i, w] of want.entries()) {
      const p = s.samples[i]!;
      if (p.t !== w.t) return `expected point ${i} of ${name} at ${w.t / 1000}s, got ${p.t / 1000}s (${got})`;
      if (!almostEqualTest(p.v, w.v))
        return `expected ${w.v} at ${w.t / 1000}s for ${name}, got ${p.v} (${got})`;
    }
  }
  for (const [key, exp] of expected) {
    if (!seen.has(key)) return `expected metric ${formatLabels(exp.labels)} not found`;
  }
  return undefined;
}
