import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { labelsFromRecord, STALE_NAN } from '@seahawks/model';
import type { Sample } from '@seahawks/model';
import { XorChunkAppender } from '../chunkenc/xor-appender.js';
import { ChunkKind, ChunksRecordWriter, decodeChunksRecord } from './chunk-records.js';
import { memoryLogger } from './conformance-fixture.js';
import type { EmbeddedStorage } from './embedded-storage.js';
import { openEmbeddedStorage } from './open-embedded.js';
import { encodeCheckpointMeta, encodeSeriesRecord, RecordType, scanFrames } from './records.js';

const HOUR = 3_600_000;
const T0 = Math.floor(Date.now() / HOUR) * HOUR - 10 * HOUR;

async function read(s: EmbeddedStorage, name: string): Promise<Sample[]> {
  const out: Sample[] = [];
  const sel = s.querier.select([{ name: '__name__', type: '=', value: name }], {
    minT: -Infinity,
    maxT: Infinity,
  });
  for await (const x of sel) out.push(...x.samples);
  return out;
}

/** Kinds of the chunks in the newest checkpoint of `dir`. */
async function checkpointKinds(dir: string): Promise<number[]> {
  const name = (await readdir(join(dir, 'wal'))).find((n) => /^checkpoint\.\d+$/.test(n))!;
  const kinds: number[] = [];
  scanFrames(await readFile(join(dir, 'wal', name)), (type, payload) => {
    if (type === RecordType.chunks) decodeChunksRecord(payload, (_id, kind) => kinds.push(kind));
  });
  return kinds;
}

describe('embedded format v3', () => {
  let dir = '';
  const logger = memoryLogger();
  const open = (): Promise<EmbeddedStorage> => openEmbeddedStorage({ dir, logger });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seahawks-format3-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('stores decimal chunks densely, keeps others in XOR, and reads both back bit-exact', async () => {
    const decimals = Array.from({ length: 600 }, (_, i) => ({
      t: T0 + i * 15_000 + (i % 7),
      v: 1000 + i * 12.25,
    }));
    const mixed = decimals.map((s, i) => ({ t: s.t, v: i === 300 ? STALE_NAN : Math.PI * i }));
    let s = await open();
    await s.appender.append([
      { labels: labelsFromRecord({ __name__: 'dec' }), samples: decimals },
      { labels: labelsFromRecord({ __name__: 'mixed' }), samples: mixed },
    ]);
    await s.checkpoint();
    await s.close();
    const kinds = await checkpointKinds(dir);
    assert.ok(kinds.includes(ChunkKind.sealedDense), `kinds ${kinds.join(',')}`);
    assert.ok(kinds.includes(ChunkKind.sealed), `kinds ${kinds.join(',')}`);
    assert.ok(kinds.includes(ChunkKind.headDense) || kinds.includes(ChunkKind.head));
    for (let round = 0; round < 2; round++) {
      s = await open();
      assert.deepEqual(await read(s, 'dec'), decimals);
      const got = await read(s, 'mixed');
      assert.equal(got.length, mixed.length);
      assert.ok(got.every((x, i) => x.t === mixed[i]!.t && Object.is(x.v, mixed[i]!.v)));
      // The restored head writes the same checkpoint again, dense chunks included.
      await s.checkpoint();
      await s.close();
    }
  });

  it('reuses the dense chunks of the previous checkpoint only for chunks that did not change', async () => {
    const labels = labelsFromRecord({ __name__: 'reuse' });
    const at = (i: number): Sample => ({ t: T0 + i * 30_000, v: 100 + i * 0.5 });
    // Even slots now, the odd ones of the first hour later: those chunks change, the rest not.
    let s = await openEmbeddedStorage({ dir, logger, clock: () => T0 + 12 * HOUR });
    await s.appender.append([{ labels, samples: Array.from({ length: 600 }, (_, i) => at(2 * i)) }]);
    await s.checkpoint();
    const first = await checkpointKinds(dir);
    await s.appender.append([{ labels, samples: Array.from({ length: 60 }, (_, i) => at(2 * i + 1)) }]);
    await s.appender.append([{ labels, samples: [at(1200), at(1202)] }]);
    await s.checkpoint();
    await s.close();
    assert.ok(first.filter((k) => k === ChunkKind.sealedDense).length >= 2, `kinds ${first.join(',')}`);
    s = await open();
    const want = [
      ...Array.from({ length: 60 }, (_, i) => [at(2 * i), at(2 * i + 1)]).flat(),
      ...Array.from({ length: 540 }, (_, i) => at(120 + 2 * i)),
      at(1200),
      at(1202),
    ];
    assert.deepEqual(await read(s, 'reuse'), want);
    await s.close();
  });

  it('reads a v2 directory as it is and marks it v4', async () => {
    await mkdir(join(dir, 'wal'));
    await writeFile(join(dir, 'FORMAT'), 'seahawks-embedded-v2\n');
    const a = new XorChunkAppender();
    for (let i = 0; i < 130; i++) a.append(T0 + i * 15_000, i / 4);
    const w = new ChunksRecordWriter();
    w.add(1, ChunkKind.sealed, { bytes: a.bytes().slice(), minT: T0, maxT: T0 + 129 * 15_000, count: 130 });
    await writeFile(
      join(dir, 'wal', 'checkpoint.00000001'),
      Buffer.concat([
        encodeCheckpointMeta({ version: 2, nextId: 2, lastSegment: 1 }),
        encodeSeriesRecord([{ id: 1, labels: labelsFromRecord({ __name__: 'v2' }) }]),
        ...w.finish(),
      ]),
    );
    const s = await open();
    assert.equal(await readFile(join(dir, 'FORMAT'), 'utf8'), 'seahawks-embedded-v4\n');
    const want = Array.from({ length: 130 }, (_, i) => ({ t: T0 + i * 15_000, v: i / 4 }));
    assert.deepEqual(await read(s, 'v2'), want);
    // The v2 checkpoint's XOR chunks are tried again in the dense encoding, not taken as tried.
    await s.checkpoint();
    assert.deepEqual(await checkpointKinds(dir), [ChunkKind.sealedDense]);
    await s.close();
  });
});
