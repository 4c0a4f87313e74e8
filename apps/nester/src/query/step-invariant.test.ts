import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatExpr, parseExpr } from '@seahawks/promql';
import { findStepInvariant } from './step-invariant.js';
import { engineOver, every, matrixList } from './testing/fixtures.js';

describe('step-invariant subtrees', () => {
  const cases: Array<[string, string[]]> = [
    ['foo', []],
    ['foo @ 100', ['foo @ 100.000']],
    ['rate(foo[1m] @ 100)', ['rate(foo[1m] @ 100.000)']],
    ['foo @ 100 + bar', ['foo @ 100.000']],
    ['sum(foo @ 100) + 1', ['sum(foo @ 100.000) + 1']],
    ['1 + 2', ['1 + 2']],
    // time() changes with the step even when its inputs do not.
    ['time() + foo @ 100', ['foo @ 100.000']],
    ['timestamp(foo @ 100)', ['timestamp(foo @ 100.000)']],
    // A subquery without its own @ moves with the steps; only its inside is pinned.
    ['max_over_time((foo @ 100)[5m:1m])', ['(foo @ 100.000)']],
    ['max_over_time(foo[5m:1m] @ 100)', ['max_over_time(foo[5m:1m] @ 100.000)']],
  ];
  for (const [query, want] of cases) {
    it(query, () => {
      const got = [...findStepInvariant(parseExpr(query))].map((e) => formatExpr(e));
      assert.deepEqual(got.sort(), want.sort());
    });
  }

  it('evaluates a pinned subtree once and repeats its value', async () => {
    const { engine, querier } = engineOver([
      { labels: { __name__: 'foo' }, samples: every(10, [1, 2, 3, 4]) },
    ]);
    const got = matrixList(await engine.rangeQuery('foo @ 20', 0, 30_000, 10_000));
    assert.deepEqual(got, [
      [
        'foo',
        [
          [0, 3],
          [10, 3],
          [20, 3],
          [30, 3],
        ],
      ],
    ]);
    assert.deepEqual(
      querier.selectCalls.map((c) => c.range),
      [{ minT: 20_000 - 300_000 + 1, maxT: 20_000 }],
    );
  });
});
