import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertClose, engineOver, vectorRecord } from '../testing/fixtures.js';
import { bucketQuantile, parseBound } from './histogram.js';

// 100 observations: 10 up to 0.1 s, 50 up to 0.5 s, 90 up to 1 s, all 100 below +Inf.
const bucket = (le: string, v: number) => ({
  labels: { __name__: 'req_bucket', job: 'api', le },
  samples: [{ t: 0, v }],
});
const data = [bucket('0.1', 10), bucket('0.5', 50), bucket('1', 90), bucket('+Inf', 100)];
const buckets = (pairs: Array<[number, number]>) =>
  pairs.map(([upperBound, count]) => ({ upperBound, count }));

describe('classic histograms', () => {
  const cases: Array<[string, number]> = [
    // Rank 50 falls at the top of the 0.5 bucket.
    ['histogram_quantile(0.5, req_bucket)', 0.5],
    // Rank 30 in (0.1, 0.5] holding 40: 0.1 + 0.4 × 20/40.
    ['histogram_quantile(0.3, req_bucket)', 0.3],
    // Rank 95 is in the +Inf bucket: the highest finite bound.
    ['histogram_quantile(0.95, req_bucket)', 1],
    // Rank 5 in the first bucket, which starts at 0: 0.1 × 5/10.
    ['histogram_quantile(0.05, req_bucket)', 0.05],
    ['histogram_quantile(2, req_bucket)', Infinity],
    // 10 below 0.1, plus 40 × (0.3 - 0.1)/0.4 = 20 more: 30 of 100.
    ['histogram_fraction(0, 0.3, req_bucket)', 0.3],
  ];
  for (const [query, want] of cases) {
    it(query, async () => {
      const { engine } = engineOver(data);
      const got = vectorRecord(await engine.instantQuery(query, 0));
      assert.deepEqual(Object.keys(got), ['{job="api"}']);
      assertClose(got['{job="api"}']!, want);
    });
  }

  it('needs a +Inf bucket', () => {
    assert.ok(
      Number.isNaN(
        bucketQuantile(
          0.5,
          buckets([
            [1, 5],
            [2, 10],
          ]),
        ).value,
      ),
    );
  });

  it('forces decreasing counts up and says so', async () => {
    const { engine } = engineOver([bucket('0.1', 10), bucket('0.5', 5), bucket('+Inf', 20)]);
    const result = await engine.instantQuery('histogram_quantile(0.25, req_bucket)', 60_000);
    assert.equal(result.infos.length, 1);
    assert.match(
      result.infos[0]!,
      /^PromQL info: input to histogram_quantile needed to be fixed for monotonicity .* from buckets 0\.5 to 0\.5, with a max diff of 5, over 1 samples from 1970-01-01T00:01:00Z to 1970-01-01T00:01:00Z \(1:26\)$/,
    );
  });

  it('warns about a malformed le label', async () => {
    const { engine } = engineOver([...data, bucket('high', 1)]);
    const result = await engine.instantQuery('histogram_quantile(0.5, req_bucket)', 0);
    assert.deepEqual(result.warnings, [
      'PromQL warning: bucket label "le" is missing or has a malformed value of "high" (1:25)',
    ]);
  });

  it('reads le values as Go parses floats', () => {
    assert.equal(parseBound('+Inf'), Infinity);
    assert.equal(parseBound('1e3'), 1000);
    assert.equal(parseBound('0x1p-2'), 0.25);
    assert.equal(parseBound(''), undefined);
  });
});
