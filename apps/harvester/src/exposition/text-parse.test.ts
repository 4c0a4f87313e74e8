import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTextFormat, type ParsedFamily } from './text-parse.js';

/** Families without line numbers, for compact expectations. */
function shape(families: ParsedFamily[]): unknown[] {
  return families.map((f) => ({
    ...f,
    samples: f.samples.map(({ line: _line, ...s }) => s),
  }));
}

describe('parseTextFormat', () => {
  it('reads what node_exporter writes', () => {
    const text = `# HELP node_load1 1m load average.
# TYPE node_load1 gauge
node_load1 0.21
# HELP node_network_info Non-numeric data from /sys/class/net/<iface>, value is always 1.
# TYPE node_network_info gauge
node_network_info{address="00:00:00:00:00:00",device="lo",duplex="",operstate="unknown"} 1
`;
    assert.deepEqual(shape(parseTextFormat(text)), [
      {
        name: 'node_load1',
        type: 'gauge',
        help: '1m load average.',
        samples: [{ name: 'node_load1', labels: {}, value: 0.21 }],
      },
      {
        name: 'node_network_info',
        type: 'gauge',
        help: 'Non-numeric data from /sys/class/net/<iface>, value is always 1.',
        samples: [
          {
            name: 'node_network_info',
            labels: { address: '00:00:00:00:00:00', device: 'lo', duplex: '', operstate: 'unknown' },
            value: 1,
          },
        ],
      },
    ]);
  });

  it('groups a histogram with its buckets, sum and count', () => {
    const text = `# HELP http_request_duration_seconds Latency.
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.1",code="200"} 3
http_request_duration_seconds_bucket{le="+Inf",code="200"} 5
http_request_duration_seconds_sum{code="200"} 1.5
http_request_duration_seconds_count{code="200"} 5
`;
    const [family] = parseTextFormat(text);
    assert.equal(family?.type, 'histogram');
    assert.deepEqual(
      family?.samples.map((s) => [s.name, s.labels.le, s.value, s.line]),
      [
        ['http_request_duration_seconds_bucket', '0.1', 3, 3],
        ['http_request_duration_seconds_bucket', '+Inf', 5, 4],
        ['http_request_duration_seconds_sum', undefined, 1.5, 5],
        ['http_request_duration_seconds_count', undefined, 5, 6],
      ],
    );
  });

  it('groups a summary with its quantiles, sum and count, but not a _bucket', () => {
    const text = `# TYPE rpc_seconds summary
rpc_seconds{quantile="0.5"} 0.01
rpc_seconds{quantile="0.99"} NaN
rpc_seconds_sum 12
rpc_seconds_count 400
rpc_seconds_bucket 1
`;
    const families = parseTextFormat(text);
    assert.deepEqual(
      families.map((f) => [f.name, f.type, f.samples.length]),
      [
        ['rpc_seconds', 'summary', 4],
        ['rpc_seconds_bucket', 'untyped', 1],
      ],
    );
    assert.ok(Number.isNaN(families[0]!.samples[1]!.value));
  });

  it('keeps _sum and _count apart when the base is not a summary or histogram', () => {
    const families = parseTextFormat('# TYPE jobs counter\njobs 1\njobs_count 2\n');
    assert.deepEqual(
      families.map((f) => [f.name, f.type]),
      [
        ['jobs', 'counter'],
        ['jobs_count', 'untyped'],
      ],
    );
  });

  const values: Array<{ text: string; want: number }> = [
    { text: '+Inf', want: Infinity },
    { text: '-Inf', want: -Infinity },
    { text: 'inf', want: Infinity },
    { text: '1e+06', want: 1e6 },
    { text: '-0.5', want: -0.5 },
    { text: '.5', want: 0.5 },
    { text: '18446744073709551615', want: 2 ** 64 },
  ];
  for (const v of values) {
    it(`reads the value ${v.text}`, () => {
      assert.equal(parseTextFormat(`x ${v.text}\n`)[0]?.samples[0]?.value, v.want);
    });
  }

  const lines: Array<{ title: string; text: string; want: unknown }> = [
    {
      title: 'escapes in label values and HELP',
      text: '# HELP x a\\\\b\\nc\\"d\nx{path="C:\\\\dir",msg="say \\"hi\\"\\n"} 1\n',
      want: { help: 'a\\b\nc"d', labels: { path: 'C:\\dir', msg: 'say "hi"\n' } },
    },
    {
      title: 'blanks, tabs, a trailing comma and a timestamp',
      text: '  x { a = "1" ,\tb="2", }\t3  1700000000000\n',
      want: { labels: { a: '1', b: '2' }, value: 3, timestampMs: 1700000000000 },
    },
    {
      title: 'a quoted metric name inside the braces',
      text: '{"x", a="1"} 2\n',
      want: { labels: { a: '1' }, value: 2 },
    },
    {
      title: 'comments, blank lines, a HELP without text and no final newline',
      text: '# a comment\n\n#HELP\n# HELP x\n# TYPE\n   \nx 1',
      want: { labels: {}, value: 1 },
    },
    { title: 'empty braces', text: 'x{} 1\n', want: { labels: {}, value: 1 } },
    { title: 'a negative timestamp', text: 'x 1 -5\n', want: { labels: {}, value: 1, timestampMs: -5 } },
    { title: 'TYPE in any case', text: '# TYPE x GaUgE\nx 1\n', want: { type: 'gauge' } },
  ];
  for (const l of lines) {
    it(`reads ${l.title}`, () => {
      const [family] = parseTextFormat(l.text);
      const [sample] = family!.samples;
      const got: Record<string, unknown> = {};
      for (const key of Object.keys(l.want as object)) {
        got[key] =
          key in family! && key !== 'name' ? family![key as keyof ParsedFamily] : sample![key as 'labels'];
      }
      assert.deepEqual(got, l.want);
    });
  }

  it('gathers samples of a family that are not adjacent, and drops families without samples', () => {
    const families = parseTextFormat('# HELP empty nothing\na 1\nb 2\na{x="y"} 3\n');
    assert.deepEqual(
      families.map((f) => [f.name, f.samples.map((s) => s.value)]),
      [
        ['a', [1, 3]],
        ['b', [2]],
      ],
    );
  });

  it('accepts quoted UTF-8 names only when asked', () => {
    const text = '{"http.server.duration", "service.name"="api"} 1\n';
    assert.throws(() => parseTextFormat(text), { message: /invalid metric name "http.server.duration"/ });
    const [family] = parseTextFormat(text, { utf8Names: true });
    assert.deepEqual(family?.samples[0]?.labels, { 'service.name': 'api' });
  });
});
