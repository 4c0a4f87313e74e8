import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { FilefdCollector } from './filefd.js';
import { FixtureTree } from './fixture-tree.js';
import { HOST_CONTEXT, SKIP_OFF_LINUX, fixtureContext, type FixtureTreeName } from './testdata.js';

describe('filefd collector', async () => {
  const fixtures: Array<[FixtureTreeName, number, number]> = [
    ['x86', 17824, 2 ** 63],
    ['rpi', 1696, 359672],
  ];
  for (const [tree, allocated, maximum] of fixtures) {
    it(`reads the ${tree} fixture`, async () => {
      assert.deepEqual(await new FilefdCollector().collect(fixtureContext(tree)), [
        {
          name: 'node_filefd_allocated',
          help: 'File descriptor statistics: allocated.',
          type: 'gauge',
          metrics: [{ labels: {}, value: allocated }],
        },
        {
          name: 'node_filefd_maximum',
          help: 'File descriptor statistics: maximum.',
          type: 'gauge',
          metrics: [{ labels: {}, value: maximum }],
        },
      ]);
    });
  }

  const tree = await FixtureTree.create({ 'proc/sys/fs/file-nr': '1 0\n' });
  after(() => tree.remove());

  it('fails on a malformed or missing file-nr', async () => {
    await assert.rejects(new FilefdCollector().collect(tree.ctx), {
      code: 'invalid_input',
      message: /^cannot parse \/proc\/sys\/fs\/file-nr line 1: expected 3 tab-separated values/,
    });
    await assert.rejects(new FilefdCollector().collect({ ...tree.ctx, procRoot: `${tree.root}/nope` }), {
      message: /^cannot read .*\/nope\/sys\/fs\/file-nr: ENOENT/,
    });
  });

  it(
    'reads this machine: some handles allocated, fewer than the maximum',
    { skip: SKIP_OFF_LINUX },
    async () => {
      const [allocated, maximum] = (await new FilefdCollector().collect(HOST_CONTEXT)).map(
        (f) => f.metrics[0]!.value,
      );
      assert.ok(allocated !== undefined && maximum !== undefined && allocated > 0 && allocated < maximum);
    },
  );
});
