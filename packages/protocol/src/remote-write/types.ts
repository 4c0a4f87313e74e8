import type { Label, Sample } from '@seahawks/model';

/**
 * One series of a remote_write request: its labels as sent (the codec neither sorts nor
 * validates them; the receiver does) and its float samples (`t` in ms since the epoch).
 */
export interface RemoteWriteSeries {
  labels: Label[];
  samples: Sample[];
}

/** What the encoder accepts: the same shape, read-only. */
export interface RemoteWriteSeriesInput {
  readonly labels: readonly Label[];
  readonly samples: readonly Sample[];
}

/**
 * Parts of a WriteRequest that the decoder recognised but does not return, counted so that a
 * receiver can report what it ignored instead of dropping it silently.
 */
export interface SkippedParts {
  /** `TimeSeries.exemplars` entries (field 3). */
  exemplars: number;
  /** `TimeSeries.histograms` entries (field 4): native histograms are not supported. */
  histograms: number;
  /** `WriteRequest.metadata` entries (field 3). */
  metadata: number;
}

/** A decoded `prometheus.WriteRequest` (remote_write 1.0). */
export interface DecodedWriteRequest {
  series: RemoteWriteSeries[];
  skipped: SkippedParts;
}
