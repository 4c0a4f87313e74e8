import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectAll, type CollectContext, type Collector, type MetricFamily } from './collector.js';

const CTX: CollectContext = { procRoot: '/nonexistent/proc', sysRoot: '/nonexistent/sys', rootfs: '/' };

function gauge(name: string, value: number): MetricFamily {
  return { name, help: `${name} help`, type: 'gauge', metrics: [{ labels: {}, value }] };
}

function fixed(name: string, families: MetricFamily[], relays = false): Collector {
  return { name, relays, collect: () => Promise.resolve(families) };
}

describe('collectAll with relaying collectors', () => {
  it("drops a relayed family named like another collector's, whatever the order, and says why", async () => {
    const errors: Array<[string, string, string]> = [];
    const families = await collectAll(
      [
        fixed(
          'aaa_relay',
          [gauge('node_load1', 99), gauge('node_custom', 1), gauge('node_scrape_collector_success', 5)],
          true,
        ),
        fixed('loadavg', [gauge('node_load1', 0.5)]),
      ],
      CTX,
      () => 0,
      (name, err) => errors.push([name, (err as { code: string }).code, (err as Error).message]),
    );
    assert.deepEqual(
      families.map((f) => [f.name, f.metrics.map((m) => m.value)]),
      [
        ['node_custom', [1]],
        ['node_load1', [0.5]],
        ['node_scrape_collector_duration_seconds', [0, 0]],
        ['node_scrape_collector_success', [1, 1]],
      ],
    );
    assert.deepEqual(errors, [
      [
        'aaa_relay',
        'family_clash',
        'cannot use family node_load1 from aaa_relay: the loadavg collector emits it',
      ],
      [
        'aaa_relay',
        'family_clash',
        'cannot use family node_scrape_collector_success from aaa_relay: the scrape collector emits it',
      ],
    ]);
  });

  it('keeps relayed families when nothing else claims the name, and clashes between own collectors alone', async () => {
    const families = await collectAll(
      [
        fixed('a', [gauge('node_x', 1)]),
        fixed('b', [gauge('node_x', 2)]),
        fixed('relay', [gauge('node_y', 3)], true),
      ],
      CTX,
      () => 0,
    );
    assert.deepEqual(
      families.filter((f) => !f.name.startsWith('node_scrape')).map((f) => [f.name, f.metrics[0]!.value]),
      [
        ['node_x', 1],
        ['node_x', 2],
        ['node_y', 3],
      ],
    );
  });
});
