/// <reference types="node" />
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hostCharts } from './host-charts';

describe('hostCharts', () => {
  const charts = hostCharts('web-1', '1m', 8);
  const byKey = new Map(charts.map((c) => [c.key, c]));

  it('has the charts the end-to-end test looks for', () => {
    for (const key of ['cpu', 'memory', 'network', 'filesystem', 'temperature', 'load'])
      assert.ok(byKey.has(key), key);
  });

  it('asks for CPU by mode in percent first, then falls back to simpler queries', () => {
    const exprs = byKey.get('cpu')?.queries[0]?.alternatives.map((a) => a.expr);
    assert.deepEqual(exprs, [
      'sum by (mode) (rate(node_cpu_seconds_total{instance="web-1"}[1m])) / scalar(count(count by (cpu) (node_cpu_seconds_total{instance="web-1"}))) * 100',
      'sum by (mode) (rate(node_cpu_seconds_total{instance="web-1"}[1m])) / 8 * 100',
      'sum by (mode) (rate(node_cpu_seconds_total{instance="web-1"}[1m]))',
    ]);
  });

  it('excludes the loopback interface from network traffic', () => {
    const expr = byKey.get('network')?.queries[0]?.alternatives[0]?.expr;
    assert.equal(expr, 'rate(node_network_receive_bytes_total{instance="web-1", device!="lo"}[1m])');
  });

  it('quotes odd instance names', () => {
    const expr = hostCharts('a"b', '1m')[0]?.queries[0]?.alternatives[0]?.expr ?? '';
    assert.ok(expr.includes('instance="a\\"b"'), expr);
  });
});
