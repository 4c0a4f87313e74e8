import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidInputError } from '@seahawks/model';
import { parseOpenMetrics, type OpenMetricsFamily } from './openmetrics-parse.js';

/** Families without line numbers, for compact expectations. */
function shape(families: OpenMetricsFamily[]): unknown[] {
  return families.map((f) => ({ ...f, samples: f.samples.map(({ line: _line, ...s }) => s) }));
}

describe('parseOpenMetrics', () => {
  it('reads counters with _total and _created, units, exemplars and float-second timestamps', () => {
    const text = `# TYPE http_requests counter
# HELP http_requests Requests \\"served\\".\\nSecond line.
http_requests_total{code="200"} 1027 1520879607.789 # {trace_id="abc"} 1 1520879607.7
http_requests_created{code="200"} 1520430000.123
# TYPE process_cpu_seconds counter
# UNIT process_cpu_seconds seconds
process_cpu_seconds_total 4.2 # {span="x"} 0.5
# TYPE build info
build_info{version="1.0"} 1
# EOF
`;
    assert.deepEqual(shape(parseOpenMetrics(text)), [
      {
        name: 'http_requests',
        type: 'counter',
        help: 'Requests "served".\nSecond line.',
        samples: [
          { name: 'http_requests_total', labels: { code: '200' }, value: 1027, timestampMs: 1520879607789 },
          { name: 'http_requests_created', labels: { code: '200' }, value: 1520430000.123 },
        ],
      },
      {
        name: 'process_cpu_seconds',
        type: 'counter',
        unit: 'seconds',
        samples: [{ name: 'process_cpu_seconds_total', labels: {}, value: 4.2 }],
      },
      {
        name: 'build',
        type: 'info',
        samples: [{ name: 'build_info', labels: { version: '1.0' }, value: 1 }],
      },
    ]);
  });

  it('groups histograms, gauge histograms and summaries', () => {
    const text = `# TYPE lat histogram
lat_bucket{le="0.5"} 1
lat_bucket{le="+Inf"} 2
lat_count 2
lat_sum 0.7
lat_created 1.5e9
# TYPE queue gaugehistogram
queue_bucket{le="+Inf"} 3
queue_gcount 3
queue_gsum 9
# TYPE rpc summary
rpc{quantile="0.9"} 0.1
rpc_sum 5
rpc_count 40
# EOF`;
    const families = parseOpenMetrics(text);
    assert.deepEqual(
      families.map((f) => [f.name, f.type, f.samples.map((s) => s.name)]),
      [
        ['lat', 'histogram', ['lat_bucket', 'lat_bucket', 'lat_count', 'lat_sum', 'lat_created']],
        ['queue', 'gaugehistogram', ['queue_bucket', 'queue_gcount', 'queue_gsum']],
        ['rpc', 'summary', ['rpc', 'rpc_sum', 'rpc_count']],
      ],
    );
  });

  it('makes unknown families of untyped names and accepts a trailing comma in labels', () => {
    const families = parseOpenMetrics('a{x="1",} 1\nb_total NaN\n# EOF\n');
    assert.deepEqual(
      families.map((f) => [f.name, f.type, f.samples[0]?.labels]),
      [
        ['a', 'unknown', { x: '1' }],
        ['b_total', 'unknown', {}],
      ],
    );
    assert.ok(Number.isNaN(families[1]?.samples[0]?.value));
  });

  it('returns no families for an exposition of only # EOF', () => {
    assert.deepEqual(parseOpenMetrics('# EOF\n'), []);
    assert.deepEqual(parseOpenMetrics('# TYPE a gauge\n# EOF'), []);
  });

  const errors: Array<[string, string, RegExp]> = [
    ['empty input', '', /line 1: data does not end with # EOF/],
    ['no # EOF', 'a 1\n', /line 1: data does not end with # EOF/],
    ['truncated in a line', 'a 1\nb{x="', /line 2: data does not end with # EOF/],
    ['data after # EOF', 'a 1\n# EOF\nb 2\n', /line 2: unexpected data after # EOF/],
    ['a second # EOF', '# EOF\n# EOF\n', /line 1: unexpected data after # EOF/],
    ['a blank line', 'a 1\n\n# EOF\n', /line 2: unexpected blank line/],
    ['a free comment', '# hello\n# EOF\n', /line 1: invalid metadata/],
    ['an unknown type', '# TYPE a untyped\n# EOF\n', /invalid metric type "untyped"/],
    ['a unit that is not a suffix', '# UNIT a_bytes seconds\n# EOF\n', /unit "seconds" not a suffix/],
    ['a unit that is the whole name', '# UNIT seconds seconds\n# EOF\n', /not a suffix/],
    ['a second TYPE', '# TYPE a gauge\n# TYPE a gauge\n# EOF\n', /line 2: second TYPE line/],
    ['HELP after samples', 'a 1\n# HELP a x\n# EOF\n', /line 2: HELP line .* after its samples/],
    ['two spaces', 'a  1\n# EOF\n', /expected float as metric value, got ""/],
    ['an integer-ms timestamp that overflows', 'a 1 1e300\n# EOF\n', /invalid timestamp "1e300"/],
    ['a NaN timestamp', 'a 1 NaN\n# EOF\n', /invalid timestamp "NaN"/],
    ['text after the timestamp', 'a 1 2 3\n# EOF\n', /unexpected " 3" after the sample/],
    ['a bad label name', 'a{1x="1"} 1\n# EOF\n', /invalid metric label name/],
    ['__name__ as a label', 'a{__name__="b"} 1\n# EOF\n', /"__name__" is reserved/],
    ['a duplicate label', 'a{x="1",x="2"} 1\n# EOF\n', /duplicate label name "x"/],
    ['an unknown escape', 'a{x="\\t"} 1\n# EOF\n', /invalid escape sequence '\\t'/],
    ['an unclosed label value', 'a{x="1} 1\n# EOF\n', /is not closed/],
    ['a bucket without le', '# TYPE h histogram\nh_bucket 1\n# EOF\n', /'le' label, got ""/],
    ['a negative count', '# TYPE h histogram\nh_count -1\n# EOF\n', /negative count for histogram "h"/],
    [
      'a quantile that is no float',
      '# TYPE s summary\ns{quantile="x"} 1\n# EOF\n',
      /'quantile' label, got "x"/,
    ],
    ['an exemplar without labels', 'a_total 1 # 2\n# EOF\n', /expected exemplar labels/],
    ['a bad exemplar value', 'a_total 1 # {x="y"} z\n# EOF\n', /float as exemplar value, got "z"/],
  ];
  for (const [what, text, message] of errors) {
    it(`refuses ${what}`, () => {
      assert.throws(
        () => parseOpenMetrics(text, { source: 'http://127.0.0.1:9100/metrics' }),
        (err: unknown) =>
          err instanceof InvalidInputError &&
          /^cannot parse http:\/\/127\.0\.0\.1:9100\/metrics line \d+: /.test(err.message) &&
          message.test(err.message),
      );
    });
  }
});
