import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MetricFamily } from '../collectors/collector.js';
import { compareStrings, escapeHelp, escapeLabelValue, formatText } from './text-format.js';

describe('formatText', () => {
  it('writes HELP, TYPE and samples as node_exporter does', () => {
    const families: MetricFamily[] = [
      { name: 'node_load1', help: '1m load average.', type: 'gauge', metrics: [{ labels: {}, value: 0.12 }] },
      {
        name: 'node_filesystem_avail_bytes',
        help: 'Filesystem space available to non-root users in bytes.',
        type: 'gauge',
        metrics: [
          {
            labels: { mountpoint: '/', fstype: 'ext4', device_error: '', device: '/dev/vda' },
            value: 84811296768,
          },
        ],
      },
    ];
    assert.equal(
      formatText(families),
      [
        '# HELP node_filesystem_avail_bytes Filesystem space available to non-root users in bytes.',
        '# TYPE node_filesystem_avail_bytes gauge',
        'node_filesystem_avail_bytes{device="/dev/vda",device_error="",fstype="ext4",mountpoint="/"} 8.4811296768e+10',
        '# HELP node_load1 1m load average.',
        '# TYPE node_load1 gauge',
        'node_load1 0.12',
        '',
      ].join('\n'),
    );
  });

  it('sorts series by label values as strings, in label-name order, and merges families of one name', () => {
    const cpu = (cpu: string, mode: string, value: number) => ({ labels: { mode, cpu }, value });
    const text = formatText([
      {
        name: 'node_cpu_seconds_total',
        help: 'h',
        type: 'counter',
        metrics: [cpu('10', 'user', 1), cpu('2', 'idle', 2)],
      },
      {
        name: 'node_cpu_seconds_total',
        help: 'ignored',
        type: 'gauge',
        metrics: [cpu('2', 'nice', 3), cpu('1', 'user', 4)],
      },
    ]);
    assert.equal(
      text,
      [
        '# HELP node_cpu_seconds_total h',
        '# TYPE node_cpu_seconds_total counter',
        'node_cpu_seconds_total{cpu="1",mode="user"} 4',
        'node_cpu_seconds_total{cpu="10",mode="user"} 1',
        'node_cpu_seconds_total{cpu="2",mode="idle"} 2',
        'node_cpu_seconds_total{cpu="2",mode="nice"} 3',
        '',
      ].join('\n'),
    );
  });

  it('escapes label values and HELP text', () => {
    const text = formatText([
      {
        name: 'node_x',
        help: 'a \\ b\nc "d"',
        type: 'untyped',
        metrics: [{ labels: { path: 'C:\\dir\n"q"\ttab' }, value: Number.NaN }],
      },
    ]);
    assert.equal(
      text,
      '# HELP node_x a \\\\ b\\nc "d"\n# TYPE node_x untyped\nnode_x{path="C:\\\\dir\\n\\"q\\"\ttab"} NaN\n',
    );
  });

  it('leaves out families without series and renders nothing for nothing', () => {
    assert.equal(formatText([{ name: 'node_empty', help: 'h', type: 'gauge', metrics: [] }]), '');
    assert.equal(formatText([]), '');
  });

  it('does not modify its input', () => {
    const family: MetricFamily = {
      name: 'a',
      help: 'h',
      type: 'gauge',
      metrics: [{ labels: { x: '2' }, value: 1 }],
    };
    formatText([family, { ...family, metrics: [{ labels: { x: '1' }, value: 2 }] }]);
    assert.equal(family.metrics.length, 1);
  });

  const escapes: Array<[string, string, string]> = [
    ['plain', 'plain', 'plain'],
    ['a\\b', 'a\\\\b', 'a\\\\b'],
    ['say "hi"', 'say \\"hi\\"', 'say "hi"'],
    ['two\nlines', 'two\\nlines', 'two\\nlines'],
  ];
  for (const [raw, label, help] of escapes) {
    it(`escapes ${JSON.stringify(raw)}`, () => {
      assert.equal(escapeLabelValue(raw), label);
      assert.equal(escapeHelp(raw), help);
    });
  }

  it('orders strings by code point, as Go orders UTF-8 bytes', () => {
    assert.ok(compareStrings('\uffff', '\u{1f600}') < 0);
    assert.ok(compareStrings('a', 'b') < 0);
    assert.ok(compareStrings('ab', 'a') > 0);
    assert.equal(compareStrings('x', 'x'), 0);
  });
});
