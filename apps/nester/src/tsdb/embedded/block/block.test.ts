import assert from 'node:assert/strict';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compileMatcher, labelsToRecord, matchesAll, STALE_NAN_BITS } from '@seahawks/model';
import type { Matcher } from '@seahawks/model';
import { expected, inputOf, pairs, series, setBits, tempDir } from './block-fixture.js';
import type { SeriesData } from './block-fixture.js';
import type { BlockFile } from './block-file.js';
import { openBlock } from './reader.js';
import { writeBlock } from './write.js';

const T0 = 1_700_000_000_000;

/** 300 series over 2 h of 15 s scrapes, with awkward values and a few odd shapes. */
function dataset(): SeriesData[] {
  const out: SeriesData[] = [];
  for (let i = 0; i < 300; i++) {
    const labels = {
      __name__: i % 3 === 0 ? 'node_cpu_seconds_total' : 'node_load1',
      instance: `host-${i % 10}:9100`,
      job: 'node',
      i: String(i),
    };
    out.push(
      series(labels, T0 + (i % 7) * 1000, 15_000, 480, (k) => (i % 2 === 0 ? k * 0.25 : Math.sin(k + i))),
    );
  }
  const special = series(
    { __name__: 'special', job: 'x' },
    T0,
    15_000,
    6,
    (k) => [1, Infinity, -Infinity, 0, -0, 5][k]!,
  );
  setBits(special, 3, STALE_NAN_BITS);
  out.push(special);
  out.push(series({ __name__: 'single', job: 'x' }, T0 + 5, 1, 1, () => 42));
  out.push(series({ __name__: 'huge', job: 'x', big: 'v'.repeat(65_536) }, T0, 60_000, 120, (k) => k));
  return out;
}

describe('block round trip', () => {
  let dir: string;
  let data: SeriesData[];
  let block: BlockFile;
  before(async () => {
    dir = await tempDir();
    data = dataset();
    // Groups of 100, in reverse order: the writer takes series in any order.
    const inputs = data.map(inputOf).reverse();
    const groups = [];
    for (let i = 0; i < inputs.length; i += 100) groups.push(inputs.slice(i, i + 100));
    const written = await writeBlock(dir, { id: 7, requiresCheckpoint: 3, replaces: [1, 2] }, groups);
    assert.equal(written.meta.series, data.length);
    assert.equal(written.fallbackChunks, 0);
    assert.equal(
      written.meta.samples,
      data.reduce((n, d) => n + d.ts.length, 0),
    );
    block = openBlock(written.path);
    assert.deepEqual(block.meta, written.meta);
    assert.equal(block.sizeBytes, written.bytes);
  });
  after(async () => {
    block.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('leaves one file named by its id', async () => {
    assert.deepEqual(await readdir(dir), ['00000007.block']);
    assert.equal(block.meta.requiresCheckpoint, 3);
    assert.deepEqual(block.meta.replaces, [1, 2]);
  });

  it('returns every series bit for bit, whole and in ranges that cut chunks', () => {
    for (const d of data) {
      const [ref] = block.select([
        compileMatcher({ type: '=', name: 'i', value: d.labels.i ?? '' }),
        ...eq(d),
      ]);
      assert.ok(ref !== undefined, JSON.stringify(d.labels).slice(0, 80));
      assert.deepEqual(labelsToRecord(block.labels(ref)), d.labels);
      assert.equal(block.labels(ref), block.labels(ref));
      const last = d.ts[d.ts.length - 1]!;
      for (const [lo, hi] of [
        [-Infinity, Infinity],
        [d.ts[0]!, last],
        [d.ts[0]! + 1, last - 1],
        [T0 + 17 * 60_000 + 3, T0 + 61 * 60_000],
        [last + 1, Infinity],
        [-Infinity, d.ts[0]! - 1],
      ] as const) {
        assert.deepEqual(pairs(block.range(ref, lo, hi)), expected(d, lo, hi));
        assert.equal(block.hasSampleIn(ref, lo, hi), expected(d, lo, hi).length > 0);
      }
    }
  });

  it('answers hasSampleIn inside one chunk by decoding it', () => {
    const [ref] = block.select([compileMatcher({ type: '=', name: '__name__', value: 'huge' })]);
    // Samples every minute: a range between two of them holds none, one around a minute holds one.
    assert.equal(block.hasSampleIn(ref!, T0 + 60_001, T0 + 119_999), false);
    assert.equal(block.hasSampleIn(ref!, T0 + 119_999, T0 + 120_000), true);
  });

  it('selects with every matcher type', () => {
    const count = (ms: Matcher[]): number => block.select(ms.map(compileMatcher)).length;
    assert.equal(count([{ type: '=', name: '__name__', value: 'node_cpu_seconds_total' }]), 100);
    assert.equal(
      count([
        { type: '=', name: 'job', value: 'node' },
        { type: '!=', name: 'instance', value: 'host-1:9100' },
      ]),
      270,
    );
    assert.equal(count([{ type: '=~', name: 'instance', value: 'host-[12]:9100' }]), 60);
    assert.equal(
      count([
        { type: '=', name: 'job', value: 'node' },
        { type: '!~', name: 'instance', value: 'host-[0-8]:9100' },
      ]),
      30,
    );
    assert.equal(
      count([
        { type: '=~', name: '__name__', value: 'node_.*' },
        { type: '=', name: 'i', value: '3' },
      ]),
      1,
    );
    // A matcher that matches '' filters: series without `big` pass `big!="x"`.
    assert.equal(
      count([
        { type: '=', name: 'job', value: 'x' },
        { type: '!=', name: 'big', value: 'x' },
      ]),
      3,
    );
    assert.equal(
      count([
        { type: '=', name: 'job', value: 'x' },
        { type: '=~', name: 'big', value: 'v+' },
      ]),
      1,
    );
    assert.equal(count([{ type: '=', name: 'job', value: 'nope' }]), 0);
    assert.equal(count([{ type: '=', name: 'nolabel', value: 'x' }]), 0);
    assert.equal(
      count([
        { type: '=', name: 'job', value: 'node' },
        { type: '=', name: 'job', value: 'x' },
      ]),
      0,
    );
    const refs = block.select([compileMatcher({ type: '=~', name: 'job', value: '.+' })]);
    assert.deepEqual(
      refs,
      [...refs].sort((a, b) => a - b),
    );
  });

  it('selects what a scan of every label set selects', () => {
    const all = [...Array(block.seriesCount).keys()];
    const cases: Matcher[][] = [
      [
        { type: '=~', name: 'instance', value: 'host-[3-5]:9100' },
        { type: '!=', name: '__name__', value: 'node_load1' },
      ],
      [
        { type: '!~', name: 'i', value: '1.*' },
        { type: '=', name: 'job', value: 'node' },
      ],
      [
        { type: '=~', name: 'job', value: 'x|node' },
        { type: '!~', name: 'big', value: '' },
      ],
      [
        { type: '=~', name: '__name__', value: '.+' },
        { type: '=~', name: 'i', value: '' },
      ],
      [
        { type: '!=', name: 'job', value: '' },
        { type: '=~', name: 'i', value: '2[0-9]' },
      ],
    ];
    for (const ms of cases) {
      const compiled = ms.map(compileMatcher);
      const scan = all.filter((ref) => matchesAll(compiled, block.labels(ref)));
      assert.deepEqual(block.select(compiled), scan, JSON.stringify(ms));
    }
  });

  it('lists postings of a label', () => {
    const jobs = new Map([...block.postingsOf('job')].map(([v, refs]) => [v, refs.length]));
    assert.deepEqual(
      jobs,
      new Map([
        ['node', 300],
        ['x', 3],
      ]),
    );
    assert.deepEqual([...block.postingsOf('missing')], []);
  });

  it('shares label arrays through intern and fails once closed', () => {
    const seen = new Map<string, readonly unknown[]>();
    const b = openBlock(block.path, {
      intern: (l) => {
        const key = JSON.stringify(l);
        const known = seen.get(key);
        if (known !== undefined) return known as typeof l;
        seen.set(key, l);
        return l;
      },
    });
    assert.equal(seen.size, data.length);
    assert.ok([...seen.values()].includes(b.labels(0)));
    b.close();
    b.close();
    assert.throws(() => b.range(0, -Infinity, Infinity), { code: 'storage_closed' });
  });
});

describe('block writer edge cases', () => {
  it('writes a block without series, which opens empty', async () => {
    const dir = await tempDir();
    try {
      const written = await writeBlock(dir, { id: 1, requiresCheckpoint: 0 }, []);
      assert.equal(written.meta.series, 0);
      const b = openBlock(join(dir, '00000001.block'));
      assert.equal(b.seriesCount, 0);
      assert.deepEqual(b.select([compileMatcher({ type: '=', name: 'a', value: 'b' })]), []);
      b.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

function eq(d: SeriesData): ReturnType<typeof compileMatcher>[] {
  return d.labels.__name__ === undefined
    ? []
    : [compileMatcher({ type: '=', name: '__name__', value: d.labels.__name__ })];
}
