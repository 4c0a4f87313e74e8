import assert from 'node:assert/strict';
import { hostname, machine, release, version } from 'node:os';
import { after, describe, it } from 'node:test';
import { FixtureTree } from './fixture-tree.js';
import { HOST_CONTEXT, SKIP_OFF_LINUX, fixtureContext } from './testdata.js';
import { UnameCollector } from './uname.js';

const HELP = 'Labeled system information as provided by the uname system call.';

describe('uname collector', () => {
  const cases = [
    {
      tree: 'x86' as const,
      labels: {
        sysname: 'Linux',
        release: '6.8.0-49-generic',
        version: '#49-Ubuntu SMP PREEMPT_DYNAMIC Mon Nov  4 02:06:24 UTC 2024',
        machine: 'x86_64',
        nodename: 'workstation',
        domainname: '(none)',
      },
    },
    {
      tree: 'rpi' as const,
      labels: {
        sysname: 'Linux',
        release: '6.6.51+rpt-rpi-v8',
        version: '#1 SMP PREEMPT Debian 1:6.6.51-1+rpt3 (2024-10-08)',
        machine: 'aarch64',
        nodename: 'raspberrypi',
        domainname: '(none)',
      },
    },
  ];
  for (const c of cases) {
    it(`reads the ${c.tree} fixture's /proc/sys/kernel`, async () => {
      assert.deepEqual(await new UnameCollector().collect(fixtureContext(c.tree)), [
        { name: 'node_uname_info', help: HELP, type: 'gauge', metrics: [{ labels: c.labels, value: 1 }] },
      ]);
    });
  }

  describe('without some files', async () => {
    // A kernel before kernel.arch existed.
    const tree = await FixtureTree.create({
      'proc/sys/kernel/ostype': 'Linux\n',
      'proc/sys/kernel/hostname': 'pod-7f9c\n',
    });
    after(() => tree.remove());

    it('asks uname(2) through node:os for each missing one', async () => {
      const [family] = await new UnameCollector().collect(tree.ctx);
      assert.deepEqual(family!.metrics[0]!.labels, {
        sysname: 'Linux',
        release: release(),
        version: version(),
        machine: machine(),
        nodename: 'pod-7f9c',
        domainname: '(none)',
      });
    });
  });

  describe('on this machine', { skip: SKIP_OFF_LINUX }, () => {
    it('agrees with uname(2)', async () => {
      const [family] = await new UnameCollector().collect(HOST_CONTEXT);
      const labels = family!.metrics[0]!.labels;
      assert.equal(labels.sysname, 'Linux');
      assert.equal(labels.release, release());
      assert.equal(labels.version, version());
      assert.equal(labels.machine, machine());
      assert.equal(labels.nodename, hostname());
    });
  });
});
