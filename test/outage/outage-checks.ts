// The outage test's verdict, as data: what one harvester collected (per process run, from the
// collection probe) against what the nester stores, with the figures the test prints.
import type { Collection } from './collection-probe.js';

/** One harvester process from start to stop, and what it collected. */
export interface HarvesterRun {
  readonly startedAt: number;
  /** When the process had exited, or undefined while it runs. */
  readonly stoppedAt: number | undefined;
  readonly collections: readonly Collection[];
}

export interface HarvesterVerdict {
  /** Collections queued at or before the cutoff (one timestamp each). */
  readonly collected: number;
  /** Samples in those collections (every series of every collection). */
  readonly samples: number;
  /** Timestamps in the store at or before the cutoff, duplicates included. */
  readonly stored: number;
  /** Collection timestamps missing from the store. */
  readonly missing: number[];
  /** Stored timestamps no collection had. */
  readonly extra: number[];
  /** Timestamps the store returned more than once. */
  readonly duplicates: number[];
  /** Timestamps a run queued twice, or out of order. */
  readonly repeatedCollections: number[];
  /** Batches whose samples did not share one timestamp. */
  readonly mixedBatches: number;
  /** Appends the queue refused, with the reason (expected only while a process stops). */
  readonly failedAppends: string[];
  /**
   * Largest gap between two collections of one run after its first, ms. A run collects once at
   * start (off the interval grid), then on the grid: these gaps are one interval each.
   */
  readonly maxGapInRunMs: number;
  /** Largest gap from a run's start-up collection to its first on the grid, ms (under two intervals). */
  readonly maxStartGapMs: number;
  /** Gaps between runs (last collection of one, first of the next), ms: the process's downtime. */
  readonly gapsBetweenRunsMs: number[];
  /** Collections with a timestamp in [from, to] of the nester outage; all of them are in the store unless `missing` says otherwise. */
  readonly collectedDuringOutage: number;
}

/**
 * Compares one harvester's runs with the stored timestamps, considering only `t <= cutoff`
 * (later collections may still be in flight). `outage` is the nester's downtime, ms.
 */
export function judgeHarvester(
  runs: readonly HarvesterRun[],
  stored: readonly number[],
  cutoff: number,
  outage: { readonly from: number; readonly to: number },
): HarvesterVerdict {
  const failedAppends: string[] = [];
  const repeatedCollections: number[] = [];
  const gapsBetweenRunsMs: number[] = [];
  const expected = new Set<number>();
  let samples = 0;
  let mixedBatches = 0;
  let maxGapInRunMs = 0;
  let maxStartGapMs = 0;
  let lastOfPreviousRun: number | undefined;
  for (const run of runs) {
    const queued = run.collections.filter((c) => c.outcome === 'queued' && c.t <= cutoff);
    for (const c of run.collections)
      if (c.outcome === 'failed') failedAppends.push(`${c.t}: ${c.error ?? '?'}`);
    queued.forEach((c, i) => {
      if (c.maxT !== c.t) mixedBatches++;
      if (expected.has(c.t) || (i > 0 && c.t <= queued[i - 1]!.t)) repeatedCollections.push(c.t);
      if (i === 1) maxStartGapMs = Math.max(maxStartGapMs, c.t - queued[0]!.t);
      if (i > 1) maxGapInRunMs = Math.max(maxGapInRunMs, c.t - queued[i - 1]!.t);
      expected.add(c.t);
      samples += c.samples;
    });
    const first = queued[0];
    if (first !== undefined && lastOfPreviousRun !== undefined)
      gapsBetweenRunsMs.push(first.t - lastOfPreviousRun);
    lastOfPreviousRun = queued.at(-1)?.t ?? lastOfPreviousRun;
  }
  const seen = new Set<number>();
  const duplicates: number[] = [];
  for (const t of stored) {
    if (t > cutoff) continue;
    if (seen.has(t)) duplicates.push(t);
    seen.add(t);
  }
  const inOutage = [...expected].filter((t) => t >= outage.from && t <= outage.to);
  return {
    collected: expected.size,
    samples,
    stored: stored.filter((t) => t <= cutoff).length,
    missing: [...expected].filter((t) => !seen.has(t)).sort((a, b) => a - b),
    extra: [...seen].filter((t) => !expected.has(t)).sort((a, b) => a - b),
    duplicates,
    repeatedCollections,
    mixedBatches,
    failedAppends,
    maxGapInRunMs,
    maxStartGapMs,
    gapsBetweenRunsMs,
    collectedDuringOutage: inOutage.length,
  };
}

/** Every queued collection timestamp of `runs` up to `until`. */
export function queuedTimestamps(runs: readonly HarvesterRun[], until: number): number[] {
  return runs.flatMap((r) =>
    r.collections.filter((c) => c.outcome === 'queued' && c.t <= until).map((c) => c.t),
  );
}

/** The timestamps (ms) of every raw sample in a Prometheus matrix answer, series after series. */
export function matrixTimestamps(body: unknown): number[] {
  const data = (body as { data?: { resultType?: string; result?: unknown } }).data;
  if (data?.resultType !== 'matrix' || !Array.isArray(data.result)) {
    throw new Error(`cannot read a matrix from ${JSON.stringify(body).slice(0, 300)}`);
  }
  const result = data.result as Array<{ values: Array<[number, string]> }>;
  // The API gives seconds with millisecond decimals: round, never truncate (x.594 * 1000 = x593.99…).
  return result.flatMap((s) => s.values.map(([t]) => Math.round(t * 1000)));
}

/** A one-line summary for the test's output. */
export function describeVerdict(name: string, v: HarvesterVerdict): string {
  return (
    `${name}: ${v.collected} collections (${v.samples} samples) collected, ${v.stored} stored, ` +
    `${v.missing.length} missing, ${v.extra.length} extra, ${v.duplicates.length} duplicates, ` +
    `${v.collectedDuringOutage} collected during the nester outage, largest gap within a run ` +
    `${v.maxGapInRunMs} ms (${v.maxStartGapMs} ms after a start), downtime gaps [${v.gapsBetweenRunsMs.join(', ')}] ms, ` +
    `${v.failedAppends.length} appends refused`
  );
}
