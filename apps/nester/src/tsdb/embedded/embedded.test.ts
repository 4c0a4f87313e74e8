import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { labelsFromRecord } from '@seahawks/model';
import type { SeriesSamples } from '../../storage/storage.js';
import { memoryLogger } from './conformance-fixture.js';
import type { EmbeddedStorage } from './embedded-storage.js';
import { openEmbeddedStorage } from './open-embedded.js';
import type { EmbeddedOptions } from './options.js';

const HOUR = 3_600_000;
const T0 = 1_700_000_000_000;

function batch(name: string, t: number, count = 1): SeriesSamples[] {
  return Array.from({ length: count }, (_, i) => ({
    labels: labelsFromRecord({ __name__: name, i: String(i) }),
    samples: [{ t, v: i }],
  }));
}

async function count(s: EmbeddedStorage, name: string): Promise<number> {
  let n = 0;
  const sel = s.querier.select([{ name: '__name__', type: '=', value: name }], {
    minT: -Infinity,
    maxT: Infinity,
  });
  for await (const series of sel) n += series.samples.length;
  return n;
}

describe('embedded engine', () => {
  let dir = '';
  let now = T0;
  const logger = memoryLogger();
  const opts = (extra: Partial<EmbeddedOptions> = {}): EmbeddedOptions => ({
    dir,
    clock: () => now,
    logger,
    ...extra,
  });
  const walFiles = async (): Promise<string[]> => (await readdir(join(dir, 'wal'))).sort();

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seahawks-embedded-'));
    now = T0;
    logger.warnings.length = 0;
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes a checkpoint, drops the segments it covers, and reads it back', async () => {
    let s = await openEmbeddedStorage(opts());
    await s.appender.append(batch('c', T0, 100));
    await s.checkpoint();
    assert.deepEqual(await walFiles(), ['00000002', 'checkpoint.00000001']);
    await s.appender.append(batch('c', T0 + 1000, 100));
    await s.close();
    s = await openEmbeddedStorage(opts());
    assert.equal(await count(s, 'c'), 200);
    await s.checkpoint();
    assert.deepEqual(await walFiles(), ['00000004', 'checkpoint.00000003']);
    await s.close();
    s = await openEmbeddedStorage(opts());
    assert.equal(await count(s, 'c'), 200);
    assert.equal(s.stats().series, 100);
    await s.close();
  });

  it('checkpoints on its timer once enough WAL was written', async () => {
    const s = await openEmbeddedStorage(opts({ checkpointIntervalMs: 10, checkpointMinBytes: 0 }));
    await s.appender.append(batch('t', T0, 10));
    try {
      // The checkpoint's worker thread takes a while to start when it compiles the sources.
      for (let i = 0; i < 1000 && s.stats().checkpoints === 0; i++)
        await new Promise((r) => setTimeout(r, 10));
      assert.equal(s.stats().checkpoints, 1);
    } finally {
      await s.close();
    }
  });

  it('applies retention, forgets emptied series, and replays a series that came back', async () => {
    let s = await openEmbeddedStorage(opts({ retentionMs: HOUR }));
    await s.appender.append(batch('r', T0 - 10 * 60_000, 3));
    now = T0 + 2 * HOUR;
    await s.applyRetention();
    assert.equal(s.stats().series, 0);
    assert.deepEqual(await s.querier.labelValues('__name__', [], { minT: 0, maxT: Infinity }), []);
    const old = await s.appender.append(batch('r', T0, 1));
    assert.deepEqual(old.rejected, { too_old: 1 });
    await s.appender.append(batch('r', now, 1));
    await s.close();
    s = await openEmbeddedStorage(opts({ retentionMs: HOUR }));
    assert.equal(s.stats().series, 1);
    assert.equal(await count(s, 'r'), 1);
    await s.checkpoint();
    await s.appender.append(batch('r', now + 1000, 1));
    await s.close();
    s = await openEmbeddedStorage(opts({ retentionMs: HOUR }));
    assert.equal(await count(s, 'r'), 2);
    await s.close();
  });

  it('anchors the out-of-order window at the clock when a sample comes from the future', async () => {
    const s = await openEmbeddedStorage(opts());
    await s.appender.append(batch('f', T0 + 10 * 365 * 24 * HOUR));
    const r = await s.appender.append(batch('f', T0 - HOUR));
    assert.equal(r.accepted, 1);
    await s.close();
  });

  it('shares fsyncs among concurrent appends', async () => {
    const s = await openEmbeddedStorage(opts());
    await Promise.all(Array.from({ length: 100 }, (_, i) => s.appender.append(batch(`g${i}`, T0, 10))));
    assert.ok(s.stats().walFsyncs < 20, `${s.stats().walFsyncs} fsyncs for 100 appends`);
    await s.close();
  });

  const bad: ReadonlyArray<[string, Partial<EmbeddedOptions>]> = [
    ['window over 7 d', { outOfOrderWindowMs: 8 * 24 * HOUR }],
    ['negative window', { outOfOrderWindowMs: -1 }],
    ['zero retention', { retentionMs: 0 }],
    ['NaN segment size', { walSegmentBytes: NaN }],
  ];
  for (const [title, extra] of bad) {
    it(`refuses options out of bounds: ${title}`, async () => {
      await assert.rejects(openEmbeddedStorage(opts(extra)), {
        code: 'invalid_input',
        message: /^cannot open/,
      });
    });
  }

  it('refuses a directory held by this or another live process, takes over a dead one', async () => {
    const s = await openEmbeddedStorage(opts());
    await assert.rejects(openEmbeddedStorage(opts()), { code: 'storage_io', message: /already open/ });
    await s.close();
    await writeFile(join(dir, 'lock'), `${process.ppid}\n`);
    await assert.rejects(openEmbeddedStorage(opts()), {
      code: 'storage_io',
      message: /locked by running process/,
    });
    await writeFile(join(dir, 'lock'), '99999999\n');
    await (await openEmbeddedStorage(opts())).close();
  });

  it('refuses a directory of another format', async () => {
    await writeFile(join(dir, 'FORMAT'), 'seahawks-embedded-v9\n');
    await assert.rejects(openEmbeddedStorage(opts()), { code: 'storage_io', message: /FORMAT says/ });
  });

  it('fails appends for good once the WAL cannot be written', async () => {
    const s = await openEmbeddedStorage(opts({ walSegmentBytes: 1024 }));
    await rm(join(dir, 'wal'), { recursive: true });
    // The open segment is still writable; the rotation after it fills cannot create the next.
    await s.appender.append(batch('p', T0, 60));
    await assert.rejects(s.appender.append(batch('p', T0 + 1, 1)), {
      code: 'storage_io',
      message: /^cannot write WAL/,
    });
    await s.close();
  });

  it('cuts a corrupt middle segment, keeps later ones, and cleans a stale checkpoint.tmp', async () => {
    let s = await openEmbeddedStorage(opts({ walSegmentBytes: 1024 }));
    await s.appender.append(batch('m', T0, 1));
    for (let i = 1; i <= 200; i++) await s.appender.append(batch('m', T0 + i * 1000, 1));
    await s.close();
    const segments = (await walFiles()).filter((n) => /^\d+$/.test(n));
    assert.ok(segments.length >= 3);
    const middle = join(dir, 'wal', segments[1]!);
    await truncate(middle, (await stat(middle)).size - 5);
    await writeFile(join(dir, 'wal', 'checkpoint.00000001.tmp'), 'partial');
    s = await openEmbeddedStorage(opts({ walSegmentBytes: 1024 }));
    assert.equal(s.stats().walCorruptionsRepaired, 1);
    assert.equal(await count(s, 'm'), 200);
    assert.match(logger.warnings[0] ?? '', /^cannot read WAL segment .* truncated the rest/);
    assert.ok(!(await walFiles()).includes('checkpoint.00000001.tmp'));
    await s.close();
  });
});
