import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { engineOver, every, matrixList, vectorRecord } from './testing/fixtures.js';

// x rises by 1 every 10 s: 0 @0s ... 12 @120s.
const data = [{ labels: { __name__: 'x' }, samples: every(10, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) }];

describe('subqueries', () => {
  it('evaluates the inner expression on its own absolute grid', async () => {
    const { engine } = engineOver(data);
    // At 95 s, [1m:20s] covers (35, 95]: the grid points 40, 60, 80 (multiples of 20 s).
    const got = matrixList(await engine.instantQuery('x[1m:20s]', 95_000));
    assert.deepEqual(got, [
      [
        'x',
        [
          [40, 4],
          [60, 6],
          [80, 8],
        ],
      ],
    ]);
  });

  it('feeds a range function like a range selector', async () => {
    const { engine } = engineOver(data);
    assert.deepEqual(vectorRecord(await engine.instantQuery('max_over_time(x[1m:20s])', 95_000)), {
      '{}': 8,
    });
    assert.deepEqual(
      vectorRecord(await engine.instantQuery('count_over_time(x[1m:20s] offset 20s)', 95_000)),
      {
        '{}': 3,
      },
    );
  });

  it('uses the default step when none is written', async () => {
    const { engine } = engineOver(data, { noStepSubqueryIntervalMs: 30_000 });
    // (0, 120] on a 30 s grid: 30, 60, 90, 120.
    assert.deepEqual(vectorRecord(await engine.instantQuery('count_over_time(x[2m:])', 120_000)), {
      '{}': 4,
    });
  });

  it('nests inside range queries', async () => {
    const { engine } = engineOver(data);
    const got = matrixList(await engine.rangeQuery('min_over_time(x[30s:10s])', 60_000, 120_000, 30_000));
    // (30, 60] → 4..6, (60, 90] → 7..9, (90, 120] → 10..12.
    assert.deepEqual(got, [
      [
        '{}',
        [
          [60, 4],
          [90, 7],
          [120, 10],
        ],
      ],
    ]);
  });
});
