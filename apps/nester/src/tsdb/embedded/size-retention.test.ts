import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { labelsFromRecord } from '@seahawks/model';
import { parseByteSize } from './byte-size.js';
import { memoryLogger } from './conformance-fixture.js';
import { openEmbeddedStorage } from './open-embedded.js';

const BLOCK = 2 * 3_600_000;
const T0 = Math.floor(1_700_000_000_000 / BLOCK) * BLOCK;

describe('retention by size', () => {
  it('parses sizes as Prometheus does, and refuses others', () => {
    assert.equal(parseByteSize('0'), 0);
    assert.equal(parseByteSize('512MB'), 512 * 2 ** 20);
    assert.equal(parseByteSize('1.5GB'), 1.5 * 2 ** 30);
    assert.equal(parseByteSize('10 kb'), 10 * 1024);
    for (const bad of ['', '10', '10GiB', '-1GB', 'lots'])
      assert.throws(() => parseByteSize(bad), /cannot parse size/);
  });

  it('drops the oldest whole 2 h blocks until the store fits, never the newest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'seahawks-size-'));
    const now = T0 + 10 * BLOCK;
    // 10 blocks of 480 samples (15 s) on 20 series: 96 000 samples, ~288 kB at 3 bytes a sample.
    const s = await openEmbeddedStorage({
      dir,
      clock: () => now,
      logger: memoryLogger(),
      retentionMs: 30 * 86_400_000,
      outOfOrderWindowMs: 7 * 86_400_000,
      retentionBytes: 100_000,
    });
    try {
      for (let b = 0; b < 10; b++) {
        await s.appender.append(
          Array.from({ length: 20 }, (_, i) => ({
            labels: labelsFromRecord({ __name__: 'sz', i: String(i) }),
            samples: Array.from({ length: 480 }, (_, k) => ({ t: T0 + b * BLOCK + k * 15_000, v: k })),
          })),
        );
      }
      await s.applyRetention();
      const left = s.stats().samplesInHead;
      assert.ok(left * 3 <= 100_000, `${left} samples left`);
      assert.equal(left % (20 * 480), 0, 'whole blocks only');
      assert.ok(left >= 20 * 480, 'the newest block stays');
      let oldest = Infinity;
      const sel = s.querier.select([{ name: '__name__', type: '=', value: 'sz' }], {
        minT: -Infinity,
        maxT: Infinity,
      });
      for await (const x of sel) oldest = Math.min(oldest, x.samples[0]!.t);
      assert.equal(oldest, T0 + 10 * BLOCK - (left / 20 / 480) * BLOCK);
      const late = await s.appender.append([
        { labels: labelsFromRecord({ __name__: 'sz', i: '0' }), samples: [{ t: T0 + 1000, v: 1 }] },
      ]);
      assert.equal(late.rejected.too_old, 1, 'a dropped block is not filled again');
    } finally {
      await s.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
