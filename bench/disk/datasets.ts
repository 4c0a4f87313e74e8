// The data sets of the disk benchmark, each a sequence of batches in time order (a window of
// every series at a time, as scrapes arrive), so both stores receive the same samples.
import { readFile } from 'node:fs/promises';
import { labelsFromRecord } from '@seahawks/model';
import type { Labels, Sample } from '@seahawks/model';
import { nodeDataRequests, planNodeData } from '../../test/support/node-data.js';
import { SeededRandom } from '../../test/support/seeded-random.js';

/** One batch: series with their samples (each series' samples in time order). */
export type Batch = ReadonlyArray<{ readonly labels: Labels; readonly samples: readonly Sample[] }>;

export interface Dataset {
  readonly name: string;
  readonly description: string;
  /** Yields the batches in time order; may be called more than once (same data each time). */
  batches(): Iterable<Batch>;
}

const INTERVAL_MS = 15_000;

/** The test suite's node_exporter model: ~400 series per host with realistic values and events. */
export function nodeDataset(hosts: number, hours: number, startMs: number): Dataset {
  const plan = planNodeData({ hosts, hours, seed: 42, startMs, windowMs: 30 * 60_000 });
  return {
    name: 'node',
    description: `node_exporter model, ${hosts} hosts × ${hours} h at 15 s (counters, gauges, constants, reboots, stale markers)`,
    batches: () => nodeDataRequests(plan),
  };
}

/**
 * Gaussian random walks at full float precision: the worst case for XOR compression (every
 * value differs in most mantissa bits), with timestamps jittered by a few ms as scrapes are.
 */
export function randomWalkDataset(series: number, hours: number, startMs: number): Dataset {
  const rounds = Math.round((hours * 3_600_000) / INTERVAL_MS);
  const labels = Array.from({ length: series }, (_, i) =>
    labelsFromRecord({ __name__: 'synthetic_random_walk', instance: `walk-${i % 100}:9100`, i: String(i) }),
  );
  return {
    name: 'random-walk',
    description: `${series} Gaussian random walks (full precision) × ${hours} h at 15 s, ±20 ms jitter`,
    *batches() {
      const rng = new SeededRandom(7);
      const values = labels.map(() => rng.between(0, 1000));
      const perBatch = 40;
      for (let first = 0; first < rounds; first += perBatch) {
        const batch = labels.map((l, i) => {
          const samples: Sample[] = [];
          for (let k = first; k < Math.min(rounds, first + perBatch); k++) {
            values[i]! += rng.normal();
            samples.push({ t: startMs + k * INTERVAL_MS + Math.round(rng.between(-20, 20)), v: values[i]! });
          }
          return { labels: l, samples };
        });
        yield batch;
      }
    },
  };
}

/**
 * Samples exported from a real store (`bench/disk/export.ts`): JSON lines, one series each,
 * `{"labels": {...}, "t": [ms...], "v": [values...]}` with values as strings ("NaN", "+Inf").
 */
export async function recordedDataset(path: string): Promise<Dataset> {
  const series: { labels: Labels; samples: Sample[] }[] = [];
  for (const line of (await readFile(path, 'utf8')).split('\n')) {
    if (line.trim() === '') continue;
    const rec = JSON.parse(line) as { labels: Record<string, string>; t: number[]; v: string[] };
    series.push({
      labels: labelsFromRecord(rec.labels),
      samples: rec.t.map((t, k) => ({ t, v: Number(rec.v[k]) })),
    });
  }
  const span = series.flatMap((s) => [s.samples[0]?.t ?? Infinity, s.samples.at(-1)?.t ?? -Infinity]);
  const hours = ((Math.max(...span) - Math.min(...span)) / 3_600_000).toFixed(1);
  return {
    name: 'recorded',
    description: `recorded from a real machine's harvester: ${series.length} series over ${hours} h`,
    // Recorded data arrives one scrape at a time; one batch holding all is the same on disk.
    batches: () => [series],
  };
}
