import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { call, range, sel } from '../testing/ast.js';
import { assertClose, engineOver, every, matrixList, vectorRecord } from '../testing/fixtures.js';

/**
 * Expected values are worked out by hand from Prometheus' `extrapolatedRate`:
 *   raw     = last - first (+ the value before every drop, for counters)
 *   toStart = first.t - (t - range), toEnd = t - last.t          (seconds)
 *   avg     = (last.t - first.t) / (n - 1); a gap >= 1.1 × avg becomes avg / 2
 *   counters: toStart is capped at (last.t - first.t) × first / raw (never below zero)
 *   increase = raw × (sampled + toStart + toEnd) / sampled; rate = increase / range
 */
const cases: Array<{
  title: string;
  fn: string;
  samples: ReturnType<typeof every>;
  rangeS: number;
  atS: number;
  want: number | undefined;
}> = [
  {
    // Window (0, 60]: 10..60 at 10..60 s. raw 50, toStart 10 (< 11), toEnd 0; zero point
    // 50 × 10/50 = 10 is no nearer. increase = 50 × 60/50 = 60, rate = 60/60 = 1.
    title: 'a steady counter: rate 1/s',
    fn: 'rate',
    samples: every(10, [0, 10, 20, 30, 40, 50, 60]),
    rangeS: 60,
    atS: 60,
    want: 1,
  },
  {
    title: 'the same counter: increase 60',
    fn: 'increase',
    samples: every(10, [0, 10, 20, 30, 40, 50, 60]),
    rangeS: 60,
    atS: 60,
    want: 60,
  },
  {
    // Window (5, 65]: same samples, toStart 5, toEnd 5: 50 × 60/50 = 60.
    title: 'extrapolates to both window edges',
    fn: 'increase',
    samples: every(10, [0, 10, 20, 30, 40, 50, 60]),
    rangeS: 60,
    atS: 65,
    want: 60,
  },
  {
    // Series starts at 40 s with 100: raw 20, toStart 40 >= 11 so 5; zero point 20 × 100/20 = 100
    // is farther. increase = 20 × 25/20 = 25, rate = 25/60.
    title: 'a series starting inside the window extrapolates half an interval',
    fn: 'rate',
    samples: every(10, [100, 110, 120], 40),
    rangeS: 60,
    atS: 60,
    want: 25 / 60,
  },
  {
    // 1, 11, 21 from 40 s: toStart would be 5 but the counter was zero 20 × 1/20 = 1 s before
    // its first sample: increase = 20 × 21/20 = 21.
    title: 'a counter is not extrapolated below zero',
    fn: 'increase',
    samples: every(10, [1, 11, 21], 40),
    rangeS: 60,
    atS: 60,
    want: 21,
  },
  {
    // Same shape as a gauge: no zero cap, 20 × 25/20 = 25.
    title: 'delta extrapolates a gauge freely',
    fn: 'delta',
    samples: every(10, [1, 11, 21], 40),
    rangeS: 60,
    atS: 60,
    want: 25,
  },
  {
    title: 'delta of a falling gauge is negative',
    fn: 'delta',
    samples: every(10, [30, 20, 10], 40),
    rangeS: 60,
    atS: 60,
    want: -25,
  },
  {
    // 10 20 30 | reset | 5 15 25 at 10..60 s: raw 25 - 10 + 30 = 45; toStart 10 (zero point
    // 50 × 10/45 = 11.1 is farther), toEnd 0: 45 × 60/50 = 54.
    title: 'a counter reset adds the value before the drop',
    fn: 'increase',
    samples: every(10, [10, 20, 30, 5, 15, 25], 10),
    rangeS: 60,
    atS: 60,
    want: 54,
  },
  {
    title: 'rate over the same reset',
    fn: 'rate',
    samples: every(10, [10, 20, 30, 5, 15, 25], 10),
    rangeS: 60,
    atS: 60,
    want: 0.9,
  },
  {
    // Window (0, 60] holds 10 @10 s and 20 @20 s only (0 @0 s is on the open edge): raw 10,
    // toStart 10, toEnd 40 >= 11 so 5: 10 × 25/10 = 25.
    title: 'a series ending inside the window extrapolates half an interval',
    fn: 'increase',
    samples: every(10, [0, 10, 20]),
    rangeS: 60,
    atS: 60,
    want: 25,
  },
  {
    title: 'one sample gives no rate',
    fn: 'rate',
    samples: every(10, [5]),
    rangeS: 60,
    atS: 30,
    want: undefined,
  },
  {
    // Last two samples 15 @50 s and 25 @60 s: 10 / 10 s.
    title: 'irate uses the last two samples',
    fn: 'irate',
    samples: every(10, [10, 20, 30, 5, 15, 25], 10),
    rangeS: 60,
    atS: 60,
    want: 1,
  },
  {
    // 30 @30 s then 5 @40 s: a reset, so the increase is 5: 5 / 10 s.
    title: 'irate across a reset counts from zero',
    fn: 'irate',
    samples: every(10, [10, 20, 30, 5, 15, 25], 10),
    rangeS: 60,
    atS: 40,
    want: 0.5,
  },
  {
    title: 'idelta is the plain difference of the last two',
    fn: 'idelta',
    samples: every(10, [10, 20, 30, 5, 15, 25], 10),
    rangeS: 60,
    atS: 40,
    want: -25,
  },
];

describe('rate, increase, delta, irate, idelta', () => {
  for (const c of cases) {
    it(c.title, async () => {
      const { engine } = engineOver([{ labels: { __name__: 'x_total', i: '1' }, samples: c.samples }]);
      const expr = call(c.fn, range(sel('x_total'), c.rangeS * 1000));
      const got = vectorRecord(await engine.instantQuery(expr, c.atS * 1000));
      if (c.want === undefined) return assert.deepEqual(got, {});
      // The metric name is dropped: the result is no longer the counter itself.
      assert.deepEqual(Object.keys(got), ['{i="1"}']);
      assertClose(got['{i="1"}']!, c.want);
    });
  }

  it('evaluates each step of a range query over its own window', async () => {
    const { engine } = engineOver([
      { labels: { __name__: 'x_total' }, samples: every(10, [0, 10, 20, 30, 40, 50, 60]) },
    ]);
    const expr = call('increase', range(sel('x_total'), 30_000));
    const got = matrixList(await engine.rangeQuery(expr, 0, 60_000, 20_000));
    // t=0: window (-30, 0] holds one sample: no output. t=20: window (-10, 20] holds 0, 10, 20:
    // raw 20, toStart 10, but the counter starts at 0 so the zero point is 0 s away: 20 × 20/20.
    // t=40 and t=60: windows (10, 40] and (30, 60] hold 3 samples starting 10 s after the edge,
    // zero points 20 s and 40 s away: 20 × 30/20 = 30.
    assert.deepEqual(got, [
      [
        '{}',
        [
          [20, 20],
          [40, 30],
          [60, 30],
        ],
      ],
    ]);
  });
});
