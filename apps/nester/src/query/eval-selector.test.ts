import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STALE_NAN } from '@seahawks/model';
import type { Expr } from '@seahawks/promql';
import { call, range, sel } from './testing/ast.js';
import { engineOver, matrixList, vectorRecord } from './testing/fixtures.js';

// metric: 0 @0s, 1 @10s, staleness marker @20s, 2 @30s (like Prometheus' staleness.test).
const data = [
  {
    labels: { __name__: 'metric', job: 'a' },
    samples: [
      { t: 0, v: 0 },
      { t: 10_000, v: 1 },
      { t: 20_000, v: STALE_NAN },
      { t: 30_000, v: 2 },
    ],
  },
];

describe('instant vector selector', () => {
  const cases: Array<[string, Expr, number, number | undefined]> = [
    ['a sample exactly at t', sel('metric'), 10_000, 1],
    ['the latest sample before t', sel('metric'), 15_000, 1],
    ['nothing when the latest sample is a staleness marker', sel('metric'), 20_000, undefined],
    ['still nothing between the marker and the next sample', sel('metric'), 29_999, undefined],
    ['the series again after the marker', sel('metric'), 30_000, 2],
    ['up to just under the 5 m lookback', sel('metric'), 329_999, 2],
    ['nothing exactly 5 m later: the lookback window is left-open', sel('metric'), 330_000, undefined],
    ['nothing before the first sample', sel('metric'), -1, undefined],
    ['offset moves the lookup back', sel('metric', [], { offsetMs: 10_000 }), 40_000, 2],
    ['offset into the stale gap', sel('metric', [], { offsetMs: 20_000 }), 45_000, undefined],
    ['@ pins the lookup time', sel('metric', [], { at: { kind: 'time', ms: 10_000 } }), 1_000_000, 1],
    ['@ and offset combine', sel('metric', [], { at: { kind: 'time', ms: 40_000 }, offsetMs: 30_000 }), 0, 1],
    ['a matcher that excludes the series', sel('metric', [['job', '!=', 'a']]), 10_000, undefined],
    ['a regular expression matcher', sel(undefined, [['__name__', '=~', 'met.*']]), 10_000, 1],
  ];
  for (const [title, expr, t, want] of cases) {
    it(title, async () => {
      const { engine } = engineOver(data);
      const got = vectorRecord(await engine.instantQuery(expr, t));
      assert.deepEqual(got, want === undefined ? {} : { 'metric{job="a"}': want });
    });
  }

  it('honours a shorter lookback delta', async () => {
    const { engine } = engineOver(data, { lookbackDeltaMs: 5_000 });
    assert.deepEqual(vectorRecord(await engine.instantQuery(sel('metric'), 34_999)), {
      'metric{job="a"}': 2,
    });
    assert.deepEqual(vectorRecord(await engine.instantQuery(sel('metric'), 35_000)), {});
  });
});

describe('range vector selector', () => {
  const count = (rangeMs: number): Expr => call('count_over_time', range(sel('metric'), rangeMs));
  const cases: Array<[string, Expr, number, number | undefined]> = [
    ['counts every sample, the marker excluded', count(60_000), 30_000, 3],
    ['includes a sample exactly at t', count(1_000), 10_000, 1],
    ['excludes a sample exactly at t - range (left-open)', count(10_000), 20_000, undefined],
    ['includes it one range later', count(20_000), 20_000, 1],
  ];
  for (const [title, expr, t, want] of cases) {
    it(title, async () => {
      const { engine } = engineOver(data);
      const got = vectorRecord(await engine.instantQuery(expr, t));
      assert.deepEqual(got, want === undefined ? {} : { '{job="a"}': want });
    });
  }

  it('returns raw samples with their own times from an instant query', async () => {
    const { engine } = engineOver(data);
    const got = matrixList(await engine.instantQuery(range(sel('metric'), 30_000), 30_000));
    assert.deepEqual(got, [
      [
        'metric{job="a"}',
        [
          [10, 1],
          [30, 2],
        ],
      ],
    ]);
  });
});

describe('range queries', () => {
  const cases: Array<[string, [number, number, number], Array<[number, number]>]> = [
    [
      'steps aligned to the data',
      [0, 40_000, 10_000],
      [
        [0, 0],
        [10, 1],
        [30, 2],
        [40, 2],
      ],
    ],
    [
      'steps between samples take the latest one',
      [5_000, 35_000, 10_000],
      [
        [5, 0],
        [15, 1],
        [35, 2],
      ],
    ],
    [
      'the end is included only when on a step',
      [0, 29_000, 10_000],
      [
        [0, 0],
        [10, 1],
      ],
    ],
  ];
  for (const [title, [start, end, step], want] of cases) {
    it(title, async () => {
      const { engine } = engineOver(data);
      const got = matrixList(await engine.rangeQuery(sel('metric'), start, end, step));
      assert.deepEqual(got, [['metric{job="a"}', want]]);
    });
  }

  it('fetches each selector once for the whole range, lookback and offset included', async () => {
    const { engine, querier } = engineOver(data);
    await engine.rangeQuery(sel('metric', [], { offsetMs: 10_000 }), 100_000, 200_000, 10_000);
    assert.deepEqual(
      querier.selectCalls.map((c) => c.range),
      [{ minT: 100_000 - 10_000 - 300_000 + 1, maxT: 200_000 - 10_000 }],
    );
  });

  it('fetches a range selector once from the first window start to the last window end', async () => {
    const { engine, querier } = engineOver(data);
    const expr = call('rate', range(sel('metric', [], { offsetMs: 5_000 }), 60_000));
    await engine.rangeQuery(expr, 100_000, 200_000, 10_000);
    assert.deepEqual(
      querier.selectCalls.map((c) => c.range),
      [{ minT: 100_000 - 5_000 - 60_000 + 1, maxT: 200_000 - 5_000 }],
    );
  });

  it('pins @ start() and @ end() to the query range', async () => {
    const { engine } = engineOver(data);
    const atStart = sel('metric', [], { at: { kind: 'start' } });
    const atEnd = sel('metric', [], { at: { kind: 'end' } });
    assert.deepEqual(matrixList(await engine.rangeQuery(atStart, 10_000, 30_000, 10_000)), [
      [
        'metric{job="a"}',
        [
          [10, 1],
          [20, 1],
          [30, 1],
        ],
      ],
    ]);
    assert.deepEqual(matrixList(await engine.rangeQuery(atEnd, 10_000, 30_000, 10_000)), [
      [
        'metric{job="a"}',
        [
          [10, 2],
          [20, 2],
          [30, 2],
        ],
      ],
    ]);
  });
});
