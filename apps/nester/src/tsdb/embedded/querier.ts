import { compileMatcher } from '@seahawks/model';
import type { CompiledMatcher, Labels, Matcher } from '@seahawks/model';
import { InvalidQueryError } from '../../storage/errors.js';
import type { Querier, SeriesSamples, TimeRange } from '../../storage/storage.js';
import type { Head, MemSeries } from './head.js';

/** Orders label sets like Prometheus: pair by pair, name then value. */
export function compareLabels(a: Labels, b: Labels): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.name !== y.name) return x.name < y.name ? -1 : 1;
    if (x.value !== y.value) return x.value < y.value ? -1 : 1;
  }
  return a.length - b.length;
}

function describeMatchers(matchers: readonly Matcher[]): string {
  return `{${matchers.map((m) => `${m.name}${m.type}${JSON.stringify(m.value)}`).join(', ')}}`;
}

/**
 * Compiles matchers; refuses a selector whose matchers all match the empty string, since it
 * would select every series (Prometheus refuses it for the same reason).
 */
function compileSelector(matchers: readonly Matcher[]): CompiledMatcher[] {
  const compiled = matchers.map(compileMatcher);
  if (!compiled.some((m) => !m.matches(''))) {
    throw new InvalidQueryError(
      `cannot select series ${describeMatchers(matchers)}: at least one matcher must not match the empty string`,
    );
  }
  return compiled;
}

/** Runs a synchronous query so that its errors reject the promise instead of throwing. */
function settle<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}

function checkRange(range: TimeRange): void {
  if (Number.isNaN(range.minT) || Number.isNaN(range.maxT)) {
    throw new InvalidQueryError(
      `cannot select series: time range [${range.minT}, ${range.maxT}] is not a number`,
    );
  }
}

/**
 * Answers queries from the head. Each series' samples are copied out when it is yielded, so a
 * reader sees every series whole even while appends go on between two `next()` calls.
 */
export class HeadQuerier implements Querier {
  constructor(
    private readonly head: Head,
    private readonly checkOpen: () => void,
  ) {}

  select(matchers: readonly Matcher[], range: TimeRange): AsyncIterable<SeriesSamples> {
    return {
      [Symbol.asyncIterator]: () => {
        let it: Iterator<SeriesSamples> | undefined;
        // Matching runs at the first `next()`, and its errors reject that call.
        return { next: () => settle(() => (it ??= this.iterate(matchers, range)).next()) };
      },
    };
  }

  series(matchers: readonly Matcher[], range: TimeRange): Promise<Labels[]> {
    return settle(() => this.matching(matchers, range).map((s) => s.labels));
  }

  labelNames(matchers: readonly Matcher[], range: TimeRange): Promise<string[]> {
    return settle(() => {
      const names = new Set<string>();
      for (const s of this.matchingOrAll(matchers, range)) for (const l of s.labels) names.add(l.name);
      return [...names].sort();
    });
  }

  labelValues(name: string, matchers: readonly Matcher[], range: TimeRange): Promise<string[]> {
    return settle(() => {
      if (matchers.length === 0) return this.allLabelValues(name, range);
      const values = new Set<string>();
      for (const s of this.matching(matchers, range)) {
        const label = s.labels.find((l) => l.name === name);
        if (label !== undefined) values.add(label.value);
      }
      return [...values].sort();
    });
  }

  /** Values of a label over all series: only series carrying it are looked at, via its postings. */
  private allLabelValues(name: string, range: TimeRange): string[] {
    this.checkOpen();
    checkRange(range);
    const values: string[] = [];
    for (const [value, ids] of this.head.postings.values(name)) {
      if (ids.some((id) => this.head.getById(id)?.samples.hasSampleIn(range.minT, range.maxT) === true)) {
        values.push(value);
      }
    }
    return values.sort();
  }

  private *iterate(matchers: readonly Matcher[], range: TimeRange): Generator<SeriesSamples> {
    for (const series of this.matching(matchers, range)) {
      const samples = series.samples.range(range.minT, range.maxT);
      if (samples.length > 0) yield { labels: series.labels, samples };
    }
  }

  /** Series matching the selector with a sample in range, sorted by labels. */
  private matching(matchers: readonly Matcher[], range: TimeRange): MemSeries[] {
    this.checkOpen();
    checkRange(range);
    const compiled = compileSelector(matchers);
    return this.head
      .select(compiled)
      .filter((s) => s.samples.hasSampleIn(range.minT, range.maxT))
      .sort((a, b) => compareLabels(a.labels, b.labels));
  }

  private matchingOrAll(matchers: readonly Matcher[], range: TimeRange): MemSeries[] {
    if (matchers.length > 0) return this.matching(matchers, range);
    this.checkOpen();
    checkRange(range);
    return [...this.head.all()].filter((s) => s.samples.hasSampleIn(range.minT, range.maxT));
  }
}
