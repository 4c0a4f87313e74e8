import assert from 'node:assert/strict';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compileMatcher, labelsFromRecord, labelsKey, STALE_NAN_BITS } from '@seahawks/model';
import { bitsOf, inputOf, pairs, series, setBits, tempDir } from './block-fixture.js';
import type { SeriesData } from './block-fixture.js';
import type { BlockFile } from './block-file.js';
import { mergeBlocks } from './merge-blocks.js';
import { openBlock } from './reader.js';
import type { BlockReader } from './types.js';
import { writeBlock } from './write.js';

const T0 = 1_700_006_400_000; // a multiple of 2 h
const TWO_H = 7_200_000;

/** Every series of `blocks` as label key -> samples `[t, bits]`, the first block winning a timestamp. */
function union(blocks: readonly BlockReader[]): Map<string, Map<number, string>> {
  const out = new Map<string, Map<number, string>>();
  for (const b of blocks) {
    for (let ref = 0; ref < b.seriesCount; ref++) {
      const key = labelsKey(b.labels(ref));
      let samples = out.get(key);
      if (samples === undefined) out.set(key, (samples = new Map<number, string>()));
      for (const s of b.range(ref, -Infinity, Infinity)) if (!samples.has(s.t)) samples.set(s.t, bitsOf(s.v));
    }
  }
  return out;
}

function contents(b: BlockReader): Map<string, Map<number, string>> {
  const out = new Map<string, Map<number, string>>();
  for (let ref = 0; ref < b.seriesCount; ref++) {
    out.set(labelsKey(b.labels(ref)), new Map(pairs(b.range(ref, -Infinity, Infinity))));
  }
  return out;
}

function sorted(m: Map<string, Map<number, string>>): [string, [number, string][]][] {
  return [...m]
    .map(([k, v]) => [k, [...v].sort((a, b) => a[0] - b[0])] as [string, [number, string][]])
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

async function write(
  dir: string,
  id: number,
  data: SeriesData[],
  requiresCheckpoint = 0,
): Promise<BlockFile> {
  const w = await writeBlock(dir, { id, requiresCheckpoint }, [data.map(inputOf)]);
  return openBlock(w.path);
}

describe('merging blocks', () => {
  let dir: string;
  let a: BlockFile;
  let b: BlockFile;
  let c: BlockFile;
  before(async () => {
    dir = await tempDir();
    const mk = (i: number, start: number, count: number, v: (k: number) => number): SeriesData =>
      series({ __name__: 'm', i: String(i) }, start, 15_000, count, v);
    // a and b: consecutive 2 h ranges, series 0..9 in both, 10..14 only in b (disjoint in time).
    a = await write(
      dir,
      1,
      [...Array(10).keys()].map((i) => mk(i, T0, 480, (k) => k + i)),
      4,
    );
    b = await write(
      dir,
      2,
      [...Array(15).keys()].map((i) => mk(i, T0 + TWO_H, 480, (k) => 1000 + k * i)),
      5,
    );
    // c: late samples inside a's range, some on a's timestamps with other values, some between.
    const late = [...Array(5).keys()].map((i) => mk(i, T0 + 3_600_000 + 7_500, 100, (k) => -k));
    const onA = mk(7, T0 + 600_000, 50, () => 99);
    setBits(onA, 3, STALE_NAN_BITS);
    c = await write(dir, 3, [...late, onA, mk(20, T0, 10, (k) => k)], 6);
  });
  after(async () => {
    for (const x of [a, b, c]) x.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('of disjoint ranges holds the union, chunks kept as stored', async () => {
    const w = await mergeBlocks(dir, 10, [a, b]);
    const m = openBlock(w.path);
    assert.deepEqual(m.meta.replaces, [1, 2]);
    assert.equal(m.meta.requiresCheckpoint, 5);
    assert.equal(m.meta.minT, a.meta.minT);
    assert.equal(m.meta.maxT, b.meta.maxT);
    assert.equal(m.meta.samples, a.meta.samples + b.meta.samples);
    assert.equal(m.meta.chunks, a.meta.chunks + b.meta.chunks);
    assert.deepEqual(sorted(contents(m)), sorted(union([a, b])));
    m.close();
  });

  it('of overlapping ranges holds the union, the first source winning a timestamp', async () => {
    for (const [id, sources] of [
      [11, [a, c]],
      [12, [c, a]],
      [13, [a, b, c]],
    ] as const) {
      const w = await mergeBlocks(
        dir,
        id,
        sources.map((s) => s.path),
        { requiresCheckpoint: 0 },
      );
      const m = openBlock(w.path);
      assert.equal(m.meta.requiresCheckpoint, 0);
      assert.deepEqual(sorted(contents(m)), sorted(union(sources)), `block ${id}`);
      const [ref] = m.select([compileMatcher({ type: '=', name: 'i', value: '7' })]);
      const at = T0 + 600_000 + 3 * 15_000;
      const value = m.range(ref!, at, at)[0]!.v;
      assert.equal(bitsOf(value), sources[0] === c ? STALE_NAN_BITS.toString(16) : bitsOf(7 + 43));
      m.close();
    }
  });

  it('merges a block with itself into the same data', async () => {
    const w = await mergeBlocks(dir, 14, [c, c.path]);
    const m = openBlock(w.path);
    assert.deepEqual(sorted(contents(m)), sorted(contents(c)));
    m.close();
  });

  it('leaves out deleted ranges: chunks untouched as stored, cut ones re-encoded, emptied series gone', async () => {
    const ref = (block: BlockFile, i: number) =>
      block.select([compileMatcher({ type: '=', name: 'i', value: String(i) })])[0]!;
    // In c, series 7 holds a staleness marker at step 3; delete steps 0..2 and 10..49 around it.
    const onA = T0 + 600_000;
    const deletedC = new Map([[ref(c, 7), [onA, onA + 2 * 15_000, onA + 10 * 15_000, onA + 49 * 15_000]]]);
    // In a, series 8 (only in a) loses everything, series 5 one sample in the middle.
    const mid = T0 + 100 * 15_000;
    const deletedA = new Map([
      [ref(a, 8), [-Infinity, Infinity]],
      [ref(a, 5), [mid, mid]],
    ]);
    const w = await mergeBlocks(dir, 16, [c, a], { deleted: [deletedC, deletedA] });
    const m = openBlock(w.path);
    // What each source still holds, then their union with c winning a timestamp: where c's
    // samples are deleted, a's at the same timestamps show through.
    const key = (i: number) => labelsKey(labelsFromRecord({ __name__: 'm', i: String(i) }));
    const fromC = contents(c);
    for (let k = 0; k < 50; k++) if (k <= 2 || k >= 10) fromC.get(key(7))!.delete(onA + k * 15_000);
    const fromA = contents(a);
    fromA.delete(key(8));
    fromA.get(key(5))!.delete(mid);
    const want = new Map([...fromC].map(([k, v]) => [k, new Map(v)]));
    for (const [k, v] of fromA) {
      const into = want.get(k) ?? new Map<number, string>();
      for (const [t, bits] of v) if (!into.has(t)) into.set(t, bits);
      want.set(k, into);
    }
    assert.deepEqual(sorted(contents(m)), sorted(want));
    const at = onA + 3 * 15_000;
    assert.equal(bitsOf(m.range(ref(m, 7), at, at)[0]!.v), STALE_NAN_BITS.toString(16));
    assert.equal(m.meta.series, a.meta.series + 1 - 1, 'series 20 of c added, series 8 gone');
    // A series without deletions and without overlap keeps its chunks byte for byte.
    const stored = (block: BlockFile, i: number) =>
      block.storedChunks(ref(block, i)).map((x) => [...x.bytes]);
    assert.deepEqual(stored(m, 9), stored(a, 9));
    m.close();
  });

  it('fails on a corrupt source, naming it, and leaves no file', async () => {
    const bad = join(dir, '00000005.block');
    await writeFile(bad, 'not a block'.repeat(20));
    const before = await readdir(dir);
    await assert.rejects(mergeBlocks(dir, 15, [a, bad]), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'corrupt_block');
      assert.match(err.message, /00000005\.block/);
      return true;
    });
    assert.deepEqual(await readdir(dir), before);
  });

  it('refuses to write over one of its sources', async () => {
    await assert.rejects(mergeBlocks(dir, 1, [a, b]), { code: 'invalid_block_input' });
  });

  it('keeps the label set of every series once', () => {
    assert.equal(labelsKey(labelsFromRecord({ __name__: 'm', i: '1' })), labelsKey(a.labels(1)));
  });
});
