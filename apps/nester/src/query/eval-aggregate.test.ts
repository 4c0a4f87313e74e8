import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Expr } from '@seahawks/promql';
import { agg, num, sel } from './testing/ast.js';
import { assertClose, engineOver, matrixList, vectorList, vectorRecord } from './testing/fixtures.js';

// http_requests like Prometheus' aggregators.test: 4 series, one value each at t=0.
const data = [
  {
    labels: { __name__: 'http_requests', job: 'api', instance: '0', group: 'production' },
    samples: [{ t: 0, v: 100 }],
  },
  {
    labels: { __name__: 'http_requests', job: 'api', instance: '1', group: 'production' },
    samples: [{ t: 0, v: 200 }],
  },
  {
    labels: { __name__: 'http_requests', job: 'api', instance: '0', group: 'canary' },
    samples: [{ t: 0, v: 300 }],
  },
  {
    labels: { __name__: 'http_requests', job: 'app', instance: '0', group: 'canary' },
    samples: [{ t: 0, v: 700 }],
  },
];
const requests = sel('http_requests');

describe('aggregations', () => {
  const cases: Array<[string, Expr, Record<string, number>]> = [
    ['sum of everything has no labels', agg('sum', requests), { '{}': 1300 }],
    [
      'sum by keeps only the listed labels',
      agg('sum', requests, { by: ['group'] }),
      {
        '{group="canary"}': 1000,
        '{group="production"}': 300,
      },
    ],
    [
      'sum without drops the listed labels and the metric name',
      agg('sum', requests, { without: ['instance'] }),
      {
        '{group="canary", job="api"}': 300,
        '{group="canary", job="app"}': 700,
        '{group="production", job="api"}': 300,
      },
    ],
    ['by a label no series has: one group', agg('sum', requests, { by: ['nope'] }), { '{}': 1300 }],
    ['by __name__ keeps the name', agg('sum', requests, { by: ['__name__'] }), { http_requests: 1300 }],
    [
      'avg',
      agg('avg', requests, { by: ['group'] }),
      { '{group="canary"}': 500, '{group="production"}': 150 },
    ],
    ['count', agg('count', requests, { by: ['job'] }), { '{job="api"}': 3, '{job="app"}': 1 }],
    [
      'min',
      agg('min', requests, { by: ['group'] }),
      { '{group="canary"}': 300, '{group="production"}': 100 },
    ],
    [
      'max',
      agg('max', requests, { by: ['group'] }),
      { '{group="canary"}': 700, '{group="production"}': 200 },
    ],
    ['group', agg('group', requests, { by: ['job'] }), { '{job="api"}': 1, '{job="app"}': 1 }],
    // Population variance of 100, 200, 300, 700: mean 325, squares 50625+15625+625+140625 / 4.
    ['stdvar', agg('stdvar', requests), { '{}': 51875 }],
    ['quantile interpolates between ranks', agg('quantile', requests, { param: num(0.5) }), { '{}': 250 }],
    ['quantile above 1 is +Inf', agg('quantile', requests, { param: num(2) }), { '{}': Infinity }],
  ];
  for (const [title, expr, want] of cases) {
    it(title, async () => {
      const { engine } = engineOver(data);
      assert.deepEqual(vectorRecord(await engine.instantQuery(expr, 0)), want);
    });
  }

  it('stddev is the square root of stdvar', async () => {
    const { engine } = engineOver(data);
    assertClose(vectorRecord(await engine.instantQuery(agg('stddev', requests), 0))['{}']!, Math.sqrt(51875));
  });

  it('warns about a quantile outside [0, 1]', async () => {
    const { engine } = engineOver(data);
    const result = await engine.instantQuery('quantile(2, http_requests)', 0);
    assert.deepEqual(result.warnings, [
      'PromQL warning: quantile value should be between 0 and 1, got 2 (1:10)',
    ]);
  });

  it('lists groups in the order their first series appears', async () => {
    const { engine } = engineOver(data);
    // Series come sorted by labels: group="canary" sorts before group="production".
    const got = vectorList(await engine.instantQuery(agg('sum', requests, { by: ['instance'] }), 0));
    assert.deepEqual(got, [
      ['{instance="0"}', 1100],
      ['{instance="1"}', 200],
    ]);
  });

  it('sums with compensation as Prometheus does', async () => {
    const { engine } = engineOver([
      { labels: { __name__: 'x', i: '1' }, samples: [{ t: 0, v: 1e100 }] },
      { labels: { __name__: 'x', i: '2' }, samples: [{ t: 0, v: 1 }] },
      { labels: { __name__: 'x', i: '3' }, samples: [{ t: 0, v: -1e100 }] },
    ]);
    // A naive sum gives 0; the Kahan–Neumaier compensation keeps the 1.
    assert.deepEqual(vectorRecord(await engine.instantQuery(agg('sum', sel('x')), 0)), { '{}': 1 });
  });

  it('aggregates every step of a range query, groups disappearing when empty', async () => {
    const { engine } = engineOver([
      {
        labels: { __name__: 'x', g: 'a' },
        samples: [
          { t: 0, v: 1 },
          { t: 10_000, v: 2 },
        ],
      },
      { labels: { __name__: 'x', g: 'b' }, samples: [{ t: 10_000, v: 5 }] },
    ]);
    const got = matrixList(
      await engine.rangeQuery(agg('sum', sel('x', [], {}), { by: ['g'] }), 0, 10_000, 10_000),
    );
    assert.deepEqual(got, [
      [
        '{g="a"}',
        [
          [0, 1],
          [10, 2],
        ],
      ],
      ['{g="b"}', [[10, 5]]],
    ]);
  });
});
