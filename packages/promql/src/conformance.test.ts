import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseExpr, PromQLParseError } from './parser.js';
import { formatExpr } from './printer.js';
import { withoutPositions } from './test-support.js';

// Prometheus' own PromQL test scripts (promqltest format), shared with the evaluator's tests.
const DIR = fileURLToPath(new URL('../../../../shared/conformance/promql', import.meta.url));

const EVAL_INSTANT = /^eval(?:_(fail|warn|ordered|info))?\s+instant\s+(?:at\s+\S+\s+)?(.+)$/;
const EVAL_RANGE = /^eval(?:_(fail|warn|info))?\s+range\s+from\s+\S+\s+to\s+\S+\s+step\s+\S+\s+(.+)$/;

/** Rejections of syntax left out on purpose (native histograms, experimental features), by kind. */
const UNSUPPORTED: ReadonlyArray<readonly [kind: string, reason: RegExp]> = [
  [
    'native-histogram function',
    /^unknown function with name "histogram_(avg|count|sum|stddev|stdvar|quantiles)"$/,
  ],
  ['native-histogram trim operator', /^histogram trim operators are experimental/],
  [
    'experimental function',
    /^unknown function with name "(info|step|range|start|end|start_timestamp|min_of|max_of)"$/,
  ],
  ['experimental anchored/smoothed modifier', /^(anchored|smoothed) modifier is experimental/],
  ['experimental binop fill modifier', /^binop fill modifiers are experimental/],
  ['experimental duration function', /^duration expression (step|range|min_of|max_of)\(\) is experimental/],
];

interface EvalCase {
  readonly file: string;
  readonly line: number;
  readonly expr: string;
  /** `eval_fail` or followed by `expect fail`: Prometheus may reject it while parsing. */
  readonly mayFail: boolean;
}

function readCases(): EvalCase[] {
  const cases: EvalCase[] = [];
  for (const file of readdirSync(DIR)
    .filter((f) => f.endsWith('.test'))
    .sort()) {
    const lines = readFileSync(join(DIR, file), 'utf8').split('\n');
    lines.forEach((raw, i) => {
      const line = raw.trim();
      const m = EVAL_INSTANT.exec(line) ?? EVAL_RANGE.exec(line);
      if (m === null) return;
      let mayFail = m[1] === 'fail';
      for (let j = i + 1; j < lines.length && /^\s+\S/.test(lines[j]!); j++) {
        if (/^\s*expect\s+fail/.test(lines[j]!)) mayFail = true;
      }
      cases.push({ file, line: i + 1, expr: m[2]!, mayFail });
    });
  }
  return cases;
}

describe('Prometheus test scripts', () => {
  it('parse, and survive formatting', (t) => {
    if (!existsSync(DIR)) {
      // In CI the scripts are always beside the clone: their absence is a failure there.
      assert.ok(!process.env.CI, `no conformance scripts at ${DIR}`);
      t.skip(`no conformance scripts at ${DIR}`);
      return;
    }
    const cases = readCases();
    const skipped = new Map<string, number>();
    const failures: string[] = [];
    let parsed = 0;
    for (const c of cases) {
      const where = `${c.file}:${c.line}: ${c.expr}`;
      try {
        const expr = parseExpr(c.expr);
        parsed++;
        const again = parseExpr(formatExpr(expr));
        assert.deepEqual(withoutPositions(again), withoutPositions(expr), `round trip of ${where}`);
      } catch (err) {
        if (!(err instanceof PromQLParseError)) throw err;
        const kind =
          UNSUPPORTED.find(([, re]) => re.test(err.reason))?.[0] ??
          (c.mayFail ? 'expected to fail' : undefined);
        if (kind === undefined) failures.push(`${where}\n    ${err.message}`);
        else skipped.set(kind, (skipped.get(kind) ?? 0) + 1);
      }
    }
    const summary = [...skipped].map(([kind, n]) => `${n} ${kind}`).join(', ');
    t.diagnostic(`${parsed} of ${cases.length} expressions parse; not parsed: ${summary || 'none'}`);
    assert.deepEqual(failures, []);
    assert.ok(parsed > 1500, `only ${parsed} expressions parse`);
  });
});
