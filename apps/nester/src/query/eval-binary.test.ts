import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Expr } from '@seahawks/promql';
import { QueryError } from './errors.js';
import { bin, neg, num, sel } from './testing/ast.js';
import { engineOver, matrixList, scalarValue, vectorRecord } from './testing/fixtures.js';

const one = (labels: Record<string, string>, v: number) => ({ labels, samples: [{ t: 0, v }] });

const data = [
  one({ __name__: 'used', instance: 'a', job: 'node' }, 30),
  one({ __name__: 'used', instance: 'b', job: 'node' }, 80),
  one({ __name__: 'total', instance: 'a', job: 'node' }, 100),
  one({ __name__: 'total', instance: 'b', job: 'node' }, 200),
  one({ __name__: 'total', instance: 'c', job: 'node' }, 300),
  one({ __name__: 'info', instance: 'a', version: '1.2' }, 1),
  one({ __name__: 'info', instance: 'b', version: '1.3' }, 1),
  one({ __name__: 'limit', job: 'node' }, 50),
];

describe('scalar operations', () => {
  const cases: Array<[string, Expr, number]> = [
    ['addition', bin('+', num(1), num(2)), 3],
    ['power', bin('^', num(2), num(10)), 1024],
    ['1 to the power NaN is 1, as in Go', bin('^', num(1), num(NaN)), 1],
    ['modulo keeps the dividend sign', bin('%', num(-7), num(3)), -1],
    ['division by zero', bin('/', num(1), num(0)), Infinity],
    ['comparison with bool', bin('>', num(2), num(1), { bool: true }), 1],
    ['false comparison with bool', bin('==', num(2), num(1), { bool: true }), 0],
    ['unary minus', neg(num(4)), -4],
  ];
  for (const [title, expr, want] of cases) {
    it(title, async () => {
      const { engine } = engineOver([]);
      assert.equal(scalarValue(await engine.instantQuery(expr, 0)), want);
    });
  }
});

describe('vector operations', () => {
  const used = sel('used');
  const total = sel('total');
  const cases: Array<[string, Expr, Record<string, number>]> = [
    [
      'vector * scalar drops the name',
      bin('*', used, num(2)),
      { '{instance="a", job="node"}': 60, '{instance="b", job="node"}': 160 },
    ],
    [
      'scalar - vector',
      bin('-', num(100), used),
      { '{instance="a", job="node"}': 70, '{instance="b", job="node"}': 20 },
    ],
    [
      'a comparison filters and keeps the name',
      bin('>', used, num(50)),
      { 'used{instance="b", job="node"}': 80 },
    ],
    [
      'scalar < vector keeps the vector value',
      bin('<', num(50), used),
      { 'used{instance="b", job="node"}': 80 },
    ],
    [
      'a bool comparison gives 0/1 without the name',
      bin('>', used, num(50), { bool: true }),
      {
        '{instance="a", job="node"}': 0,
        '{instance="b", job="node"}': 1,
      },
    ],
    [
      'one-to-one matching on all labels but the name',
      bin('/', used, total),
      {
        '{instance="a", job="node"}': 0.3,
        '{instance="b", job="node"}': 0.4,
      },
    ],
    [
      'on() keeps only the listed labels',
      bin('/', used, total, { on: ['instance'] }),
      { '{instance="a"}': 0.3, '{instance="b"}': 0.4 },
    ],
    [
      'ignoring() drops the listed labels',
      bin('-', total, used, { ignoring: ['job'] }),
      { '{instance="a"}': 70, '{instance="b"}': 120 },
    ],
    [
      'vector == vector keeps the left sample',
      bin('==', used, used),
      {
        'used{instance="a", job="node"}': 30,
        'used{instance="b", job="node"}': 80,
      },
    ],
    [
      'group_left copies labels from the one side',
      bin('*', total, sel('info'), { on: ['instance'], groupLeft: ['version'] }),
      {
        '{instance="a", job="node", version="1.2"}': 100,
        '{instance="b", job="node", version="1.3"}': 200,
      },
    ],
    [
      'group_right mirrors it',
      bin('*', sel('limit'), total, { on: ['job'], groupRight: [] }),
      {
        '{instance="a", job="node"}': 5000,
        '{instance="b", job="node"}': 10000,
        '{instance="c", job="node"}': 15000,
      },
    ],
    [
      'and keeps left samples that match',
      bin('and', total, used),
      {
        'total{instance="a", job="node"}': 100,
        'total{instance="b", job="node"}': 200,
      },
    ],
    [
      'or adds right samples that do not match',
      bin('or', used, sel('limit')),
      {
        'used{instance="a", job="node"}': 30,
        'used{instance="b", job="node"}': 80,
        'limit{job="node"}': 50,
      },
    ],
    [
      'unless keeps left samples that do not match',
      bin('unless', total, used),
      { 'total{instance="c", job="node"}': 300 },
    ],
    [
      'unary minus drops the name',
      neg(used),
      { '{instance="a", job="node"}': -30, '{instance="b", job="node"}': -80 },
    ],
  ];
  for (const [title, expr, want] of cases) {
    it(title, async () => {
      const { engine } = engineOver(data);
      assert.deepEqual(vectorRecord(await engine.instantQuery(expr, 0)), want);
    });
  }

  const errors: Array<[string, Expr, RegExp]> = [
    [
      'many-to-one without group_left',
      bin('/', total, sel('limit'), { on: ['job'] }),
      /^multiple matches for labels: many-to-one matching must be explicit \(group_left\/group_right\)$/,
    ],
    [
      'duplicates on the one side',
      bin('*', sel('limit'), total, { on: ['job'], groupLeft: [] }),
      /^found duplicate series for the match group \{job="node"\} on the right hand-side of the operation: \[\{__name__="total", instance="a", job="node"\}, \{__name__="total", instance="b", job="node"\}\];many-to-many matching not allowed: matching labels must be unique on one side$/,
    ],
    [
      'a collision after dropping the name',
      bin('*', sel(undefined, [['__name__', '=~', 'used|total']]), num(1)),
      /^vector cannot contain metrics with the same labelset$/,
    ],
  ];
  for (const [title, expr, message] of errors) {
    it(`fails on ${title}`, async () => {
      const { engine } = engineOver(data);
      await assert.rejects(engine.instantQuery(expr, 0), (err: unknown) => {
        assert.ok(err instanceof QueryError);
        assert.equal(err.errorType, 'execution');
        assert.match(err.message, message);
        return true;
      });
    });
  }

  it('matches at every step of a range query', async () => {
    const { engine } = engineOver([
      {
        labels: { __name__: 'a', i: '1' },
        samples: [
          { t: 0, v: 1 },
          { t: 10_000, v: 2 },
        ],
      },
      { labels: { __name__: 'b', i: '1' }, samples: [{ t: 10_000, v: 10 }] },
    ]);
    const got = matrixList(await engine.rangeQuery(bin('+', sel('a'), sel('b')), 0, 10_000, 10_000));
    // At t=0 b has no sample yet: no match, no output.
    assert.deepEqual(got, [['{i="1"}', [[10, 12]]]]);
  });
});
