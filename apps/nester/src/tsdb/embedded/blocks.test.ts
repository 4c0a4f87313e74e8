import assert from 'node:assert/strict';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { formatLabels, labelsFromRecord, STALE_NAN } from '@seahawks/model';
import type { Sample } from '@seahawks/model';
import type { SeriesSamples } from '../../storage/storage.js';
import { memoryLogger } from './conformance-fixture.js';
import type { EmbeddedStorage } from './embedded-storage.js';
import { openBlock } from './block/reader.js';
import type { BlockMeta } from './block/types.js';
import { openEmbeddedStorage } from './open-embedded.js';
import type { EmbeddedOptions } from './options.js';

const HOUR = 3_600_000;
const STEP = 15_000;
/** A multiple of 2 h, so the block boundaries below are easy to state. */
const T0 = Math.floor(1_700_000_000_000 / (2 * HOUR)) * 2 * HOUR;
const SERIES = 20;

/** The value of series `i` at step `k`: counters, a gauge with decimals, stale markers now and then. */
function valueAt(i: number, k: number): number {
  if (i === 3 && k % 97 === 0) return STALE_NAN;
  return i % 2 === 0 ? k * (i + 1) : Math.round(Math.sin(k / 10) * 1000) / 100;
}

function labelsOf(i: number) {
  return labelsFromRecord({ __name__: 'm', i: String(i), job: 'node' });
}

/** Steps `[from, to)` of every series, one batch per step. */
async function write(s: EmbeddedStorage, from: number, to: number): Promise<void> {
  for (let k = from; k < to; k++) {
    const batch: SeriesSamples[] = [];
    for (let i = 0; i < SERIES; i++)
      batch.push({ labels: labelsOf(i), samples: [{ t: T0 + k * STEP, v: valueAt(i, k) }] });
    const r = await s.appender.append(batch);
    assert.equal(r.accepted, SERIES, r.firstError);
  }
}

/** Everything the store answers, by series, as `t=bits` strings (bit-exact, staleness marker included). */
async function dump(s: EmbeddedStorage, minT = -Infinity, maxT = Infinity): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const f = new Float64Array(1);
  const u = new BigUint64Array(f.buffer);
  for await (const series of s.querier.select([{ name: '__name__', type: '=', value: 'm' }], {
    minT,
    maxT,
  })) {
    out.set(
      formatLabels(series.labels),
      series.samples.map((x: Sample) => {
        f[0] = x.v;
        return `${x.t}=${u[0]!.toString(16)}`;
      }),
    );
  }
  return out;
}

/** What `dump` must answer after writing steps `[0, steps)`, minus `skip`. */
function expected(
  steps: number,
  skip: (i: number, t: number) => boolean = () => false,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const f = new Float64Array(1);
  const u = new BigUint64Array(f.buffer);
  for (let i = 0; i < SERIES; i++) {
    const rows: string[] = [];
    for (let k = 0; k < steps; k++) {
      const t = T0 + k * STEP;
      if (skip(i, t)) continue;
      f[0] = valueAt(i, k);
      rows.push(`${t}=${u[0]!.toString(16)}`);
    }
    if (rows.length > 0) out.set(formatLabels(labelsOf(i)), rows);
  }
  return out;
}

/**
 * The first whole UTC day after T0 (a merge window with a retention of 60 days): its start, the
 * step at its start and the step 28 h later (the day plus enough after it to be cut past).
 */
function firstWholeDay(): { day: number; dayStart: number; first: number; last: number } {
  const day = 24 * HOUR;
  const dayStart = Math.ceil(T0 / day) * day;
  const first = (dayStart - T0) / STEP;
  return { day, dayStart, first, last: first + (28 * HOUR) / STEP };
}

/** Steps up to T0 + 7 h inclusive: the newest sample is at T0 + 7 h, so the cut is T0 + 6 h. */
const SEVEN_HOURS = (7 * HOUR) / STEP + 1;

/** Meta of every block file under the store's directory. */
async function blockMetas(s: EmbeddedStorage): Promise<BlockMeta[]> {
  void s;
  const dirs = (await readdir(join(dirOf.current, 'blocks'))).filter((n) => n.endsWith('.block'));
  return dirs.map((n) => {
    const b = openBlock(join(dirOf.current, 'blocks', n));
    const meta = b.meta;
    b.close();
    return meta;
  });
}

const dirOf = { current: '' };

describe('embedded engine: time blocks', () => {
  let dir = '';
  let now = T0 + 7 * HOUR;
  const logger = memoryLogger();
  const opts = (extra: Partial<EmbeddedOptions> = {}): EmbeddedOptions => ({
    dir,
    clock: () => now,
    logger,
    ...extra,
  });
  const blockFiles = async (d = dir): Promise<string[]> =>
    (await readdir(join(d, 'blocks'))).filter((n) => n.endsWith('.block')).sort();

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seahawks-blocks-'));
    dirOf.current = dir;
    now = T0 + 7 * HOUR;
    logger.warnings.length = 0;
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('cuts the head into a block an hour behind the newest sample and answers across both', async () => {
    let s = await openEmbeddedStorage(opts());
    await write(s, 0, SEVEN_HOURS);
    const inHead = s.stats().samplesInHead;
    await s.compact();
    assert.deepEqual(await blockFiles(), ['00000001.block']);
    const stats = s.stats();
    assert.equal(stats.blocks, 1);
    // Samples before T0 + 6 h left the head; the last hour stayed.
    assert.equal(stats.samplesInHead, inHead - SERIES * ((6 * HOUR) / STEP));
    assert.deepEqual(await dump(s), expected(SEVEN_HOURS));
    // A range inside the block, and one straddling block and head.
    const inBlock = await dump(s, T0 + HOUR, T0 + 2 * HOUR);
    assert.equal(inBlock.get(formatLabels(labelsOf(0)))!.length, HOUR / STEP + 1);
    const across = await dump(s, T0 + 5 * HOUR, T0 + 6.5 * HOUR);
    assert.equal(across.get(formatLabels(labelsOf(0)))!.length, (1.5 * HOUR) / STEP + 1);
    assert.deepEqual(
      await s.querier.labelValues('i', [], { minT: T0, maxT: T0 + HOUR }),
      Array.from({ length: SERIES }, (_, i) => String(i)).sort(),
    );
    await s.close();
    s = await openEmbeddedStorage(opts());
    assert.equal(s.stats().blocks, 1);
    assert.equal(s.stats().samplesInHead, inHead - SERIES * ((6 * HOUR) / STEP));
    assert.deepEqual(await dump(s), expected(SEVEN_HOURS));
    await s.close();
  });

  it('deletes a block whose checkpoint never landed and replays its samples from the WAL instead', async () => {
    let s = await openEmbeddedStorage(opts());
    await write(s, 0, SEVEN_HOURS);
    await s.close();
    // `before` is the directory as a crash right after the block's rename would leave it.
    const before = `${dir}-before`;
    await cp(dir, before, { recursive: true });
    try {
      s = await openEmbeddedStorage(opts());
      await s.compact();
      await s.close();
      await cp(join(dir, 'blocks', '00000001.block'), join(before, 'blocks', '00000001.block'));
      s = await openEmbeddedStorage(opts({ dir: before }));
      assert.deepEqual(await blockFiles(before), []);
      assert.equal(s.stats().blocks, 0);
      assert.deepEqual(await dump(s), expected(SEVEN_HOURS));
      await s.close();
    } finally {
      await rm(before, { recursive: true, force: true });
    }
  });

  it('takes late samples below the cut into the head and answers each timestamp once', async () => {
    let s = await openEmbeddedStorage(opts());
    await write(s, 0, SEVEN_HOURS);
    await s.compact();
    const late = T0 + HOUR + 7_000;
    // A new timestamp inside the block's range, and an identical repeat of a sample the block holds.
    await s.appender.append([{ labels: labelsOf(1), samples: [{ t: late, v: 42 }] }]);
    const repeat = await s.appender.append([
      { labels: labelsOf(2), samples: [{ t: T0 + HOUR, v: valueAt(2, HOUR / STEP) }] },
    ]);
    assert.equal(repeat.accepted, 1);
    const withLate = expected(SEVEN_HOURS);
    const rows = withLate.get(formatLabels(labelsOf(1)))!;
    rows.push(`${late}=${new BigUint64Array(new Float64Array([42]).buffer)[0]!.toString(16)}`);
    rows.sort((a, b) => Number(a.split('=')[0]) - Number(b.split('=')[0]));
    assert.deepEqual(await dump(s), withLate);
    await s.compact({ all: true });
    assert.deepEqual(await blockFiles(), ['00000001.block', '00000002.block']);
    assert.deepEqual(await dump(s), withLate);
    await s.close();
    s = await openEmbeddedStorage(opts());
    assert.deepEqual(await dump(s), withLate);
    await s.close();
  });

  it('deletes by matcher in blocks and in the head, durably, and takes new samples after', async () => {
    let s = await openEmbeddedStorage(opts());
    await write(s, 0, SEVEN_HOURS);
    await s.compact();
    const from = T0 + HOUR;
    const to = T0 + 6.5 * HOUR;
    const result = await s.deleteSeries([{ name: 'i', type: '=~', value: '1|2' }], { minT: from, maxT: to });
    assert.equal(result.samples, 2 * ((to - from) / STEP + 1));
    assert.equal(result.series, 0);
    const skip = (i: number, t: number): boolean => (i === 1 || i === 2) && t >= from && t <= to;
    assert.deepEqual(await dump(s), expected(SEVEN_HOURS, skip));
    await s.close();
    s = await openEmbeddedStorage(opts());
    assert.deepEqual(await dump(s), expected(SEVEN_HOURS, skip));
    // A sample at a deleted timestamp of the head is new again.
    const back = await s.appender.append([{ labels: labelsOf(1), samples: [{ t: T0 + 6.25 * HOUR, v: 7 }] }]);
    assert.equal(back.accepted, 1, back.firstError);
    const whole = await s.deleteSeries([{ name: 'i', type: '=', value: '5' }], {
      minT: -Infinity,
      maxT: Infinity,
    });
    assert.equal(whole.series, 1);
    assert.deepEqual(
      await s.querier.series([{ name: 'i', type: '=', value: '5' }], { minT: -Infinity, maxT: Infinity }),
      [],
    );
    await s.close();
    s = await openEmbeddedStorage(opts());
    assert.deepEqual(
      await s.querier.series([{ name: 'i', type: '=', value: '5' }], { minT: -Infinity, maxT: Infinity }),
      [],
    );
    assert.equal(
      (await dump(s, T0 + 6.25 * HOUR, T0 + 6.25 * HOUR)).get(formatLabels(labelsOf(1)))?.length,
      1,
    );
    await s.close();
  });

  it('merges the 2 h blocks of a day into one once the day is behind the cut', async () => {
    const { day, dayStart, first, last } = firstWholeDay();
    now = T0 + 30 * day;
    let s = await openEmbeddedStorage(opts({ retentionMs: 60 * day }));
    await write(s, 0, first);
    for (let k = first; k < last; k += (2 * HOUR) / STEP) {
      await write(s, k, k + (2 * HOUR) / STEP);
      await s.compact();
    }
    await write(s, last, last + 1);
    await s.compact();
    const metas = await blockMetas(s);
    const whole = metas.filter((m) => m.minT >= dayStart && m.maxT < dayStart + day);
    assert.equal(whole.length, 1, JSON.stringify(metas));
    assert.equal(whole[0]!.minT, dayStart);
    assert.equal(whole[0]!.maxT, dayStart + day - STEP);
    assert.ok(s.stats().blockMerges >= 1);
    assert.deepEqual(await dump(s), expected(last + 1));
    await s.close();
    s = await openEmbeddedStorage(opts({ retentionMs: 60 * day }));
    assert.deepEqual(await dump(s), expected(last + 1));
    await s.close();
  });

  it('rewrites blocks without their deleted samples, and merges blocks that have some', async () => {
    const { day, dayStart, first, last } = firstWholeDay();
    now = T0 + 30 * day;
    const tombstones = async () =>
      (await readdir(join(dirOf.current, 'blocks'))).filter((n) => n.endsWith('.tombstones'));
    let s = await openEmbeddedStorage(opts({ retentionMs: 60 * day }));
    await write(s, 0, first);
    // Deleted inside the day's first two blocks, before they are merged (series 3 holds stale
    // markers): the merge must carry the deletion over.
    const from = dayStart + HOUR;
    const to = dayStart + 3 * HOUR;
    const skip = (i: number, t: number): boolean => (i === 3 || i === 4) && t >= from && t <= to;
    for (let k = first; k < last; k += (2 * HOUR) / STEP) {
      await write(s, k, k + (2 * HOUR) / STEP);
      await s.compact();
      if (k === first + (4 * HOUR) / STEP) {
        const inDay = (await blockMetas(s)).filter((m) => m.minT >= dayStart);
        assert.equal(inDay.length, 2, "the day's first two blocks are cut");
        await s.deleteSeries([{ name: 'i', type: '=~', value: '3|4' }], { minT: from, maxT: to });
        assert.equal((await tombstones()).length, 2);
      }
    }
    await write(s, last, last + 1);
    await s.compact();
    const whole = (await blockMetas(s)).filter((m) => m.minT >= dayStart && m.maxT < dayStart + day);
    assert.equal(whole.length, 1, 'the day merged, deleted ranges and all');
    assert.deepEqual(await dump(s), expected(last + 1, skip));
    // What is left with deletions (the block before the day) is rewritten without them.
    await s.deleteSeries([{ name: 'i', type: '=', value: '7' }], { minT: -Infinity, maxT: dayStart - HOUR });
    const skip7 = (i: number, t: number): boolean => skip(i, t) || (i === 7 && t <= dayStart - HOUR);
    assert.deepEqual(await dump(s), expected(last + 1, skip7));
    const before = s.stats().blockMerges;
    await s.cleanTombstones();
    assert.deepEqual(await tombstones(), []);
    assert.ok(s.stats().blockMerges > before);
    assert.deepEqual(await dump(s), expected(last + 1, skip7));
    await s.close();
    s = await openEmbeddedStorage(opts({ retentionMs: 60 * day }));
    assert.deepEqual(await tombstones(), []);
    assert.deepEqual(await dump(s), expected(last + 1, skip7));
    await s.close();
  });

  it('drops whole blocks by age, and the oldest blocks first by size', async () => {
    let s = await openEmbeddedStorage(opts());
    await write(s, 0, SEVEN_HOURS);
    await s.compact();
    now = T0 + 9 * HOUR;
    await write(s, SEVEN_HOURS, (9 * HOUR) / STEP + 1);
    await s.compact();
    assert.deepEqual(await blockFiles(), ['00000001.block', '00000002.block']);
    await s.close();
    // Retention 2.5 h at T0 + 9 h: block 1 (before T0 + 6 h) is wholly older, block 2 (before T0 + 8 h) is not.
    s = await openEmbeddedStorage(opts({ retentionMs: 2.5 * HOUR }));
    assert.deepEqual(await blockFiles(), ['00000002.block']);
    assert.equal((await dump(s, -Infinity, T0 + 6 * HOUR - 1)).size, 0);
    await s.close();
    // By size: a limit below what is stored drops the oldest block but never the newest. (A
    // retention of 20 h keeps blocks at 2 h: no merging.)
    s = await openEmbeddedStorage(opts({ retentionMs: 20 * HOUR }));
    await s.compact({ all: true });
    assert.equal((await blockFiles()).length, 2);
    await s.close();
    s = await openEmbeddedStorage(opts({ retentionMs: 20 * HOUR, retentionBytes: 1 }));
    assert.equal((await blockFiles()).length, 1);
    await s.close();
  });
});
