import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertClose, engineOver, every, vectorRecord } from '../testing/fixtures.js';
import { linearRegression } from './trend.js';

// Samples every 10 s from 0: c with one reset, n with two NaNs in a row, line rising 2 per step.
const data = [
  { labels: { __name__: 'c' }, samples: every(10, [1, 1, 2, 2, 0, 3]) },
  { labels: { __name__: 'n' }, samples: every(10, [1, NaN, NaN, 2]) },
  { labels: { __name__: 'line' }, samples: every(10, [10, 12, 14, 16]) },
];

describe('changes, resets, deriv, predict_linear', () => {
  const cases: Array<[string, number, number]> = [
    // 1→1 no, 1→2 yes, 2→2 no, 2→0 yes, 0→3 yes.
    ['changes(c[1m])', 50, 3],
    ['resets(c[1m])', 50, 1],
    // 1→NaN and NaN→2 change, NaN→NaN does not.
    ['changes(n[1m])', 30, 2],
    // +2 every 10 s.
    ['deriv(line[1m])', 30, 0.2],
    // The fitted line is 16 at 30 s; 60 s later +12.
    ['predict_linear(line[1m], 60)', 30, 28],
    ['double_exponential_smoothing(line[1m], 0.5, 0.5)', 30, 16],
  ];
  for (const [query, atS, want] of cases) {
    it(query, async () => {
      const { engine } = engineOver(data);
      const got = Object.values(vectorRecord(await engine.instantQuery(query, atS * 1000)));
      assert.equal(got.length, 1);
      assertClose(got[0]!, want);
    });
  }

  it("refuses a smoothing factor outside (0, 1) with Prometheus' message", async () => {
    const { engine } = engineOver(data);
    await assert.rejects(
      engine.instantQuery('double_exponential_smoothing(line[1m], 1, 0.5)', 30_000),
      /invalid smoothing factor\. Expected: 0 < sf < 1, got: 1\.000000$/,
    );
  });

  it('fits a constant series with slope 0', () => {
    assert.deepEqual(
      linearRegression(
        every(10, [5, 5, 5]).map((s) => ({ t: s.t, v: s.v })),
        0,
      ),
      [0, 5],
    );
  });
});
