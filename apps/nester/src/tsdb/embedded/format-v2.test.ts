import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { isStaleNaN, labelsFromRecord, STALE_NAN } from '@seahawks/model';
import type { Sample } from '@seahawks/model';
import type { SeriesSamples } from '../../storage/storage.js';
import { nodeExporterSeries } from '../chunkenc/node-exporter-like.js';
import { memoryLogger } from './conformance-fixture.js';
import type { EmbeddedStorage } from './embedded-storage.js';
import { openEmbeddedStorage } from './open-embedded.js';
import {
  encodeCheckpointMeta,
  encodeSeriesRecord,
  RecordType,
  SamplesRecordWriter,
  scanFrames,
} from './records.js';

const HOUR = 3_600_000;
const T0 = Math.floor(Date.now() / HOUR) * HOUR - 10 * HOUR;
const everything = { minT: -Infinity, maxT: Infinity };

async function read(s: EmbeddedStorage, name: string): Promise<Record<string, Sample[]>> {
  const out: Record<string, Sample[]> = {};
  for await (const x of s.querier.select([{ name: '__name__', type: '=', value: name }], everything)) {
    out[x.labels.map((l) => l.value).join(',')] = [...x.samples];
  }
  return out;
}

/** Record types in a file, in order. */
async function recordTypes(path: string): Promise<number[]> {
  const types: number[] = [];
  scanFrames(await readFile(path), (type) => types.push(type));
  return types;
}

describe('embedded format v2', () => {
  let dir = '';
  const logger = memoryLogger();
  const open = (extra = {}): Promise<EmbeddedStorage> => openEmbeddedStorage({ dir, logger, ...extra });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seahawks-format-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('opens a v1 directory, migrates it to the current format, and keeps every sample bit-exact', async () => {
    await mkdir(join(dir, 'wal'));
    await writeFile(join(dir, 'FORMAT'), 'seahawks-embedded-v1\n');
    const series = [
      { id: 1, labels: labelsFromRecord({ __name__: 'old', k: 'a' }) },
      { id: 2, labels: labelsFromRecord({ __name__: 'old', k: 'b' }) },
    ];
    const samples = new SamplesRecordWriter(3);
    samples.add(1, T0, 1);
    samples.add(1, T0 + 15_000, STALE_NAN);
    samples.add(2, T0, 2);
    const meta = encodeCheckpointMeta({ version: 1, nextId: 3, lastSegment: 1 });
    await writeFile(
      join(dir, 'wal', 'checkpoint.00000001'),
      Buffer.concat([meta, encodeSeriesRecord(series), ...samples.finish()]),
    );
    const later = new SamplesRecordWriter(1);
    later.add(3, T0 + 30_000, 3);
    const newSeries = encodeSeriesRecord([{ id: 3, labels: labelsFromRecord({ __name__: 'old', k: 'c' }) }]);
    await writeFile(join(dir, 'wal', '00000002'), Buffer.concat([newSeries, ...later.finish()]));

    let s = await open();
    for (let round = 0; round < 2; round++) {
      const got = await read(s, 'old');
      assert.deepEqual(Object.keys(got).sort(), ['old,a', 'old,b', 'old,c']);
      assert.equal(got['old,a']![0]!.v, 1);
      assert.ok(isStaleNaN(got['old,a']![1]!.v));
      assert.deepEqual(got['old,c'], [{ t: T0 + 30_000, v: 3 }]);
      assert.equal(await readFile(join(dir, 'FORMAT'), 'utf8'), 'seahawks-embedded-v4\n');
      const checkpoint = (await readdir(join(dir, 'wal'))).find((n) => n.startsWith('checkpoint.'))!;
      assert.deepEqual(await recordTypes(join(dir, 'wal', checkpoint)), [3, 1, RecordType.chunks]);
      await s.close();
      s = await open();
    }
    await s.appender.append([
      { labels: labelsFromRecord({ __name__: 'old', k: 'd' }), samples: [{ t: T0, v: 4 }] },
    ]);
    await s.close();
  });

  it('refuses a checkpoint of a newer format version', async () => {
    await mkdir(join(dir, 'wal'));
    await writeFile(
      join(dir, 'wal', 'checkpoint.00000001'),
      encodeCheckpointMeta({ version: 4, nextId: 1, lastSegment: 1 }),
    );
    await assert.rejects(open(), {
      code: 'storage_io',
      message: /format version 4, this nester reads 1, 2, 3/,
    });
  });

  it('writes compact checkpoints: sealed chunks as they are (prints bytes per sample)', async (t) => {
    const s = await open();
    const n = 300;
    const perSeries = 1500;
    const data = Array.from({ length: n }, (_, i) => nodeExporterSeries(i, perSeries, T0));
    for (let k = 0; k < perSeries; k += 100) {
      const batch: SeriesSamples[] = data.map((d, i) => ({
        labels: labelsFromRecord({ __name__: 'node_like', instance: `host-${i % 10}:9100`, i: String(i) }),
        samples: Array.from({ length: 100 }, (_, j) => ({ t: d.ts[k + j]!, v: d.vs[k + j]! })),
      }));
      await s.appender.append(batch);
    }
    await s.checkpoint();
    const walDir = join(dir, 'wal');
    const name = (await readdir(walDir)).find((x) => x.startsWith('checkpoint.'))!;
    const perSample = (await stat(join(walDir, name))).size / (n * perSeries);
    t.diagnostic(`checkpoint bytes/sample ${perSample.toFixed(3)} (${n} series × ${perSeries} samples)`);
    assert.ok(perSample < 3, `${perSample} bytes/sample`);
    await s.close();
    const again = await open();
    const got = await read(again, 'node_like');
    for (let i = 0; i < n; i++) {
      const samples = got[`node_like,${i},host-${i % 10}:9100`] ?? [];
      assert.equal(samples.length, perSeries);
      assert.ok(samples.every((x, k) => x.t === data[i]!.ts[k] && Object.is(x.v, data[i]!.vs[k])));
    }
    await again.close();
  });

  it('checkpoints while late samples rewrite chunks, and reads back exactly what was acknowledged', async () => {
    const s = await open();
    const labels = labelsFromRecord({ __name__: 'late' });
    const even = Array.from({ length: 1000 }, (_, i) => ({ t: T0 + 2 * i * 1000, v: i }));
    await s.appender.append([{ labels, samples: even }]);
    const checkpoint = s.checkpoint();
    // In the same tick as the snapshot: late samples between the old ones, merged in place.
    const odd = Array.from({ length: 1000 }, (_, i) => ({ t: T0 + (2 * i + 1) * 1000, v: -i }));
    const late = s.appender.append([{ labels, samples: odd }]);
    await s.applyRetention();
    await Promise.all([checkpoint, late]);
    await s.close();
    const again = await open();
    const got = (await read(again, 'late'))['late']!;
    assert.equal(got.length, 2000);
    assert.ok(got.every((x, k) => x.t === T0 + k * 1000 && x.v === (k % 2 === 0 ? k / 2 : -(k - 1) / 2)));
    await again.checkpoint();
    await again.close();
    const third = await open();
    assert.equal((await read(third, 'late'))['late']!.length, 2000);
    await third.close();
  });
});
