import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { ConntrackCollector } from './conntrack.js';
import { FixtureTree } from './fixture-tree.js';
import { isNoData } from './read.js';
import { HOST_CONTEXT, SKIP_OFF_LINUX, fixtureContext, type FixtureTreeName } from './testdata.js';

function values(families: Awaited<ReturnType<ConntrackCollector['collect']>>): Record<string, number> {
  return Object.fromEntries(families.map((f) => [f.name, f.metrics[0]!.value]));
}

const STAT = `entries searched found new invalid ignore delete delete_list insert insert_failed drop early_drop icmp_error expect_new expect_create expect_delete search_restart
${Array<string>(17).fill('00000001').join(' ')}
`;

describe('conntrack collector', () => {
  const fixtures: Array<[FixtureTreeName, Record<string, number>]> = [
    [
      'x86',
      {
        node_nf_conntrack_entries: 37,
        node_nf_conntrack_entries_limit: 262144,
        node_nf_conntrack_stat_found: 1577,
        node_nf_conntrack_stat_invalid: 7417,
        node_nf_conntrack_stat_ignore: 79,
        node_nf_conntrack_stat_insert: 0,
        node_nf_conntrack_stat_insert_failed: 1,
        node_nf_conntrack_stat_drop: 0,
        node_nf_conntrack_stat_early_drop: 0,
        node_nf_conntrack_stat_search_restart: 3,
      },
    ],
    [
      'rpi',
      {
        node_nf_conntrack_entries: 12,
        node_nf_conntrack_entries_limit: 65536,
        node_nf_conntrack_stat_found: 59,
        node_nf_conntrack_stat_invalid: 4018,
        node_nf_conntrack_stat_ignore: 0,
        node_nf_conntrack_stat_insert: 0,
        node_nf_conntrack_stat_insert_failed: 0,
        node_nf_conntrack_stat_drop: 0,
        node_nf_conntrack_stat_early_drop: 0,
        node_nf_conntrack_stat_search_restart: 0,
      },
    ],
  ];
  for (const [tree, want] of fixtures) {
    it(`reads the ${tree} fixture, statistics summed over CPUs`, async () => {
      const families = await new ConntrackCollector().collect(fixtureContext(tree));
      assert.deepEqual(values(families), want);
      assert.ok(
        families.every((f) => f.type === 'gauge'),
        'node_exporter exposes even the stat_* as gauges',
      );
    });
  }

  it("uses node_exporter's HELP texts", async () => {
    const families = await new ConntrackCollector().collect(fixtureContext('rpi'));
    const help = Object.fromEntries(families.map((f) => [f.name, f.help]));
    assert.equal(
      help.node_nf_conntrack_entries,
      'Number of currently allocated flow entries for connection tracking.',
    );
    assert.equal(help.node_nf_conntrack_entries_limit, 'Maximum size of connection tracking table.');
    assert.equal(
      help.node_nf_conntrack_stat_early_drop,
      'Number of dropped conntrack entries to make room for new ones, if maximum table size was reached.',
    );
  });

  const absent: Array<[string, Record<string, string>]> = [
    ['no nf_conntrack module at all', { 'proc/stat': '' }],
    [
      'no per-CPU statistics file',
      {
        'proc/sys/net/netfilter/nf_conntrack_count': '1\n',
        'proc/sys/net/netfilter/nf_conntrack_max': '65536\n',
      },
    ],
  ];
  for (const [title, files] of absent) {
    it(`reports no data (success 0, as node_exporter): ${title}`, async () => {
      const tree = await FixtureTree.create(files);
      try {
        await assert.rejects(new ConntrackCollector().collect(tree.ctx), (err: unknown) => {
          assert.ok(isNoData(err));
          assert.match(
            (err as Error).message,
            /^cannot collect conntrack statistics: the nf_conntrack module is not loaded$/,
          );
          return true;
        });
      } finally {
        await tree.remove();
      }
    });
  }

  it('fails outright on malformed files', async () => {
    const tree = await FixtureTree.create({
      'proc/sys/net/netfilter/nf_conntrack_count': 'many\n',
      'proc/sys/net/netfilter/nf_conntrack_max': '65536\n',
      'proc/net/stat/nf_conntrack': STAT,
    });
    try {
      await assert.rejects(new ConntrackCollector().collect(tree.ctx), {
        code: 'invalid_input',
        message: /nf_conntrack_count: "many" is not an unsigned integer$/,
      });
      await tree.write({ 'proc/sys/net/netfilter/nf_conntrack_count': '3\n' });
      assert.equal(values(await new ConntrackCollector().collect(tree.ctx)).node_nf_conntrack_stat_drop, 1);
      await tree.write({ 'proc/net/stat/nf_conntrack': `${STAT}zz\n` });
      await assert.rejects(new ConntrackCollector().collect(tree.ctx), {
        message: /line 3: expected 16 or 17/,
      });
    } finally {
      await tree.remove();
    }
  });

  it('agrees with /proc on this machine, or reports no data', { skip: SKIP_OFF_LINUX }, async () => {
    let families;
    try {
      families = await new ConntrackCollector().collect(HOST_CONTEXT);
    } catch (err) {
      assert.ok(isNoData(err), `only "no data" is acceptable: ${String(err)}`);
      return;
    }
    const max = Number(await readFile('/proc/sys/net/netfilter/nf_conntrack_max', 'utf8'));
    assert.equal(values(families).node_nf_conntrack_entries_limit, max);
    assert.equal(families.length, 10);
  });
});
