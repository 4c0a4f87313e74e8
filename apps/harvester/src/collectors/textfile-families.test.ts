import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatText } from '../exposition/text-format.js';
import { parseTextFormat } from '../exposition/text-parse.js';
import { TextfileMerge, convertFamily } from './textfile-families.js';

/** What node_exporter would print for one file, through our converter and formatText. */
function render(text: string): string {
  const merge = new TextfileMerge();
  assert.deepEqual(merge.add(parseTextFormat(text, { strict: true }), '/t/a.prom'), []);
  return formatText(merge.build());
}

describe('convertFamily', () => {
  const cases: Array<{ title: string; text: string; want: string }> = [
    {
      title: 'fills label names missing from some series with ""',
      text: '# HELP up_info Roles.\nup_info{role="db"} 1\nup_info{site="x"} 1\n',
      want: '# HELP up_info Roles.\n# TYPE up_info untyped\nup_info{role="",site="x"} 1\nup_info{role="db",site=""} 1\n',
    },
    {
      title: 'rewrites le in Go float format, sorts buckets, adds +Inf from the count',
      text: '# HELP h H.\n# TYPE h histogram\nh_bucket{le="1.0"} 2\nh_bucket{le="0.50"} 1\nh_sum 3.5\nh_count 4\n',
      want:
        '# HELP h_bucket H.\n# TYPE h_bucket untyped\nh_bucket{le="+Inf"} 4\nh_bucket{le="0.5"} 1\nh_bucket{le="1"} 2\n' +
        '# HELP h_count H.\n# TYPE h_count untyped\nh_count 4\n# HELP h_sum H.\n# TYPE h_sum untyped\nh_sum 3.5\n',
    },
    {
      title: 'gives a histogram without sum and count zeros, per label set',
      text: '# TYPE h histogram\nh_bucket{le="1",a="x"} 1\nh_bucket{le="1",a="y"} 2\n',
      want:
        '# HELP h_bucket \n# TYPE h_bucket untyped\nh_bucket{a="x",le="+Inf"} 0\nh_bucket{a="x",le="1"} 1\n' +
        'h_bucket{a="y",le="+Inf"} 0\nh_bucket{a="y",le="1"} 2\n' +
        '# HELP h_count \n# TYPE h_count untyped\nh_count{a="x"} 0\nh_count{a="y"} 0\n' +
        '# HELP h_sum \n# TYPE h_sum untyped\nh_sum{a="x"} 0\nh_sum{a="y"} 0\n',
    },
    {
      title: 'zeroes every count of a histogram with a fractional one, as node_exporter reads it back',
      text: '# HELP h H.\n# TYPE h histogram\nh_bucket{le="+Inf"} 2.5\nh_count 2.5\nh_sum 1\n',
      want:
        '# HELP h_bucket H.\n# TYPE h_bucket untyped\nh_bucket{le="+Inf"} 0\n' +
        '# HELP h_count H.\n# TYPE h_count untyped\nh_count 0\n# HELP h_sum H.\n# TYPE h_sum untyped\nh_sum 1\n',
    },
    {
      title: 'turns a summary into quantiles, sum and a truncated count',
      text: '# HELP s S.\n# TYPE s summary\ns{quantile="0.99"} 7\ns{quantile="0.5"} 3\ns_sum 40\ns_count 9.7\n',
      want:
        '# HELP s S.\n# TYPE s untyped\ns{quantile="0.5"} 3\ns{quantile="0.99"} 7\n' +
        '# HELP s_count S.\n# TYPE s_count untyped\ns_count 9\n# HELP s_sum S.\n# TYPE s_sum untyped\ns_sum 40\n',
    },
    {
      title: 'keeps counters and gauges typed',
      text: '# HELP c C.\n# TYPE c counter\nc 1\n# HELP g G.\n# TYPE g gauge\ng -2\n',
      want: '# HELP c C.\n# TYPE c counter\nc 1\n# HELP g G.\n# TYPE g gauge\ng -2\n',
    },
  ];
  for (const c of cases) {
    it(c.title, () => {
      // An empty HELP is what a family without one shows before TextfileMerge names the file.
      assert.equal(render(c.text).replace(/Metric read from \/t\/a\.prom/g, ''), c.want);
    });
  }

  it('drops histogram samples that say nothing (a bucket without le)', () => {
    const [family] = parseTextFormat('# TYPE h histogram\nh_bucket 3\nh_count 1\n');
    const [buckets] = convertFamily(family!);
    assert.deepEqual(buckets?.metrics, [{ labels: { le: '+Inf' }, value: 1 }]);
  });
});

describe('TextfileMerge', () => {
  const parse = (text: string) => parseTextFormat(text, { strict: true });

  it('merges a family across files under the first HELP, refusing repeated series', () => {
    const merge = new TextfileMerge();
    assert.deepEqual(merge.add(parse('# HELP x X.\nx{a="1"} 1\n'), '/d/1.prom'), []);
    assert.deepEqual(merge.add(parse('x{a="2"} 2\nx{a="1"} 9\n'), '/d/2.prom'), [
      'cannot use x from /d/2.prom: series {a="1"} is repeated (first in /d/1.prom)',
    ]);
    assert.deepEqual(merge.build(), [
      {
        name: 'x',
        help: 'X.',
        type: 'untyped',
        metrics: [
          { labels: { a: '1' }, value: 1 },
          { labels: { a: '2' }, value: 2 },
        ],
      },
    ]);
  });

  it('refuses a different type, and every family of a name after a HELP conflict', () => {
    const merge = new TextfileMerge();
    merge.add(parse('# HELP x X.\n# TYPE x gauge\nx 1\n'), '/d/1.prom');
    assert.deepEqual(merge.add(parse('# TYPE x counter\nx{b="1"} 1\n'), '/d/2.prom'), [
      'cannot use x from /d/2.prom: it is counter in this file but gauge in /d/1.prom',
    ]);
    assert.deepEqual(merge.add(parse('# HELP x Y.\n# TYPE x gauge\nx{b="2"} 1\n'), '/d/3.prom'), [
      'cannot use x from /d/3.prom: its HELP differs from the one in /d/1.prom',
    ]);
    assert.deepEqual(merge.add(parse('# HELP x X.\n# TYPE x gauge\nx{b="3"} 1\n'), '/d/4.prom'), [
      'cannot use x from /d/4.prom: its HELP differs from the one in /d/1.prom',
    ]);
    assert.equal(merge.build()[0]!.metrics.length, 1);
  });

  it('refuses the names the harvester emits itself', () => {
    const merge = new TextfileMerge();
    const problems = merge.add(
      parse('node_textfile_mtime_seconds{file="x"} 1\nnode_scrape_collector_success 1\n'),
      '/d/1.prom',
    );
    assert.equal(problems.length, 2);
    assert.deepEqual(merge.build(), []);
  });
});
