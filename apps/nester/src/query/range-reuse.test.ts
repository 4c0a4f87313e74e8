import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Matcher } from '@seahawks/model';
import type { Querier, SeriesSamples, TimeRange } from '../storage/index.js';
import { createQueryEngine } from './engine.js';
import { engineOver, every, matrixList } from './testing/fixtures.js';

const data = [
  { labels: { __name__: 'x_total', job: 'a' }, samples: every(15, [0, 30, 60, 90, 120, 150, 180, 210, 240]) },
  { labels: { __name__: 'x_total', job: 'b' }, samples: every(15, [0, 15, 30, 45, 60, 75, 90, 105, 120]) },
  { labels: { __name__: 'temp', job: 'a' }, samples: every(15, [1, 2, 3, 4, 5, 6, 7, 8, 9]) },
];

/** The fixture's querier, counting the selections the engine makes. */
function countingEngine(): { engine: ReturnType<typeof createQueryEngine>; selects: () => number } {
  const { querier } = engineOver(data);
  let n = 0;
  const counting: Querier = {
    select(matchers: readonly Matcher[], range: TimeRange): AsyncIterable<SeriesSamples> {
      n++;
      return querier.select(matchers, range);
    },
    series: (m, r) => querier.series(m, r),
    labelNames: () => querier.labelNames(),
    labelValues: (name) => querier.labelValues(name),
  };
  return { engine: createQueryEngine(counting), selects: () => n };
}

describe('a range function named twice in one query', () => {
  it('reads its samples once and answers as if evaluated twice', async () => {
    const { engine, selects } = countingEngine();
    const q = 'sum by (job) (rate(x_total[1m])) / scalar(sum(rate(x_total[1m])))';
    const result = await engine.rangeQuery(q, 60_000, 120_000, 30_000);
    assert.equal(selects(), 1);
    // job a grows 2/s, job b 1/s: shares of 2/3 and 1/3 at every step.
    const shares = matrixList(result).map(([l, pts]) => [l, pts.map(([, v]) => Math.round(v * 300) / 300)]);
    assert.deepEqual(shares, [
      ['{job="a"}', [2 / 3, 2 / 3, 2 / 3]],
      ['{job="b"}', [1 / 3, 1 / 3, 1 / 3]],
    ]);
  });

  it('is evaluated again on another step grid (a subquery) and when it made a remark', async () => {
    const sub = countingEngine();
    await sub.engine.instantQuery('rate(x_total[1m]) + max_over_time(rate(x_total[1m])[1m:15s])', 120_000);
    assert.equal(sub.selects(), 2);

    // Each call site must leave its own position: the info names the last one, as Prometheus does.
    const noted = countingEngine();
    const q = 'rate(temp[1m]) + rate(temp[1m])';
    const result = await noted.engine.instantQuery(q, 120_000);
    assert.equal(noted.selects(), 2);
    assert.equal(result.infos.length, 1);
    assert.match(result.infos[0]!, /\(1:23\)$/);
  });
});
