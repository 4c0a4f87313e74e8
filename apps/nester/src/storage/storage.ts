import type { Labels, Matcher, Sample } from '@seahawks/model';

/** An inclusive time range in milliseconds since the epoch: `minT <= t <= maxT`. */
export interface TimeRange {
  readonly minT: number;
  readonly maxT: number;
}

/** One series with its samples, sorted by timestamp ascending, no two with the same timestamp. */
export interface SeriesSamples {
  readonly labels: Labels;
  readonly samples: readonly Sample[];
}

/** Why samples of an append were refused; each reason is counted separately. */
export type RejectReason = 'duplicate_timestamp' | 'too_old' | 'invalid_labels';

export interface AppendResult {
  /** Samples now stored (a sample identical to one already stored counts as accepted). */
  readonly accepted: number;
  /** Samples refused, by reason; the rest of the batch is stored regardless. */
  readonly rejected: Readonly<Partial<Record<RejectReason, number>>>;
  /** First refusal, written for a person: `cannot append sample ...: ...`. */
  readonly firstError: string | undefined;
}

/**
 * Writes samples. The returned promise resolves only once every accepted sample is durable:
 * it survives the process being killed the next instant. Callers acknowledge senders after it.
 * Label sets must be canonical (sorted, unique names, no empty values).
 */
export interface Appender {
  append(batch: readonly SeriesSamples[]): Promise<AppendResult>;
  /**
   * Optional fast path, the same contract as `append` (results, reasons, messages, durability)
   * for a batch in columns: engines that have it spare the caller an object per sample and
   * themselves a look-up by labels for a series whose handle they filled before.
   */
  appendColumns?(batch: ColumnarBatch): Promise<AppendResult>;
}

/**
 * A series as a caller keeps it across appends (the remote_write path interns one per label
 * set). `engineRef` belongs to the engine that appends it: it may keep its own series object there
 * and must check that it is still current before trusting it.
 */
export interface SeriesHandle {
  readonly labels: Labels;
  engineRef: unknown;
}

/** A batch in columns: the samples of `series[i]` are at `[offsets[i], offsets[i + 1])` of `t`, `v`. */
export interface ColumnarBatch {
  readonly series: readonly SeriesHandle[];
  readonly offsets: Uint32Array;
  /** Timestamps, ms. */
  readonly t: Float64Array;
  /** Values, bit-exact (the staleness NaN included). */
  readonly v: Float64Array;
}

/**
 * Reads series. Every range is inclusive on both ends; matchers follow Prometheus (a label that
 * is absent matches as the empty string; at least one matcher must not match the empty string,
 * otherwise `InvalidQueryError`).
 */
export interface Querier {
  /** Series matching all matchers, each with its samples inside `range`; series with no sample in range are omitted. */
  select(matchers: readonly Matcher[], range: TimeRange): AsyncIterable<SeriesSamples>;
  /** Label sets of series matching, that have at least one sample inside `range`. */
  series(matchers: readonly Matcher[], range: TimeRange): Promise<Labels[]>;
  /** Sorted label names of series matching (all series when `matchers` is empty) in `range`. */
  labelNames(matchers: readonly Matcher[], range: TimeRange): Promise<string[]>;
  /** Sorted values of one label across series matching (all when empty) in `range`. */
  labelValues(name: string, matchers: readonly Matcher[], range: TimeRange): Promise<string[]>;
}

/** What a deletion removed. */
export interface DeleteResult {
  /** Samples removed (an engine that cannot count them cheaply reports what it can, or 0). */
  readonly samples: number;
  /** Series left with no sample at all, hence gone from label and series look-ups. */
  readonly series: number;
}

/** A storage engine: the one thing `main.ts` picks. Everything else sees `Appender` and `Querier`. */
export interface Storage {
  readonly appender: Appender;
  readonly querier: Querier;
  /**
   * Deletes the samples of the series matching every matcher with `range.minT <= t <= range.maxT`
   * (administrators only; Prometheus' `delete_series`). Matchers follow `Querier.select` (at
   * least one must not match the empty string, else `InvalidQueryError`). Resolves once the
   * deletion is durable: no later read, restart or crash brings the samples back. Samples
   * appended afterwards at those timestamps are stored as new.
   */
  deleteSeries(matchers: readonly Matcher[], range: TimeRange): Promise<DeleteResult>;
  /**
   * Removes from disk what `deleteSeries` only marked as deleted (Prometheus'
   * `clean_tombstones`); reads answer the same before and after. Engines that delete outright
   * resolve at once.
   */
  cleanTombstones(): Promise<void>;
  /** Counters for the nester's own `/metrics`. */
  stats(): StorageStats;
  /** Flushes and releases files; appends after close fail with `StorageClosedError`. */
  close(): Promise<void>;
}

export interface StorageStats {
  readonly series: number;
  readonly samplesAppended: number;
  readonly samplesRejected: number;
  /** `samplesRejected` by reason, when the engine counts them (the counts add up to it). */
  readonly samplesRejectedByReason?: Readonly<Partial<Record<RejectReason, number>>>;
  /** The engine's own figures (WAL, chunks, compactions, …) for `/metrics`. */
  readonly engineMetrics?: readonly StorageMetric[];
}

/**
 * One metric family an engine reports: `name` is the full metric name; each sample adds
 * `suffix` to it (`_sum`, `_count` for a summary) and its labels.
 */
export interface StorageMetric {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge' | 'summary';
  readonly samples: ReadonlyArray<{
    readonly suffix?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly value: number;
  }>;
}
