import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Expr, PosRange } from './ast.js';
import { parseExpr } from './parser.js';
import { byteOffsetToIndex } from './source.js';
import { positions, tree, withoutPositions } from './test-support.js';

describe('parseExpr: precedence and associativity', () => {
  const cases: Array<[query: string, tree: string]> = [
    ['1 + 2 * 3', '(+ 1 (* 2 3))'],
    ['1 * 2 + 3', '(+ (* 1 2) 3)'],
    ['1 - 2 - 3', '(- (- 1 2) 3)'],
    ['2 ^ 3 ^ 2', '(^ 2 (^ 3 2))'],
    ['-2 ^ 2', '(- (^ 2 2))'],
    ['-a ^ 2', '(- (^ a 2))'],
    ['-a * b', '(* (- a) b)'],
    ['a * -b', '(* a (- b))'],
    ['2 ^ -3 ^ 2', '(^ 2 (- (^ 3 2)))'],
    ['a + -b * c', '(+ a (* (- b) c))'],
    ['--a', '(- (- a))'],
    ['-(1)', '(- 1)'],
    ['+a', '(+ a)'],
    ['- 1', '-1'],
    ['a or b and c', '(or a (and b c))'],
    ['a and b or c', '(or (and a b) c)'],
    ['a unless b and c', '(and (unless a b) c)'],
    ['a or b unless c', '(or a (unless b c))'],
    ['a == b + 1', '(== a (+ b 1))'],
    ['a > b and c < d', '(and (> a b) (< c d))'],
    ['a > bool 1 == bool 2', '(== bool (> bool a 1) 2)'],
    ['a % b atan2 c / d', '(/ (atan2 (% a b) c) d)'],
    ['a atan2 b ^ c', '(atan2 a (^ b c))'],
    ['a + b offset 5m', '(+ a b offset 300000)'],
    ['-a offset 5m', '(- a offset 300000)'],
    ['count_over_time(a offset 1m[5m:1m])', '(count_over_time a offset 60000[300000:60000])'],
    ['foo offset 5s-8', '(- foo offset 5000 8)'],
    ['foo offset -1^1', '(^ foo offset -1000 1)'],
    ['foo offset (1m) * 2', '(* foo offset 60000 2)'],
    ['sum(a) by (x) / on(x) group_left b', '(/ (sum by(x) a) b)'],
    ['100 - 100 * a / b', '(- 100 (/ (* 100 a) b))'],
    ['1 - a / b', '(- 1 (/ a b))'],
  ];
  for (const [query, want] of cases) {
    it(query, () => assert.equal(tree(parseExpr(query)), want));
  }
});

describe('parseExpr: trees', () => {
  const sel = (name: string | undefined, ...m: Array<[string, string, string]>): unknown => ({
    type: 'vectorSelector',
    ...(name === undefined ? {} : { name }),
    matchers: [
      ...(name === undefined ? [] : [{ type: '=', name: '__name__', value: name }]),
      ...m.map(([n, t, v]) => ({ type: t, name: n, value: v })),
    ],
    offsetMs: 0,
  });
  const cases: Array<[query: string, want: unknown]> = [
    ['foo', sel('foo')],
    ['foo{a="b", c!~"d|e",}', sel('foo', ['a', '=', 'b'], ['c', '!~', 'd|e'])],
    ['{__name__="foo", a=~".+"}', sel('foo', ['a', '=~', '.+'])],
    ['{a="b", __name__="foo"}', sel('foo', ['a', '=', 'b'])],
    ['{"my.metric", "k.8"="v"}', sel('my.metric', ['k.8', '=', 'v'])],
    ['{__name__=~"foo|bar"}', sel(undefined, ['__name__', '=~', 'foo|bar'])],
    ['sum', sel('sum')],
    ['by{a="b"}', sel('by', ['a', '=', 'b'])],
    ['offset offset 1m', { ...(sel('offset') as object), offsetMs: 60_000 }],
    ['node:cpu:rate5m', sel('node:cpu:rate5m')],
    [
      'x[5m] @ 100.5 offset -1h',
      {
        type: 'matrixSelector',
        selector: { ...(sel('x') as object), offsetMs: -3_600_000, at: { kind: 'time', ms: 100_500 } },
        rangeMs: 300_000,
      },
    ],
    [
      'rate(x[1m])[1h:] @ end()',
      {
        type: 'subquery',
        expr: {
          type: 'call',
          func: 'rate',
          args: [{ type: 'matrixSelector', selector: sel('x'), rangeMs: 60_000 }],
        },
        rangeMs: 3_600_000,
        stepMs: 0,
        offsetMs: 0,
        at: { kind: 'end' },
      },
    ],
    [
      'topk by (job) (3, x)',
      {
        type: 'aggregate',
        op: 'topk',
        expr: sel('x'),
        param: { type: 'number', value: 3 },
        grouping: ['job'],
        without: false,
      },
    ],
    [
      'count_values without () ("v", x)',
      {
        type: 'aggregate',
        op: 'count_values',
        expr: sel('x'),
        param: { type: 'string', value: 'v' },
        grouping: [],
        without: true,
      },
    ],
    [
      'SUM(x) BY (on, "a.b",)',
      { type: 'aggregate', op: 'sum', expr: sel('x'), grouping: ['on', 'a.b'], without: false },
    ],
    [
      'a + ignoring(b) group_right c',
      {
        type: 'binary',
        op: '+',
        lhs: sel('a'),
        rhs: sel('c'),
        returnBool: false,
        matching: { card: 'one-to-many', labels: ['b'], on: false, include: [] },
      },
    ],
    [
      'a and b',
      {
        type: 'binary',
        op: 'and',
        lhs: sel('a'),
        rhs: sel('b'),
        returnBool: false,
        matching: { card: 'many-to-many', labels: [], on: false, include: [] },
      },
    ],
    [
      'a > bool 1',
      { type: 'binary', op: '>', lhs: sel('a'), rhs: { type: 'number', value: 1 }, returnBool: true },
    ],
  ];
  for (const [query, want] of cases) {
    it(query, () => assert.deepEqual(withoutPositions(parseExpr(query)), want));
  }
});

describe('parseExpr: literals', () => {
  const numbers: Array<[query: string, value: number]> = [
    ['1', 1],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['5e-3', 0.005],
    ['0x1F', 31],
    ['0XaB', 171],
    ['010', 8],
    ['09', 9],
    ['1_000', 1000],
    ['-Inf', -Infinity],
    ['+inf', Infinity],
    ['5m', 300],
    ['1h30m', 5400],
    ['250ms', 0.25],
    ['-1y', -31_536_000],
  ];
  for (const [query, value] of numbers) {
    it(`number ${query}`, () =>
      assert.deepEqual(parseExpr(query), { ...(parseExpr(query) as object), value }));
  }
  it('NaN', () => {
    const e = parseExpr('NaN');
    assert.ok(e.type === 'number' && Number.isNaN(e.value));
  });

  const strings: Array<[query: string, value: string]> = [
    ['"a\\"b"', 'a"b'],
    ["'it\\'s'", "it's"],
    ['`raw\\n`', 'raw\\n'],
    ['"tab\\tnl\\n"', 'tab\tnl\n'],
    ['"\\u00e9\\U0001F600"', 'é😀'],
    ['"\\xc3\\xa9"', 'é'],
    ['"\\101\\x41"', 'AA'],
    ['"\\xff"', '\ufffd'],
    ['"é😀"', 'é😀'],
  ];
  for (const [query, value] of strings) {
    it(`string ${query}`, () =>
      assert.deepEqual(withoutPositions(parseExpr(query)), { type: 'string', value }));
  }

  const durations: Array<[query: string, rangeMs: number]> = [
    ['x[5m]', 300_000],
    ['x[1h30m]', 5_400_000],
    ['x[90]', 90_000],
    ['x[1.5]', 1500],
    ['x[ 5m ]', 300_000],
    ['x[26m+4m]', 1_800_000],
    ['x[2m*(10+5)]', 1_800_000],
    ['x[1h / 2]', 1_800_000],
    ['x[-5m + 10m]', 300_000],
    ['x[2^3]', 8000],
  ];
  for (const [query, rangeMs] of durations) {
    it(`range ${query}`, () => {
      const e = parseExpr(query);
      assert.equal(e.type === 'matrixSelector' ? e.rangeMs : undefined, rangeMs);
    });
  }
});

describe('parseExpr: comments and whitespace', () => {
  it('ignores comments and line breaks', () => {
    const q = 'sum by (job) ( # per job\n  rate(x{a="b" # selector\n}[5m])\n)';
    assert.equal(tree(parseExpr(q)), '(sum by(job) (rate x{a=b}[300000]))');
  });
});

describe('parseExpr: Node Exporter Full queries', () => {
  // From Grafana's "Node Exporter Full" dashboard (1860) with its variables filled in.
  const queries = [
    '100 - (avg by (instance) (rate(node_cpu_seconds_total{mode="idle",instance="$node"}[5m])) * 100)',
    'sum by (mode)(irate(node_cpu_seconds_total{instance="h",job="node"}[1m0s]))',
    'node_filesystem_avail_bytes{fstype!~"tmpfs|overlay"} / node_filesystem_size_bytes',
    'count(count(node_cpu_seconds_total{instance="h",job="node"}) by (cpu))',
    'scalar(node_load1{instance="h",job="node"}) * 100 / count(count(node_cpu_seconds_total{instance="h",job="node"}) by (cpu))',
    '(1 - (node_memory_MemAvailable_bytes{instance="h", job="node"} / node_memory_MemTotal_bytes{instance="h", job="node"})) * 100',
    '100 - ((node_filesystem_avail_bytes{instance="h",job="node",mountpoint="/",fstype!="rootfs"} * 100) / node_filesystem_size_bytes{instance="h",job="node",mountpoint="/",fstype!="rootfs"})',
    'node_time_seconds{instance="h",job="node"} - node_boot_time_seconds{instance="h",job="node"}',
    'sum(irate(node_cpu_seconds_total{instance="h",job="node", mode="system"}[1m0s])) / scalar(count(count(node_cpu_seconds_total{instance="h",job="node"}) by (cpu)))',
    'irate(node_network_receive_bytes_total{instance="h",job="node"}[1m0s])*8',
    'node_memory_MemTotal_bytes{instance="h",job="node"} - node_memory_MemFree_bytes{instance="h",job="node"} - (node_memory_Cached_bytes{instance="h",job="node"} + node_memory_Buffers_bytes{instance="h",job="node"} + node_memory_SReclaimable_bytes{instance="h",job="node"})',
    'irate(node_disk_reads_completed_total{instance="h",job="node",device=~"(/dev/)?(mmcblk.p.+|nvme.+|rbd.+|sd.+|vd.+|xvd.+|dm-.+|md.+|dasd.+)"}[1m0s])',
    'node_filesystem_readonly{instance="h",job="node",device!~\'rootfs\'}',
    '(node_filesystem_size_bytes{instance="h",job="node",device!~\'rootfs\'} - node_filesystem_avail_bytes{instance="h",job="node",device!~\'rootfs\'}) / node_filesystem_size_bytes{instance="h",job="node",device!~\'rootfs\'} * 100',
    'node_hwmon_temp_celsius{instance="h",job="node"} * on(chip) group_left(chip_name) node_hwmon_chip_names{instance="h",job="node"}',
    'label_replace(node_hwmon_temp_celsius{instance="h",job="node"}, "sensor", "$1", "sensor", "temp([0-9]+)")',
    'count(node_cpu_seconds_total{instance="h",job="node", mode=\'system\'}) by (cpu)',
    'node_uname_info{instance="h",job="node"} - 0',
    'avg_over_time(node_load1{instance="h"}[1m0s])',
    'up{job="node"} == 0',
    'max by (device) (rate(node_disk_written_bytes_total[5m])) > bool 1e6',
    'topk(5, sort_desc(node_filesystem_size_bytes))',
    'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))',
    'predict_linear(node_filesystem_free_bytes{job="node"}[1h], 4 * 3600) < 0',
    'absent(up{job="node"})',
    'node_systemd_unit_state{instance="h",job="node",state="failed"} == 1',
    'rate(node_network_receive_bytes_total{device!~"lo|veth.*"}[$__rate_interval])'.replace(
      '$__rate_interval',
      '2m',
    ),
  ];
  for (const q of queries) {
    it(q, () => assert.ok(isExpr(parseExpr(q))));
  }
});

function isExpr(e: Expr): boolean {
  return typeof e.type === 'string';
}

describe('node positions', () => {
  const cases: Array<[query: string, want: string[]]> = [
    ['foo{a="b"}', ['vectorSelector@0-10']],
    ['foo offset 5m', ['vectorSelector@0-13']],
    ['foo[5m] offset 1m', ['matrixSelector@0-17', 'vectorSelector@0-3']],
    ['rate(foo[5m])', ['call@0-13', 'matrixSelector@5-12', 'vectorSelector@5-8']],
    ['sum(x) by (a)', ['aggregate@0-13', 'vectorSelector@4-5']],
    ['topk by (a) (3, x)', ['aggregate@0-18', 'number@13-14', 'vectorSelector@16-17']],
    ['-1 + -x', ['binary@0-7', 'number@0-2', 'unary@5-7', 'vectorSelector@6-7']],
    ['(x)[5m:1m] @ 10', ['subquery@0-15', 'paren@0-3', 'vectorSelector@1-2']],
    ['x{a="é"} + y', ['binary@0-13', 'vectorSelector@0-9', 'vectorSelector@12-13']],
  ];
  for (const [query, want] of cases) {
    it(query, () => assert.deepEqual(positions(parseExpr(query)), want));
  }

  it('converts byte offsets back to string indices', () => {
    const query = 'x{a="é😀"} + y';
    const expr = parseExpr(query);
    const rhs: PosRange | undefined = expr.type === 'binary' ? expr.rhs.pos : undefined;
    assert.deepEqual(rhs, { start: 16, end: 17 });
    assert.equal(query.slice(byteOffsetToIndex(query, 16), byteOffsetToIndex(query, 17)), 'y');
  });
});
