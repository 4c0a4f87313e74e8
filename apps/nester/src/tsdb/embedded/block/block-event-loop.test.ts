import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, it } from 'node:test';
import { labelsFromRecord } from '@seahawks/model';
import { nodeExporterSeries } from '../../chunkenc/node-exporter-like.js';
import { chunksOf, tempDir } from './block-fixture.js';
import type { BlockSeriesInput } from './types.js';
import { writeBlock } from './write.js';

const START = 1_700_006_400_000;

describe('writing a block', () => {
  it('leaves the event loop free: the worker encodes and writes', async (t) => {
    const inputs: BlockSeriesInput[] = [];
    for (let i = 0; i < 5000; i++) {
      const { ts, vs } = nodeExporterSeries(i, 240, START);
      inputs.push({
        labels: labelsFromRecord({ __name__: `m${i % 50}`, instance: `h${i % 13}`, i: String(i) }),
        chunks: chunksOf(ts, vs),
      });
    }
    async function* groups(): AsyncGenerator<BlockSeriesInput[]> {
      // As the engine's compaction does: a group, then a turn of the event loop.
      for (let i = 0; i < inputs.length; i += 1000) {
        yield inputs.slice(i, i + 1000);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    const dir = await tempDir();
    try {
      const delay = monitorEventLoopDelay({ resolution: 1 });
      const elu = performance.eventLoopUtilization();
      delay.enable();
      const written = await writeBlock(dir, { id: 1, requiresCheckpoint: 0 }, groups());
      delay.disable();
      const busy = performance.eventLoopUtilization(elu).utilization;
      assert.equal(written.meta.samples, 5000 * 240);
      const p99 = delay.percentile(99) / 1e6;
      t.diagnostic(
        `event loop: p99 delay ${p99.toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms, busy ${(busy * 100).toFixed(1)} %`,
      );
      // Generous bounds: the machine running the tests may be shared and busy. Copying a group
      // takes about a millisecond; the encoding (~1 s of CPU here) is the worker's.
      assert.ok(p99 < 50, `p99 event-loop delay ${p99.toFixed(1)} ms`);
      assert.ok(busy < 0.5, `event loop busy ${(busy * 100).toFixed(0)} % of the write`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
