import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { FixtureTree } from './fixture-tree.js';
import { StatCollector } from './stat.js';
import { HOST_CONTEXT, SKIP_OFF_LINUX, fixtureContext, valueOf, type FixtureTreeName } from './testdata.js';

describe('stat collector', async () => {
  const fixtures: Array<[FixtureTreeName, Record<string, number>]> = [
    [
      'x86',
      {
        node_intr_total: 98422185,
        node_context_switches_total: 210386517,
        node_forks_total: 1843211,
        node_boot_time_seconds: 1795305067,
        node_procs_running: 2,
        node_procs_blocked: 0,
      },
    ],
    [
      'rpi',
      {
        node_intr_total: 61829233,
        node_context_switches_total: 104183295,
        node_forks_total: 212931,
        node_boot_time_seconds: 1795212311,
        node_procs_running: 1,
        node_procs_blocked: 0,
      },
    ],
  ];
  for (const [tree, want] of fixtures) {
    it(`reads the ${tree} fixture`, async () => {
      const families = await new StatCollector().collect(fixtureContext(tree));
      assert.deepEqual(Object.fromEntries(families.map((f) => [f.name, valueOf(families, f.name)])), want);
    });
  }

  it("uses node_exporter's HELP texts and types", async () => {
    const families = await new StatCollector().collect(fixtureContext('x86'));
    assert.deepEqual(
      families.map((f) => [f.name, f.type, f.help]),
      [
        ['node_intr_total', 'counter', 'Total number of interrupts serviced.'],
        ['node_context_switches_total', 'counter', 'Total number of context switches.'],
        ['node_forks_total', 'counter', 'Total number of forks.'],
        ['node_boot_time_seconds', 'gauge', 'Node boot time, in unixtime.'],
        ['node_procs_running', 'gauge', 'Number of processes in runnable state.'],
        ['node_procs_blocked', 'gauge', 'Number of processes blocked waiting for I/O to complete.'],
      ],
    );
  });

  const tree = await FixtureTree.create({ 'proc/stat': 'cpu 1 2 3 4\nbtime 1700000000\n' });
  after(() => tree.remove());

  it('reports 0 for lines the file lacks, as procfs leaves them zero', async () => {
    const families = await new StatCollector().collect(tree.ctx);
    assert.equal(valueOf(families, 'node_boot_time_seconds'), 1700000000);
    assert.equal(valueOf(families, 'node_context_switches_total'), 0);
    assert.equal(valueOf(families, 'node_procs_blocked'), 0);
  });

  it('fails on a malformed line and on a missing file', async () => {
    await tree.write({ 'proc/stat': 'ctxt lots\n' });
    await assert.rejects(new StatCollector().collect(tree.ctx), {
      message: /^cannot parse \/proc\/stat line 1: bad ctxt value/,
    });
    await assert.rejects(new StatCollector().collect({ ...tree.ctx, procRoot: `${tree.root}/nope` }), {
      code: 'collector_read_failed',
    });
  });

  it('agrees with /proc/stat on this machine', { skip: SKIP_OFF_LINUX }, async () => {
    const families = await new StatCollector().collect(HOST_CONTEXT);
    const btime = Number(/^btime (\d+)$/m.exec(await readFile('/proc/stat', 'utf8'))?.[1]);
    assert.equal(valueOf(families, 'node_boot_time_seconds'), btime);
    assert.ok(valueOf(families, 'node_forks_total')! > 0);
    assert.ok(valueOf(families, 'node_procs_running')! >= 1, 'the test itself is running');
  });
});
