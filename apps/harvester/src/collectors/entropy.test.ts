import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { EntropyCollector } from './entropy.js';
import { FixtureTree } from './fixture-tree.js';
import { FIXTURE_TREES, HOST_CONTEXT, SKIP_OFF_LINUX, fixtureContext, valueOf } from './testdata.js';

describe('entropy collector', async () => {
  for (const tree of FIXTURE_TREES) {
    it(`reads the ${tree} fixture (Linux 5.18+: always 256 of 256)`, async () => {
      assert.deepEqual(await new EntropyCollector().collect(fixtureContext(tree)), [
        {
          name: 'node_entropy_available_bits',
          help: 'Bits of available entropy.',
          type: 'gauge',
          metrics: [{ labels: {}, value: 256 }],
        },
        {
          name: 'node_entropy_pool_size_bits',
          help: 'Bits of entropy pool.',
          type: 'gauge',
          metrics: [{ labels: {}, value: 256 }],
        },
      ]);
    });
  }

  const tree = await FixtureTree.create({
    'proc/sys/kernel/random/entropy_avail': ' 3021 \n',
    'proc/sys/kernel/random/poolsize': '4096\n',
  });
  after(() => tree.remove());

  it('reads an older kernel whose pool is 4096 bits', async () => {
    const families = await new EntropyCollector().collect(tree.ctx);
    assert.equal(valueOf(families, 'node_entropy_available_bits'), 3021);
    assert.equal(valueOf(families, 'node_entropy_pool_size_bits'), 4096);
  });

  it('fails when a file is missing or not a number, as node_exporter does', async () => {
    await tree.write({ 'proc/sys/kernel/random/poolsize': '-1\n' });
    await assert.rejects(new EntropyCollector().collect(tree.ctx), {
      code: 'invalid_input',
      message: /^cannot parse .*\/random\/poolsize: "-1" is not an unsigned integer$/,
    });
    await assert.rejects(new EntropyCollector().collect({ ...tree.ctx, procRoot: `${tree.root}/nope` }), {
      code: 'collector_read_failed',
    });
  });

  it('reads this machine', { skip: SKIP_OFF_LINUX }, async () => {
    const families = await new EntropyCollector().collect(HOST_CONTEXT);
    const available = valueOf(families, 'node_entropy_available_bits');
    const pool = valueOf(families, 'node_entropy_pool_size_bits');
    assert.ok(available !== undefined && pool !== undefined && available <= pool && pool > 0);
  });
});
