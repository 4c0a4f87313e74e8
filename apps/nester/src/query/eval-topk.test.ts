import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatFloatF } from './eval-count-values.js';
import { naturalLess } from './functions/sort.js';
import { engineOver, matrixList, vectorList, vectorRecord } from './testing/fixtures.js';

const one = (i: string, g: string, v: number) => ({
  labels: { __name__: 'x', i, g },
  samples: [{ t: 0, v }],
});
const data = [one('1', 'a', 5), one('2', 'a', NaN), one('3', 'a', 9), one('4', 'b', 1), one('5', 'b', 7)];

describe('topk, bottomk, count_values', () => {
  const cases: Array<[string, Array<[string, number]>]> = [
    // Largest first, series keep their labels and name; NaN only when nothing else is left.
    [
      'topk(2, x)',
      [
        ['x{g="a", i="3"}', 9],
        ['x{g="b", i="5"}', 7],
      ],
    ],
    [
      'bottomk(2, x)',
      [
        ['x{g="b", i="4"}', 1],
        ['x{g="a", i="1"}', 5],
      ],
    ],
    [
      'topk by (g) (1, x)',
      [
        ['x{g="a", i="3"}', 9],
        ['x{g="b", i="5"}', 7],
      ],
    ],
    ['topk(0, x)', []],
  ];
  for (const [query, want] of cases) {
    it(query, async () => {
      const { engine } = engineOver(data);
      const got = vectorList(await engine.instantQuery(query, 0));
      assert.deepEqual(
        got.map(([l, v]) => [l, v]),
        want,
      );
    });
  }

  it('keeps NaN only when k exceeds the numbers', async () => {
    const { engine } = engineOver(data);
    const got = vectorList(await engine.instantQuery('topk by (g) (3, x)', 0));
    assert.deepEqual(
      got.map(([l]) => l),
      ['x{g="a", i="3"}', 'x{g="a", i="1"}', 'x{g="a", i="2"}', 'x{g="b", i="5"}', 'x{g="b", i="4"}'],
    );
  });

  it('picks per step in a range query', async () => {
    const { engine } = engineOver([
      {
        labels: { __name__: 'y', i: '1' },
        samples: [
          { t: 0, v: 1 },
          { t: 10_000, v: 3 },
        ],
      },
      {
        labels: { __name__: 'y', i: '2' },
        samples: [
          { t: 0, v: 2 },
          { t: 10_000, v: 0 },
        ],
      },
    ]);
    assert.deepEqual(matrixList(await engine.rangeQuery('topk(1, y)', 0, 10_000, 10_000)), [
      ['y{i="1"}', [[10, 3]]],
      ['y{i="2"}', [[0, 2]]],
    ]);
  });

  it('count_values counts each value, written as Go formats floats', async () => {
    const { engine } = engineOver([one('1', 'a', 1e21), one('2', 'a', 1e21), one('3', 'b', 0.5)]);
    assert.deepEqual(vectorRecord(await engine.instantQuery('count_values("value", x)', 0)), {
      '{value="1000000000000000000000"}': 2,
      '{value="0.5"}': 1,
    });
  });

  it('fails on a NaN k', async () => {
    const { engine } = engineOver(data);
    await assert.rejects(
      engine.instantQuery('topk(NaN, x)', 0),
      /^Parameter value is NaN$|Parameter value is NaN/,
    );
  });
});

describe('formatting and ordering helpers', () => {
  const floats: Array<[number, string]> = [
    [0.5, '0.5'],
    [1e21, '1000000000000000000000'],
    [1.5e-7, '0.00000015'],
    [-2, '-2'],
    [Infinity, '+Inf'],
    [NaN, 'NaN'],
  ];
  for (const [v, want] of floats) it(`formats ${v} as ${want}`, () => assert.equal(formatFloatF(v), want));

  const natural: Array<[string, string, boolean]> = [
    ['a2', 'a10', true],
    ['a10', 'a2', false],
    ['a', 'ab', true],
    ['x9', 'x9', true],
    ['b', 'a', false],
  ];
  for (const [a, b, want] of natural) {
    it(`natural order: ${a} before ${b} is ${want}`, () => assert.equal(naturalLess(a, b), want));
  }
});
