import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectAll } from './collector.js';
import { fixtureContext, HOST_CONTEXT } from './testdata.js';
import { TimexCollector } from './timex.js';

describe('timex collector', () => {
  for (const [where, ctx] of [
    ['a fixture tree', fixtureContext('x86')],
    ['this machine', HOST_CONTEXT],
  ] as const) {
    it(`fails with a clear reason on ${where}`, async () => {
      await assert.rejects(new TimexCollector().collect(ctx), {
        name: 'CollectorUnsupportedError',
        code: 'collector_unsupported',
        message: 'cannot read timex: adjtimex needs a native call; not available',
      });
    });
  }

  it('shows as node_scrape_collector_success 0 when enabled', async () => {
    const errors: string[] = [];
    const families = await collectAll(
      [new TimexCollector()],
      HOST_CONTEXT,
      () => 0,
      (name, err) => errors.push(`${name}: ${String(err)}`),
    );
    assert.deepEqual(errors, [
      'timex: CollectorUnsupportedError: cannot read timex: adjtimex needs a native call; not available',
    ]);
    assert.deepEqual(families.find((f) => f.name === 'node_scrape_collector_success')?.metrics, [
      { labels: { collector: 'timex' }, value: 0 },
    ]);
  });
});
