import { compileMatcher, labelsFromRecord, labelsKey, matchesAll, matchesEmpty } from '@seahawks/model';
import type { Labels, Matcher, Sample } from '@seahawks/model';
import { InvalidQueryError } from '../../storage/index.js';
import type { Querier, SeriesSamples, TimeRange } from '../../storage/index.js';

/** A series to hold in a `MemoryQuerier`: labels as a record, samples in any order. */
export interface MemorySeries {
  readonly labels: Readonly<Record<string, string>> | Labels;
  readonly samples: readonly Sample[];
}

/**
 * A `Querier` over series held in memory, for the engine's tests: it follows the storage
 * contract (inclusive ranges, sorted samples, series without samples in range omitted, refusal
 * of matchers that all match the empty string) and counts `select` calls.
 */
export class MemoryQuerier implements Querier {
  private readonly all = new Map<string, { labels: Labels; samples: Sample[] }>();
  selectCalls: Array<{ matchers: readonly Matcher[]; range: TimeRange }> = [];

  constructor(series: readonly MemorySeries[] = []) {
    for (const s of series) this.add(s);
  }

  /** Adds samples; a series already present gets them merged in time order. */
  add(series: MemorySeries): void {
    const labels = Array.isArray(series.labels)
      ? (series.labels as Labels)
      : labelsFromRecord(series.labels as Record<string, string>);
    const key = labelsKey(labels);
    const entry = this.all.get(key) ?? { labels, samples: [] };
    entry.samples = [...entry.samples, ...series.samples].sort((a, b) => a.t - b.t);
    this.all.set(key, entry);
  }

  /** Removes every series (the `clear` of Prometheus' test scripts). */
  clear(): void {
    this.all.clear();
  }

  private matching(matchers: readonly Matcher[]): Array<{ labels: Labels; samples: Sample[] }> {
    const compiled = matchers.map(compileMatcher);
    if (compiled.length > 0 && compiled.every(matchesEmpty)) {
      throw new InvalidQueryError(
        'cannot select series: at least one matcher must not match the empty string',
      );
    }
    return [...this.all.values()].filter((s) => matchesAll(compiled, s.labels));
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- async iteration is the contract
  async *select(matchers: readonly Matcher[], range: TimeRange): AsyncIterable<SeriesSamples> {
    this.selectCalls.push({ matchers, range });
    for (const s of this.matching(matchers)) {
      const samples = s.samples.filter((p) => p.t >= range.minT && p.t <= range.maxT);
      if (samples.length > 0) yield { labels: s.labels, samples };
    }
  }

  series(matchers: readonly Matcher[], range: TimeRange): Promise<Labels[]> {
    return Promise.resolve(
      this.matching(matchers)
        .filter((s) => s.samples.some((p) => p.t >= range.minT && p.t <= range.maxT))
        .map((s) => s.labels),
    );
  }

  labelNames(): Promise<string[]> {
    const names = new Set<string>();
    for (const s of this.all.values()) for (const l of s.labels) names.add(l.name);
    return Promise.resolve([...names].sort());
  }

  labelValues(name: string): Promise<string[]> {
    const values = new Set<string>();
    for (const s of this.all.values()) for (const l of s.labels) if (l.name === name) values.add(l.value);
    return Promise.resolve([...values].sort());
  }
}
