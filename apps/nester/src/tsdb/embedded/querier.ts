import { compileMatcher } from '@seahawks/model';
import type { CompiledMatcher, Labels, Matcher, Sample } from '@seahawks/model';
import { InvalidQueryError } from '../../storage/errors.js';
import type { Querier, SeriesSamples, TimeRange } from '../../storage/storage.js';
import { isDeleted } from './block-set.js';
import type { BlockSet } from './block-set.js';
import type { BlockReader } from './block/types.js';
import type { Head, MemSeries } from './head.js';
import { hasSampleIn, mergedRange } from './merge-series.js';
import type { MergedSeries, SeriesPart } from './merge-series.js';
import { LabelSetMap } from './series-map.js';

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
export function compileSelector(matchers: readonly Matcher[]): CompiledMatcher[] {
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

/** A block's series as a part of a merged series, without the ranges deleted from it. */
export class BlockPart implements SeriesPart {
  constructor(
    private readonly block: BlockReader,
    private readonly ref: number,
    private readonly deleted: readonly number[] | undefined,
  ) {}

  hasSampleIn(minT: number, maxT: number): boolean {
    if (this.deleted === undefined) return this.block.hasSampleIn(this.ref, minT, maxT);
    return this.range(minT, maxT).length > 0;
  }

  range(minT: number, maxT: number): Sample[] {
    const samples = this.block.range(this.ref, minT, maxT);
    const deleted = this.deleted;
    if (deleted === undefined) return samples;
    return samples.filter((s) => !isDeleted(deleted, s.t));
  }
}

function fromHead(series: MemSeries): MergedSeries {
  return { labels: series.labels, hash: series.hash, parts: [series.samples] };
}

/**
 * Answers queries from the blocks and the head. A series held by several of them (its older
 * samples in blocks, its recent ones in the head) is answered as one, by label set. Each
 * series' samples are copied out when it is yielded, so a reader sees every series whole even
 * while appends go on between two `next()` calls.
 */
export class HeadQuerier implements Querier {
  constructor(
    private readonly head: Head,
    private readonly blocks: BlockSet,
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
      if (matchers.length > 0) {
        for (const s of this.matching(matchers, range)) for (const l of s.labels) names.add(l.name);
        return [...names].sort();
      }
      this.checkOpen();
      checkRange(range);
      for (const s of this.head.all()) {
        if (s.samples.hasSampleIn(range.minT, range.maxT)) for (const l of s.labels) names.add(l.name);
      }
      for (const b of this.blocks.overlapping(range.minT, range.maxT)) {
        const whole = this.wholeIn(b, range);
        for (let ref = 0; ref < b.seriesCount; ref++) {
          if (whole || this.part(b, ref).hasSampleIn(range.minT, range.maxT)) {
            for (const l of b.labels(ref)) names.add(l.name);
          }
        }
      }
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

  /** Values of a label over all series: only series carrying it are looked at, via postings. */
  private allLabelValues(name: string, range: TimeRange): string[] {
    this.checkOpen();
    checkRange(range);
    const values = new Set<string>();
    for (const [value, ids] of this.head.postings.values(name)) {
      if (ids.some((id) => this.head.getById(id)?.samples.hasSampleIn(range.minT, range.maxT) === true)) {
        values.add(value);
      }
    }
    for (const b of this.blocks.overlapping(range.minT, range.maxT)) {
      const whole = this.wholeIn(b, range);
      for (const [value, refs] of b.postingsOf(name)) {
        if (values.has(value)) continue;
        if (whole || refs.some((ref) => this.part(b, ref).hasSampleIn(range.minT, range.maxT)))
          values.add(value);
      }
    }
    return [...values].sort();
  }

  private part(block: BlockReader, ref: number): BlockPart {
    return new BlockPart(block, ref, this.blocks.deletedRanges(block, ref));
  }

  /**
   * True when every series of the block has a sample in the range: the block lies inside it
   * (every series of a block has a sample) and nothing was deleted from it.
   */
  private wholeIn(block: BlockReader, range: TimeRange): boolean {
    return block.meta.minT >= range.minT && block.meta.maxT <= range.maxT && !this.blocks.hasDeletions(block);
  }

  private *iterate(matchers: readonly Matcher[], range: TimeRange): Generator<SeriesSamples> {
    for (const series of this.matching(matchers, range)) {
      const samples = mergedRange(series, range.minT, range.maxT);
      if (samples.length > 0) yield { labels: series.labels, samples };
    }
  }

  /** Series matching the selector with a sample in range, sorted by labels. */
  private matching(matchers: readonly Matcher[], range: TimeRange): MergedSeries[] {
    this.checkOpen();
    checkRange(range);
    const compiled = compileSelector(matchers);
    const blocks = this.blocks.overlapping(range.minT, range.maxT);
    let found: MergedSeries[];
    if (blocks.length === 0) {
      found = this.head
        .select(compiled)
        .filter((s) => s.samples.hasSampleIn(range.minT, range.maxT))
        .map(fromHead);
    } else {
      const bySet = new LabelSetMap<MergedSeries>();
      const add = (labels: Labels, hash: number, part: SeriesPart): void => {
        const known = bySet.get(labels, hash);
        if (known !== undefined) known.parts.push(part);
        else bySet.add({ labels, hash, parts: [part] }, hash);
      };
      for (const b of blocks) {
        for (const ref of b.select(compiled))
          add(b.labels(ref), this.blocks.hashOf(b, ref), this.part(b, ref));
      }
      for (const s of this.head.select(compiled)) add(s.labels, s.hash, s.samples);
      found = [...bySet.values()].filter((s) => hasSampleIn(s, range.minT, range.maxT));
    }
    return found.sort((a, b) => compareLabels(a.labels, b.labels));
  }
}
