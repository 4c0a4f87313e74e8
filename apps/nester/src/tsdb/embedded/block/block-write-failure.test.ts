import assert from 'node:assert/strict';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { labelsFromRecord } from '@seahawks/model';
import { inputOf, series, tempDir } from './block-fixture.js';
import type { BlockSeriesInput } from './types.js';
import type { BlockGroups } from './write.js';
import { writeBlock } from './write.js';

const T0 = 1_700_000_000_000;

function good(i: number): BlockSeriesInput {
  return inputOf(series({ __name__: 'm', i: String(i) }, T0, 15_000, 300, (k) => k * i));
}

describe('a block write that fails', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  const cases: { name: string; code: string; groups: () => BlockGroups }[] = [
    {
      name: 'overlapping chunks',
      code: 'invalid_block_input',
      groups: () => {
        const s = good(1);
        return [[good(0)], [{ labels: s.labels, chunks: [s.chunks[1]!, s.chunks[0]!] }]];
      },
    },
    {
      name: 'a label set given twice',
      code: 'invalid_block_input',
      groups: () => [[good(0), good(1)], [good(1)]],
    },
    {
      name: 'labels out of order',
      code: 'invalid_block_input',
      groups: () => [
        [{ labels: [...labelsFromRecord({ a: '1', b: '2' })].reverse(), chunks: good(0).chunks }],
      ],
    },
    {
      name: 'chunk bytes that do not decode',
      code: 'invalid_block_input',
      groups: () => {
        const c = good(2).chunks[0]!;
        const bytes = c.bytes.slice();
        bytes.fill(0xff, 2);
        return [[good(0)], [{ labels: good(2).labels, chunks: [{ ...c, bytes }] }]];
      },
    },
    {
      name: 'a sample count that disagrees with the chunk',
      code: 'invalid_block_input',
      groups: () => [[{ labels: good(0).labels, chunks: [{ ...good(0).chunks[0]!, count: 7 }] }]],
    },
    {
      name: 'groups that throw midway',
      code: 'test_failure',
      groups: () =>
        (async function* () {
          yield [good(0)];
          await Promise.resolve();
          yield [good(1)];
          throw Object.assign(new Error('source failed'), { code: 'test_failure' });
        })(),
    },
  ];
  for (const c of cases) {
    it(`rejects ${c.name} and leaves no file`, async () => {
      await assert.rejects(writeBlock(dir, { id: 9, requiresCheckpoint: 0 }, c.groups()), { code: c.code });
      assert.deepEqual(await readdir(dir), []);
    });
  }

  it('reports a missing directory as an I/O error', async () => {
    await assert.rejects(writeBlock(join(dir, 'missing'), { id: 9, requiresCheckpoint: 0 }, [[good(0)]]), {
      code: 'storage_io',
    });
  });

  it('reports a failed rename as an I/O error and deletes the temporary file', async () => {
    await mkdir(join(dir, '00000009.block'));
    await writeFile9(dir);
    assert.deepEqual(await readdir(dir), ['00000009.block']);
  });

  it('refuses ids that do not fit 8 digits', async () => {
    await assert.rejects(writeBlock(dir, { id: 100_000_000, requiresCheckpoint: 0 }, [[good(0)]]), {
      code: 'invalid_block_input',
    });
    assert.deepEqual(await readdir(dir), []);
  });
});

async function writeFile9(dir: string): Promise<void> {
  // A directory in the way of the rename (it holds a file, so not even an empty-directory swap).
  await mkdir(join(dir, '00000009.block', 'x'));
  await assert.rejects(writeBlock(dir, { id: 9, requiresCheckpoint: 0 }, [[good(0)]]), {
    code: 'storage_io',
  });
}
