import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { engineOver, scalarValue, vectorList, vectorRecord } from '../testing/fixtures.js';
import { goLog10, goLog2 } from './math.js';

const data = [
  { labels: { __name__: 'v', i: 'a' }, samples: [{ t: 0, v: -2.5 }] },
  { labels: { __name__: 'v', i: 'b' }, samples: [{ t: 0, v: 8 }] },
];

describe('math functions', () => {
  const cases: Array<[string, Record<string, number>]> = [
    ['abs(v)', { '{i="a"}': 2.5, '{i="b"}': 8 }],
    ['ceil(v)', { '{i="a"}': -2, '{i="b"}': 8 }],
    ['floor(v)', { '{i="a"}': -3, '{i="b"}': 8 }],
    // Ties round up, also for negative numbers (-2.5 → -2).
    ['round(v)', { '{i="a"}': -2, '{i="b"}': 8 }],
    // floor(-2.5 / 5 + 0.5) × 5 is +0.
    ['round(v, 5)', { '{i="a"}': 0, '{i="b"}': 10 }],
    ['sqrt(v)', { '{i="a"}': NaN, '{i="b"}': Math.sqrt(8) }],
    ['log2(v)', { '{i="a"}': NaN, '{i="b"}': 3 }],
    ['sgn(v)', { '{i="a"}': -1, '{i="b"}': 1 }],
    ['clamp(v, 0, 5)', { '{i="a"}': 0, '{i="b"}': 5 }],
    ['clamp_min(v, 0)', { '{i="a"}': 0, '{i="b"}': 8 }],
    ['clamp_max(v, 0)', { '{i="a"}': -2.5, '{i="b"}': 0 }],
    ['clamp(v, 5, 0)', {}],
    ['timestamp(v)', { '{i="a"}': 0, '{i="b"}': 0 }],
    ['vector(3)', { '{}': 3 }],
    ['absent(v)', {}],
    ['absent(nope{job="x", i=~"y"})', { '{job="x"}': 1 }],
  ];
  for (const [query, want] of cases) {
    it(query, async () => {
      const { engine } = engineOver(data);
      const got = vectorRecord(await engine.instantQuery(query, 10_000));
      assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort());
      for (const [k, v] of Object.entries(want)) {
        if (Number.isNaN(v)) assert.ok(Number.isNaN(got[k]!));
        else assert.equal(got[k], v);
      }
    });
  }

  it('timestamp() of a selector reports when the sample was stored, not the evaluation time', async () => {
    const { engine } = engineOver([{ labels: { __name__: 'late' }, samples: [{ t: 7_000, v: 1 }] }]);
    assert.deepEqual(vectorList(await engine.instantQuery('timestamp(late)', 60_000)), [['{}', 7]]);
    assert.deepEqual(vectorList(await engine.instantQuery('timestamp(abs(late))', 60_000)), [['{}', 60]]);
  });

  it('scalar(), time() and pi() are scalars', async () => {
    const { engine } = engineOver(data);
    assert.ok(Number.isNaN(scalarValue(await engine.instantQuery('scalar(v)', 0))));
    assert.equal(scalarValue(await engine.instantQuery('scalar(v{i="b"})', 0)), 8);
    assert.equal(scalarValue(await engine.instantQuery('time()', 12_345)), 12.345);
    assert.equal(scalarValue(await engine.instantQuery('pi()', 0)), Math.PI);
  });

  it('computes logarithms as Go does, bit for bit', () => {
    assert.equal(goLog2(1024), 10);
    assert.equal(goLog2(0), -Infinity);
    // Go derives log10 from log2 of the mantissa: exact here, where ln(x)/ln(10) is not.
    assert.equal(goLog10(1000), 3);
    assert.equal(Math.log(1000) / Math.LN10, 2.9999999999999996);
    assert.equal(goLog10(100), 2);
  });
});
