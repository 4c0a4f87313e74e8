import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { FixtureTree } from './fixture-tree.js';
import { HOST_CONTEXT, SKIP_OFF_LINUX, fixtureContext, type FixtureTreeName } from './testdata.js';
import { VmstatCollector } from './vmstat.js';

function values(families: Awaited<ReturnType<VmstatCollector['collect']>>): Record<string, number> {
  return Object.fromEntries(families.map((f) => [f.name, f.metrics[0]!.value]));
}

describe('vmstat collector', async () => {
  const fixtures: Array<[FixtureTreeName, Record<string, number>]> = [
    [
      'x86',
      {
        node_vmstat_pgpgin: 11841972,
        node_vmstat_pgpgout: 24509916,
        node_vmstat_pswpin: 1214,
        node_vmstat_pswpout: 8721,
        node_vmstat_pgfault: 498123456,
        node_vmstat_pgmajfault: 41237,
        node_vmstat_oom_kill: 1,
      },
    ],
    [
      'rpi',
      {
        node_vmstat_pgpgin: 1406738,
        node_vmstat_pgpgout: 3206172,
        node_vmstat_pswpin: 3121,
        node_vmstat_pswpout: 10287,
        node_vmstat_pgfault: 98123456,
        node_vmstat_pgmajfault: 8123,
        node_vmstat_oom_kill: 0,
      },
    ],
  ];
  for (const [tree, want] of fixtures) {
    it(`exports the default fields of the ${tree} fixture, untyped`, async () => {
      const families = await new VmstatCollector().collect(fixtureContext(tree));
      assert.deepEqual(values(families), want);
      assert.ok(families.every((f) => f.type === 'untyped'));
      assert.equal(families[0]!.help, `/proc/vmstat information field ${families[0]!.name.slice(12)}.`);
    });
  }

  const tree = await FixtureTree.create({
    'proc/vmstat':
      'nr_free_pages 10\npgfault 5\npgmajfault 1\npgsteal_kswapd 3\nnuma_hint_faults 2\noom_kill 0\n',
  });
  after(() => tree.remove());

  it("matches the pattern as Go does: anchored by its own ^, prefix 'pg.*fault' and all", async () => {
    assert.deepEqual(Object.keys(values(await new VmstatCollector().collect(tree.ctx))), [
      'node_vmstat_pgfault',
      'node_vmstat_pgmajfault',
      'node_vmstat_oom_kill',
    ]);
    const custom = await new VmstatCollector({ fields: '^nr_|steal' }).collect(tree.ctx);
    assert.deepEqual(Object.keys(values(custom)), [
      'node_vmstat_nr_free_pages',
      'node_vmstat_pgsteal_kswapd',
    ]);
  });

  it('refuses a pattern that does not compile', () => {
    assert.throws(() => new VmstatCollector({ fields: '(' }), {
      name: 'InvalidInputError',
      message: /^cannot compile the vmstat fields pattern "\("/,
    });
  });

  it('fails on a bad line anywhere in the file', async () => {
    await tree.write({ 'proc/vmstat': 'pgfault 5\nnr_dirty x\n' });
    await assert.rejects(new VmstatCollector().collect(tree.ctx), {
      message: /^cannot parse \/proc\/vmstat line 2: bad value/,
    });
  });

  it('agrees with /proc/vmstat on this machine', { skip: SKIP_OFF_LINUX }, async () => {
    const got = values(await new VmstatCollector().collect(HOST_CONTEXT));
    const text = await readFile('/proc/vmstat', 'utf8');
    const expected = text
      .split('\n')
      .filter((l) => /^(oom_kill|pgpg|pswp|pg.*fault)/.test(l))
      .map((l) => `node_vmstat_${l.split(' ')[0]}`);
    assert.deepEqual(Object.keys(got), expected);
    assert.ok(got.node_vmstat_pgfault! > 0);
  });
});
