import { formatLabels, InvalidInputError } from '@seahawks/model';
import type { Labels } from '@seahawks/model';
import type { AppendResult, ColumnarBatch, RejectReason, SeriesSamples } from '../../storage/storage.js';
import { checkStoredLabels } from './head.js';
import type { Head, MemSeries } from './head.js';
import { encodeSeriesRecord, SamplesRecordWriter } from './records.js';
import type { LoggedSeries } from './records.js';

/** An append applied to the head, with the WAL frames that make it durable once synced. */
export interface AppliedBatch {
  readonly result: AppendResult;
  readonly frames: Buffer[];
}

function describeSeries(labels: Labels): string {
  const text = formatLabels(labels);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * Applies a batch to the head, synchronously, and returns the WAL frames for what was new:
 * series records for series created here, then samples records. Samples with `t < minValidT`
 * are `too_old`; a taken timestamp with other value bits is a `duplicate_timestamp`; an
 * identical sample counts as accepted and is not logged again. Throws `InvalidInputError`
 * before changing anything if a timestamp is not a safe integer (sorting and the WAL need exact
 * integers, and the contract has no reject reason for it, so the batch is malformed as a whole).
 *
 * The batch is laid out in columns and applied by `applyColumns`, the one implementation of
 * these rules. Values pass through a Float64Array, which keeps their bits.
 */
export function applyBatch(head: Head, batch: readonly SeriesSamples[], minValidT: number): AppliedBatch {
  const offsets = new Uint32Array(batch.length + 1);
  for (let i = 0; i < batch.length; i++) offsets[i + 1] = offsets[i]! + batch[i]!.samples.length;
  const t = new Float64Array(offsets[batch.length]!);
  const v = new Float64Array(t.length);
  let k = 0;
  for (const entry of batch) {
    for (const s of entry.samples) {
      t[k] = s.t;
      v[k++] = s.v;
    }
  }
  const series = batch.map((entry) => ({ labels: entry.labels, engineRef: undefined }));
  return applyColumns(head, { series, offsets, t, v }, minValidT);
}

/**
 * Applies a batch in columns (see `applyBatch` for the rules). A handle's `engineRef` caches its series of this head, checked before use
 * (retention may have dropped it), so a known series costs no hash of its labels.
 */
export function applyColumns(head: Head, batch: ColumnarBatch, minValidT: number): AppliedBatch {
  const { series: handles, offsets, t: ts, v: vs } = batch;
  const total = offsets[handles.length]!;
  for (let i = 0; i < handles.length; i++) {
    for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
      const t = ts[j]!;
      if (!Number.isSafeInteger(t)) {
        throw new InvalidInputError(
          `cannot append sample ${describeSeries(handles[i]!.labels)} @${t}: timestamp is not an integer number of ms`,
        );
      }
    }
  }
  const rejected: Partial<Record<RejectReason, number>> = {};
  let firstError: string | undefined;
  const reject = (reason: RejectReason, count: number, message: () => string): void => {
    rejected[reason] = (rejected[reason] ?? 0) + count;
    firstError ??= message();
  };
  const created: LoggedSeries[] = [];
  const samples = new SamplesRecordWriter(total);
  let accepted = 0;
  for (let i = 0; i < handles.length; i++) {
    const handle = handles[i]!;
    const labels = handle.labels;
    const from = offsets[i]!;
    const to = offsets[i + 1]!;
    let series = handle.engineRef as MemSeries | undefined;
    // The head only ever removes series that hold no sample (retention, compaction, deletion
    // empty them first), so one with samples is still current; an empty one is checked by id.
    if (series === undefined || (series.samples.length === 0 && head.getById(series.id) !== series)) {
      series = head.find(labels);
      handle.engineRef = series;
      if (series === undefined) {
        const problem = checkStoredLabels(labels);
        if (problem !== undefined) {
          if (to > from) {
            reject(
              'invalid_labels',
              to - from,
              () => `cannot append series ${describeSeries(labels)}: ${problem}`,
            );
          }
          continue;
        }
      }
    }
    for (let j = from; j < to; j++) {
      const t = ts[j]!;
      if (t < minValidT) {
        reject(
          'too_old',
          1,
          () =>
            `cannot append sample ${describeSeries(labels)} @${t}: before the oldest time accepted, ${minValidT}`,
        );
        continue;
      }
      const v = vs[j]!;
      if (series === undefined) {
        // Created at its first accepted sample, so rejected input leaves no empty series behind.
        series = head.create(labels);
        handle.engineRef = series;
        created.push(series);
      }
      const outcome = head.addSample(series, t, v);
      if (outcome === 'conflict') {
        reject(
          'duplicate_timestamp',
          1,
          () => `cannot append sample ${describeSeries(labels)} @${t}: timestamp already has another value`,
        );
        continue;
      }
      accepted++;
      if (outcome !== 'duplicate') samples.add(series.id, t, v);
    }
  }
  const frames = samples.finish();
  if (created.length > 0) frames.unshift(encodeSeriesRecord(created));
  return { result: { accepted, rejected, firstError }, frames };
}
