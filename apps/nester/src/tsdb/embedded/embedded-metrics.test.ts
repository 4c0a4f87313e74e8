import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { labelsFromRecord } from '@seahawks/model';
import type { StorageMetric } from '../../storage/storage.js';
import { memoryLogger } from './conformance-fixture.js';
import { openEmbeddedStorage } from './open-embedded.js';

const T0 = 1_700_000_000_000;

function value(metrics: readonly StorageMetric[] | undefined, name: string, suffix = ''): number | undefined {
  return metrics?.find((m) => m.name === name)?.samples.find((s) => (s.suffix ?? '') === suffix)?.value;
}

describe('embedded engine figures for /metrics', () => {
  it('counts rejections by reason, head series, chunks, WAL bytes and checkpoints', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'seahawks-embedded-metrics-'));
    const s = await openEmbeddedStorage({ dir, clock: () => T0, logger: memoryLogger() });
    try {
      const labels = labelsFromRecord({ __name__: 'm', i: '1' });
      await s.appender.append([{ labels, samples: [{ t: T0, v: 1 }] }]);
      await s.appender.append([
        { labels, samples: [{ t: T0, v: 2 }] },
        { labels: labelsFromRecord({ __name__: 'm', i: '2' }), samples: [{ t: T0 - 30 * 86_400_000, v: 1 }] },
        { labels: [{ name: 'bad name', value: 'x' }], samples: [{ t: T0, v: 1 }] },
      ]);
      let st = s.stats();
      assert.deepEqual(st.samplesRejectedByReason, { duplicate_timestamp: 1, too_old: 1, invalid_labels: 1 });
      assert.equal(st.samplesRejected, 3);
      assert.equal(value(st.engineMetrics, 'seahawks_storage_head_series'), 1);
      assert.equal(value(st.engineMetrics, 'seahawks_storage_head_chunks'), 1);
      assert.ok((value(st.engineMetrics, 'seahawks_storage_wal_bytes') ?? 0) > 0);
      await s.checkpoint();
      st = s.stats();
      assert.equal(value(st.engineMetrics, 'seahawks_storage_wal_bytes'), 0);
      assert.equal(value(st.engineMetrics, 'seahawks_storage_compaction_duration_seconds', '_count'), 1);
      assert.ok((value(st.engineMetrics, 'seahawks_storage_checkpoint_bytes') ?? 0) > 0);
    } finally {
      await s.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
