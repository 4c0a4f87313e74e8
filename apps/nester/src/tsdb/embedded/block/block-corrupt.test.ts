import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compileMatcher } from '@seahawks/model';
import { inputOf, series, tempDir } from './block-fixture.js';
import { CorruptBlockError } from './errors.js';
import { FOOTER_BYTES, HEADER_BYTES } from './format.js';
import { openBlock } from './reader.js';
import { writeBlock } from './write.js';

const T0 = 1_700_000_000_000;

/** Opens `bytes` as block 3 and returns the error, or undefined when it opened. */
async function openError(dir: string, bytes: Uint8Array): Promise<unknown> {
  const path = join(dir, '00000003.block');
  await writeFile(path, bytes);
  try {
    openBlock(path).close();
    return undefined;
  } catch (err) {
    return err;
  }
}

function isCorrupt(err: unknown, path: string): boolean {
  return err instanceof CorruptBlockError && err.code === 'corrupt_block' && err.message.includes(path);
}

describe('a damaged block file', () => {
  let dir: string;
  let good: Uint8Array;
  let sections: { name: string; from: number; to: number }[];
  before(async () => {
    dir = await tempDir();
    const data = [0, 1, 2].map((i) =>
      series({ __name__: 'm', i: String(i) }, T0, 15_000, 130, (k) => (i === 0 ? k : Math.cos(k * i))),
    );
    const written = await writeBlock(join(dir), { id: 3, requiresCheckpoint: 1, replaces: [2] }, [
      data.map(inputOf),
    ]);
    good = new Uint8Array(await readFile(written.path));
    const footer = new DataView(good.buffer, good.byteOffset + good.length - FOOTER_BYTES, FOOTER_BYTES);
    const at = (i: number): number => Number(footer.getBigUint64(8 * i, true));
    sections = [
      { name: 'header', from: 0, to: HEADER_BYTES },
      { name: 'chunks', from: at(0), to: at(0) + at(1) },
      { name: 'index', from: at(2), to: at(2) + at(3) },
      { name: 'meta', from: at(4), to: at(4) + at(5) },
      { name: 'footer', from: good.length - FOOTER_BYTES, to: good.length },
    ];
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('opens intact', async () => {
    assert.equal(await openError(dir, good), undefined);
  });

  it('is refused when any byte of any section is flipped', async () => {
    for (const s of sections) {
      assert.ok(s.to > s.from, s.name);
      for (let i = s.from; i < s.to; i++) {
        const bad = good.slice();
        bad[i]! ^= 0x5a;
        const err = await openError(dir, bad);
        assert.ok(isCorrupt(err, '00000003.block'), `${s.name} byte ${i}: ${String(err)}`);
      }
    }
  });

  it('is refused when torn at any length', async () => {
    for (let n = 0; n < good.length; n++) {
      const err = await openError(dir, good.subarray(0, n));
      assert.ok(isCorrupt(err, '00000003.block'), `torn at ${n}: ${String(err)}`);
    }
    const longer = new Uint8Array(good.length + 10);
    longer.set(good);
    assert.ok(isCorrupt(await openError(dir, longer), '00000003.block'));
  });

  it('is refused when it is something else, or another block renamed', async () => {
    assert.match(
      String(await openError(dir, new TextEncoder().encode('hello, world'.repeat(20)))),
      /shorter|magic/,
    );
    assert.match(String(await openError(dir, new Uint8Array(4096))), /magic/);
    const misplaced = join(dir, '00000004.block');
    await writeFile(misplaced, good);
    assert.throws(() => openBlock(misplaced), /meta says block 3/);
  });

  it('reports a missing file as an I/O error', () => {
    assert.throws(() => openBlock(join(dir, 'nope.block')), { code: 'storage_io' });
  });

  it('reports chunk bytes damaged after open when they are read', async () => {
    const path = join(dir, '00000003.block');
    await writeFile(path, good);
    const block = openBlock(path, { verifyChunks: false });
    const chunks = sections[1]!;
    const bad = good.slice();
    for (let i = chunks.from + 1; i < chunks.to; i++) bad[i] = 0xff;
    await writeFile(path, bad);
    const [ref] = block.select([compileMatcher({ type: '=', name: 'i', value: '1' })]);
    assert.throws(
      () => block.range(ref!, -Infinity, Infinity),
      (err) => isCorrupt(err, path),
    );
    block.close();
    assert.ok(isCorrupt(await openError(dir, bad), '00000003.block'));
  });
});
