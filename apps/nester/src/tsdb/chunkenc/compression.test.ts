import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeChunk } from './decode.js';
import { jitteredTimes, nodeExporterSeries, seededRandom } from './node-exporter-like.js';
import type { SeriesShape } from './node-exporter-like.js';
import { XorChunkAppender } from './xor-appender.js';

const T0 = 1_700_000_000_000;
const SAMPLES_PER_CHUNK = 120;

/** Encodes a series in 120-sample chunks (as the head seals them); returns their total size. */
function encodedBytes(ts: Float64Array, vs: Float64Array): number {
  let bytes = 0;
  for (let from = 0; from < ts.length; from += SAMPLES_PER_CHUNK) {
    const a = new XorChunkAppender();
    const to = Math.min(ts.length, from + SAMPLES_PER_CHUNK);
    for (let i = from; i < to; i++) a.append(ts[i]!, vs[i]!);
    const chunk = a.bytes();
    const back = decodeChunk(chunk);
    assert.deepEqual(back.ts, ts.subarray(from, to));
    bytes += chunk.length;
  }
  return bytes;
}

describe('chunk compression on node_exporter-like data', () => {
  it('measures bytes per sample (printed) and stays within bounds', (t) => {
    const series = 300;
    const samples = 2000;
    let total = 0;
    const byShape = new Map<SeriesShape, { bytes: number; samples: number }>();
    for (let i = 0; i < series; i++) {
      const s = nodeExporterSeries(i, samples, T0);
      const bytes = encodedBytes(s.ts, s.vs);
      total += bytes;
      const entry = byShape.get(s.shape) ?? { bytes: 0, samples: 0 };
      entry.bytes += bytes;
      entry.samples += samples;
      byShape.set(s.shape, entry);
    }
    const perSample = total / (series * samples);
    const shapes = [...byShape].map(([k, v]) => `${k} ${(v.bytes / v.samples).toFixed(2)}`).join(', ');
    t.diagnostic(`chunk bytes/sample ${perSample.toFixed(3)} (${series} series × ${samples}; ${shapes})`);
    assert.ok(perSample < 4, `${perSample} bytes/sample`);
  });

  it('spends about one byte a sample on jittered timestamps and ~3 bits on a clean grid', () => {
    const rnd = seededRandom(3);
    const ones = new Float64Array(2400).fill(1);
    const jittered = encodedBytes(jitteredTimes(2400, T0, 15_000, 5, rnd), ones) / 2400;
    const clean = encodedBytes(jitteredTimes(2400, T0, 15_000, 0, rnd), ones) / 2400;
    assert.ok(jittered < 1.4, `jittered ${jittered}`);
    // 2 bits a sample plus ~20 bytes per 120-sample chunk for its first sample and header.
    assert.ok(clean < 0.45, `clean ${clean}`);
  });
});
