import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Expr } from '@seahawks/promql';
import { call, num, range, sel } from '../testing/ast.js';
import { assertClose, engineOver, every, vectorList } from '../testing/fixtures.js';

// g: 1 @0s, 4 @10s, 2 @20s, 8 @30s, NaN @40s, 5 @50s.
const data = [{ labels: { __name__: 'g', i: '1' }, samples: every(10, [1, 4, 2, 8, NaN, 5]) }];
const g = (rangeS: number) => range(sel('g'), rangeS * 1000);

describe('<aggregation>_over_time', () => {
  // Evaluated at 30 s over (0, 30]: 4, 2, 8 — unless stated otherwise.
  const cases: Array<[string, Expr, number, string, number | undefined]> = [
    ['avg', call('avg_over_time', g(30)), 30, '{i="1"}', 14 / 3],
    ['sum', call('sum_over_time', g(30)), 30, '{i="1"}', 14],
    ['count', call('count_over_time', g(30)), 30, '{i="1"}', 3],
    ['min', call('min_over_time', g(30)), 30, '{i="1"}', 2],
    ['max', call('max_over_time', g(30)), 30, '{i="1"}', 8],
    ['last keeps the metric name', call('last_over_time', g(30)), 30, 'g{i="1"}', 8],
    ['first keeps the metric name', call('first_over_time', g(30)), 30, 'g{i="1"}', 4],
    ['present', call('present_over_time', g(30)), 30, '{i="1"}', 1],
    // Mean 14/3; squared deviations 4/9 + 64/9 + 100/9 = 168/9, over 3.
    ['stdvar', call('stdvar_over_time', g(30)), 30, '{i="1"}', 168 / 27],
    ['stddev', call('stddev_over_time', g(30)), 30, '{i="1"}', Math.sqrt(168 / 27)],
    // Sorted 2, 4, 8; rank 0.75 × 2 = 1.5 → 4 + 0.5 × (8 - 4).
    ['quantile', call('quantile_over_time', num(0.75), g(30)), 30, '{i="1"}', 6],
    ['ts_of_max', call('ts_of_max_over_time', g(30)), 30, '{i="1"}', 30],
    ['max skips a NaN', call('max_over_time', g(20)), 50, '{i="1"}', 5],
    ['min skips a NaN', call('min_over_time', g(20)), 50, '{i="1"}', 5],
    ['sum propagates NaN', call('sum_over_time', g(20)), 50, '{i="1"}', NaN],
    ['an empty window gives nothing', call('avg_over_time', g(5)), 55, '', undefined],
  ];
  for (const [title, expr, atS, labels, want] of cases) {
    it(title, async () => {
      const { engine } = engineOver(data);
      const got = vectorList(await engine.instantQuery(expr, atS * 1000));
      if (want === undefined) return assert.deepEqual(got, []);
      assert.equal(got.length, 1);
      assert.equal(got[0]![0], labels);
      assertClose(got[0]![1], want);
    });
  }

  it('averages huge values without overflowing', async () => {
    const big = 1e308;
    const { engine } = engineOver([{ labels: { __name__: 'h' }, samples: every(10, [big, big, big]) }]);
    const got = vectorList(await engine.instantQuery(call('avg_over_time', range(sel('h'), 60_000)), 20_000));
    assertClose(got[0]![1], big);
  });

  it('warns about a quantile outside [0, 1]', async () => {
    const { engine } = engineOver(data);
    const result = await engine.instantQuery('quantile_over_time(-1, g[1m])', 30_000);
    assert.deepEqual(result.warnings, [
      'PromQL warning: quantile value should be between 0 and 1, got -1 (1:20)',
    ]);
  });
});
