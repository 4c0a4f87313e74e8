import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FixtureTree } from './fixture-tree.js';
import { compileGoPattern, expandDirectoryGlob } from './path-glob.js';

describe('compileGoPattern', () => {
  const cases: Array<{ pattern: string; yes: string[]; no: string[] }> = [
    { pattern: '*.prom', yes: ['a.prom', '.hidden.prom', '.prom'], no: ['a.prom.tmp', 'a/b.prom'] },
    { pattern: 'node?', yes: ['node1', 'nodeé'], no: ['node', 'node12'] },
    { pattern: '[a-c]x', yes: ['ax', 'cx'], no: ['dx', 'x'] },
    { pattern: '[^a-c]x', yes: ['dx'], no: ['ax', '/x'] },
    { pattern: '[\\]]', yes: [']'], no: ['\\'] },
    { pattern: '\\*', yes: ['*'], no: ['a'] },
    { pattern: 'a.b+c(d)', yes: ['a.b+c(d)'], no: ['aXb+c(d)'] },
    { pattern: '[-a]', yes: [], no: [] },
  ];
  for (const c of cases) {
    it(c.pattern, () => {
      const re = compileGoPattern(c.pattern);
      if (c.yes.length === 0 && c.no.length === 0) {
        assert.equal(re, undefined);
        return;
      }
      for (const s of c.yes) assert.ok(re!.test(s), `${c.pattern} matches ${s}`);
      for (const s of c.no) assert.ok(!re!.test(s), `${c.pattern} does not match ${s}`);
    });
  }

  for (const bad of ['[', '[]', '[a-]', 'x\\', '[a']) {
    it(`refuses ${JSON.stringify(bad)} as Go's ErrBadPattern`, () =>
      assert.equal(compileGoPattern(bad), undefined));
  }
});

describe('expandDirectoryGlob', async () => {
  const tree = await FixtureTree.create({
    'srv/app1/textfile/a.prom': '',
    'srv/app2/textfile/b.prom': '',
    'srv/app3/other/c.prom': '',
    'srv/file': '',
  });
  after(() => tree.remove());
  const root = tree.root;

  it('expands a pattern to the sorted matching directories', async () => {
    assert.deepEqual(await expandDirectoryGlob(join(root, 'srv/*/textfile')), [
      join(root, 'srv/app1/textfile'),
      join(root, 'srv/app2/textfile'),
    ]);
  });

  it('keeps a plain path, a pattern matching nothing and a bad pattern as they are', async () => {
    for (const p of [join(root, 'srv/app1'), join(root, 'nothing/*'), join(root, 'srv/[')]) {
      assert.deepEqual(await expandDirectoryGlob(p), [p]);
    }
  });
});
