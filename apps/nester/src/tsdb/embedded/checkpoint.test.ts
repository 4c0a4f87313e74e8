import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { labelsFromRecord, STALE_NAN } from '@seahawks/model';
import type { SeriesSamples } from '../../storage/storage.js';
import { memoryLogger } from './conformance-fixture.js';
import type { EmbeddedStorage } from './embedded-storage.js';
import { openEmbeddedStorage } from './open-embedded.js';

const T0 = 1_700_000_000_000;
const SERIES = 1500;

/** Round `r` of every series; odd rounds arrive late (out of order) on every third series. */
function round(r: number): SeriesSamples[] {
  return Array.from({ length: SERIES }, (_, i) => ({
    labels: labelsFromRecord({ __name__: 'cp', i: String(i) }),
    samples: [{ t: T0 + r * 15_000, v: r % 50 === 49 ? STALE_NAN : r * 10 + i }],
  }));
}

async function contents(s: EmbeddedStorage): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const sel = s.querier.select([{ name: '__name__', type: '=', value: 'cp' }], {
    minT: -Infinity,
    maxT: Infinity,
  });
  for await (const series of sel) {
    const bits = series.samples.map(
      ({ t, v }) => `${t}:${Buffer.from(new Float64Array([v]).buffer).toString('hex')}`,
    );
    out.set(series.labels.map((l) => l.value).join(','), bits.join(' '));
  }
  return out;
}

for (const checkpointInWorker of [true, false]) {
  describe(`checkpoint while appends go on (${checkpointInWorker ? 'worker thread' : 'inline'})`, () => {
    it('reopens to exactly the same head: fuzzy copy plus the WAL after the cut', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'seahawks-checkpoint-'));
      const opts = { dir, clock: () => T0 + 3_600_000, logger: memoryLogger(), checkpointInWorker };
      let s = await openEmbeddedStorage(opts);
      try {
        for (let r = 0; r < 150; r += 2) await s.appender.append(round(r));
        // The checkpoint runs while more rounds arrive, late ones included.
        const appends = (async () => {
          for (let r = 1; r < 150; r += 2) await s.appender.append(round(r));
          for (let r = 150; r < 200; r++) await s.appender.append(round(r));
        })();
        await Promise.all([s.checkpoint(), appends]);
        const before = await contents(s);
        await s.close();
        assert.ok((await readdir(join(dir, 'wal'))).some((n) => /^checkpoint\.\d+$/.test(n)));
        s = await openEmbeddedStorage(opts);
        const after = await contents(s);
        assert.equal(after.size, SERIES);
        assert.deepEqual(after, before);
        assert.equal(s.stats().samplesInHead, SERIES * 200);
      } finally {
        await s.close();
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}
