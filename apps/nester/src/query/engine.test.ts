import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AggregateOp, Expr } from '@seahawks/promql';
import { QueryError } from './errors.js';
import type { QueryErrorType } from './errors.js';
import type { QueryEngineOptions } from './engine.js';
import { agg, call, num, range, sel, str } from './testing/ast.js';
import { engineOver, every, matrixList, vectorList, vectorRecord } from './testing/fixtures.js';

const data = [
  { labels: { __name__: 'x_total', job: 'b' }, samples: every(15, [0, 15, 30, 45, 60, 75, 90]) },
  { labels: { __name__: 'x_total', job: 'a' }, samples: every(15, [0, 30, 60, 90, 120, 150, 180]) },
  { labels: { __name__: 'temp', job: 'a' }, samples: every(15, [-3.5, 2.25, 7]) },
];

describe('answers', () => {
  it('a number literal is a scalar', async () => {
    const { engine } = engineOver(data);
    assert.deepEqual(await engine.instantQuery('1 + 2 * 3', 5_000), {
      resultType: 'scalar',
      value: [5_000, 7],
      warnings: [],
      infos: [],
    });
  });

  it('a string literal is a string', async () => {
    const { engine } = engineOver(data);
    const result = await engine.instantQuery(str('hello'), 5_000);
    assert.deepEqual(result, { resultType: 'string', value: [5_000, 'hello'], warnings: [], infos: [] });
  });

  it('an instant vector answers one sample per series at the evaluation time', async () => {
    const { engine } = engineOver(data);
    const result = await engine.instantQuery('x_total', 50_000);
    assert.equal(result.resultType, 'vector');
    assert.deepEqual(vectorList(result), [
      ['x_total{job="a"}', 90],
      ['x_total{job="b"}', 45],
    ]);
    if (result.resultType === 'vector') assert.equal(result.result[0]!.sample.t, 50_000);
  });

  it('a range query over a scalar answers one label-less series', async () => {
    const { engine } = engineOver(data);
    assert.deepEqual(matrixList(await engine.rangeQuery(num(4), 0, 20_000, 10_000)), [
      [
        '{}',
        [
          [0, 4],
          [10, 4],
          [20, 4],
        ],
      ],
    ]);
  });

  it('sorts range query series by labels', async () => {
    const { engine } = engineOver(data);
    const got = matrixList(await engine.rangeQuery('x_total', 0, 15_000, 15_000));
    assert.deepEqual(
      got.map(([labels]) => labels),
      ['x_total{job="a"}', 'x_total{job="b"}'],
    );
  });

  it('parses text queries', async () => {
    const { engine } = engineOver(data);
    const got = vectorRecord(await engine.instantQuery('sum by (job) (rate(x_total[1m]))', 90_000));
    // Each counter grows steadily (2/s and 1/s); windows (30, 90] hold 4 samples 15 s apart
    // starting 15 s after the edge: raw × (45 + 15)/45 / 60 is the slope, and in float64 the
    // factor 0.0222… rounds down exactly as in Prometheus, which answers these very values.
    assert.deepEqual(got, { '{job="a"}': 1.9999999999999998, '{job="b"}': 0.9999999999999999 });
  });
});

describe('metric names', () => {
  const cases: Array<[string, Expr, string[]]> = [
    ['a selector keeps it', sel('temp'), ['temp{job="a"}']],
    ['rate drops it', call('rate', range(sel('temp'), 60_000)), ['{job="a"}']],
    ['avg_over_time drops it', call('avg_over_time', range(sel('temp'), 60_000)), ['{job="a"}']],
    ['last_over_time keeps it', call('last_over_time', range(sel('temp'), 60_000)), ['temp{job="a"}']],
    ['abs drops it', call('abs', sel('temp')), ['{job="a"}']],
    ['timestamp drops it', call('timestamp', sel('temp')), ['{job="a"}']],
    ['sort keeps it', call('sort', sel('temp')), ['temp{job="a"}']],
    ['sum by drops it', agg('sum', sel('temp'), { by: ['job'] }), ['{job="a"}']],
  ];
  for (const [title, expr, want] of cases) {
    it(title, async () => {
      const { engine } = engineOver(data);
      const got = vectorList(await engine.instantQuery(expr, 30_000));
      assert.deepEqual(
        got.map(([labels]) => labels),
        want,
      );
    });
  }
});

/** Runs an instant query expecting a `QueryError` of `type` whose message matches. */
async function expectError(
  expr: string | Expr,
  type: QueryErrorType,
  message: RegExp,
  options: QueryEngineOptions = {},
  run: 'instant' | 'range' = 'instant',
  signal?: AbortSignal,
): Promise<void> {
  const { engine } = engineOver(data, options);
  const query =
    run === 'instant'
      ? engine.instantQuery(expr, 30_000, { signal })
      : engine.rangeQuery(expr, 0, 30_000, 15_000, { signal });
  await assert.rejects(query, (err: unknown) => {
    assert.ok(err instanceof QueryError, `not a QueryError: ${String(err)}`);
    assert.equal(err.errorType, type);
    assert.match(err.message, message);
    return true;
  });
}

describe('errors', () => {
  it('refuses a function it does not implement', () =>
    expectError(
      call('no_such_function', sel('temp')),
      'execution',
      /^function "no_such_function" is not supported yet$/,
    ));

  it('refuses an aggregation it does not implement', () =>
    expectError(
      // Every operator of the grammar is implemented now: a made-up one stands for a future one.
      agg('no_such_aggregation' as AggregateOp, sel('temp'), { param: num(1) }),
      'execution',
      /^aggregation "no_such_aggregation" is not supported yet$/,
    ));

  it('reports a parse error as bad data with the parser message', () =>
    expectError('sum(', 'bad_data', /parse error/));

  it('refuses a range vector in a range query', () =>
    expectError(
      range(sel('temp'), 60_000),
      'bad_data',
      /^invalid expression type "range vector" for range query, must be Scalar or instant Vector$/,
      {},
      'range',
    ));

  it('refuses a zero step', async () => {
    const { engine } = engineOver(data);
    await assert.rejects(
      engine.rangeQuery('temp', 0, 10, 0),
      /zero or negative query resolution step widths/,
    );
  });

  it('refuses a selector matching everything (the storage contract)', () =>
    expectError(sel(undefined, [['job', '=~', '.*']]), 'bad_data', /at least one matcher/));

  it('stops at the sample limit', () =>
    expectError(
      'x_total',
      'execution',
      /^query processing would load too many samples into memory in query execution$/,
      {
        maxSamples: 1,
      },
    ));

  it('counts every step of a range query against the limit', () =>
    expectError('temp', 'execution', /too many samples/, { maxSamples: 2 }, 'range'));

  it('times out', () => {
    let clock = 0;
    const now = () => (clock += 1_000);
    return expectError('temp', 'timeout', /^query timed out in expression evaluation$/, {
      timeoutMs: 500,
      now,
    });
  });

  it('is canceled by its signal', () => {
    const controller = new AbortController();
    controller.abort();
    return expectError(
      'temp',
      'canceled',
      /^query was canceled in expression evaluation$/,
      {},
      'instant',
      controller.signal,
    );
  });
});
