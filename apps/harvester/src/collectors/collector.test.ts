import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectAll, type CollectContext, type Collector, type MetricFamily } from './collector.js';

const CTX: CollectContext = { procRoot: '/nonexistent/proc', sysRoot: '/nonexistent/sys', rootfs: '/' };

function gauge(name: string, value: number): MetricFamily {
  return { name, help: `${name} help`, type: 'gauge', metrics: [{ labels: {}, value }] };
}

function fixed(name: string, families: MetricFamily[]): Collector {
  return { name, collect: () => Promise.resolve(families) };
}

function seriesOf(families: MetricFamily[], name: string): Record<string, number> {
  const family = families.find((f) => f.name === name);
  return Object.fromEntries((family?.metrics ?? []).map((m) => [m.labels.collector ?? '', m.value]));
}

describe('collectAll', () => {
  it('returns every family and one success and duration series per collector', async () => {
    const families = await collectAll(
      [
        fixed('a', [gauge('node_a', 1)]),
        fixed('b', [gauge('node_b', 2), gauge('node_c', 3)]),
        fixed('empty', []),
      ],
      CTX,
      () => 0,
    );
    assert.deepEqual(
      families.map((f) => f.name),
      [
        'node_a',
        'node_b',
        'node_c',
        'node_scrape_collector_duration_seconds',
        'node_scrape_collector_success',
      ],
    );
    assert.deepEqual(seriesOf(families, 'node_scrape_collector_success'), { a: 1, b: 1, empty: 1 });
    const success = families.find((f) => f.name === 'node_scrape_collector_success')!;
    assert.equal(success.help, 'node_exporter: Whether a collector succeeded.');
    assert.equal(success.type, 'gauge');
    const duration = families.find((f) => f.name === 'node_scrape_collector_duration_seconds')!;
    assert.equal(duration.help, 'node_exporter: Duration of a collector scrape.');
    assert.equal(duration.type, 'gauge');
  });

  it('isolates failures: a rejecting or throwing collector reports 0 and loses only its own families', async () => {
    const failures: string[] = [];
    const throwsSync: Collector = {
      name: 'sync',
      collect: () => {
        throw new Error('boom');
      },
    };
    const rejects: Collector = { name: 'async', collect: () => Promise.reject(new Error('bang')) };
    const families = await collectAll(
      [throwsSync, fixed('ok', [gauge('node_ok', 1)]), rejects],
      CTX,
      () => 0,
      (name, err) => failures.push(`${name}: ${(err as Error).message}`),
    );
    assert.deepEqual(seriesOf(families, 'node_scrape_collector_success'), { sync: 0, ok: 1, async: 0 });
    assert.ok(families.some((f) => f.name === 'node_ok'));
    assert.deepEqual(failures.sort(), ['async: bang', 'sync: boom']);
  });

  it('runs collectors concurrently and measures each with the injected clock, in seconds', async () => {
    let clock = 0;
    const started: string[] = [];
    const gates = new Map<string, () => void>();
    const slow = (name: string): Collector => ({
      name,
      collect: () => {
        started.push(name);
        return new Promise((resolve) => gates.set(name, () => resolve([])));
      },
    });
    const run = collectAll([slow('first'), slow('second')], CTX, () => clock);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(started, ['first', 'second'], 'both started before either finished');
    clock = 1.5;
    gates.get('second')!();
    await new Promise((resolve) => setImmediate(resolve));
    clock = 2500;
    gates.get('first')!();
    const families = await run;
    assert.deepEqual(seriesOf(families, 'node_scrape_collector_duration_seconds'), {
      first: 2.5,
      second: 0.0015,
    });
  });

  it('rounds durations to whole nanoseconds, as Go reports them', async () => {
    const times = [100.1, 100.1 + 6.925578];
    const families = await collectAll([fixed('x', [])], CTX, () => times.shift() ?? 0);
    assert.deepEqual(seriesOf(families, 'node_scrape_collector_duration_seconds'), { x: 0.006925578 });
  });
});
