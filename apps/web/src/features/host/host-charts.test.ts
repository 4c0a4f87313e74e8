/// <reference types="node" />
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hostCharts } from './host-charts';

describe('hostCharts', () => {
  const charts = hostCharts('web-1', 10, 8);
  const byKey = new Map(charts.map((c) => [c.key, c]));

  it('has every chart of the host page', () => {
    for (const key of [
      'cpu',
      'memory',
      'swap',
      'load',
      'network',
      'disk-io',
      'filesystem',
      'temperature',
      'processes',
    ])
      assert.ok(byKey.has(key), key);
  });

  it('asks for CPU by mode as a share of all CPU time, then falls back to simpler queries', () => {
    const exprs = byKey.get('cpu')?.queries[0]?.alternatives.map((a) => a.expr);
    assert.deepEqual(exprs, [
      'sum by (mode) (rate(node_cpu_seconds_total{instance="web-1"}[1m])) / scalar(sum(rate(node_cpu_seconds_total{instance="web-1"}[1m]))) * 100',
      'sum by (mode) (rate(node_cpu_seconds_total{instance="web-1"}[1m])) / 8 * 100',
      'sum by (mode) (rate(node_cpu_seconds_total{instance="web-1"}[1m]))',
    ]);
  });

  it('uses irate below a one-minute step and rate over the step beyond, without loopback', () => {
    const expr = byKey.get('network')?.queries[0]?.alternatives[0]?.expr;
    assert.equal(expr, 'irate(node_network_receive_bytes_total{instance="web-1", device!="lo"}[1m])');
    const coarse = hostCharts('web-1', 7200).find((c) => c.key === 'network');
    assert.equal(
      coarse?.queries[0]?.alternatives[0]?.expr,
      'rate(node_network_receive_bytes_total{instance="web-1", device!="lo"}[7215s])',
    );
  });

  it('quotes odd instance names', () => {
    const expr = hostCharts('a"b', 10)[0]?.queries[0]?.alternatives[0]?.expr ?? '';
    assert.ok(expr.includes('instance="a\\"b"'), expr);
  });
});
