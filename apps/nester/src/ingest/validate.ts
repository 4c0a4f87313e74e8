import type { Labels, Sample } from '@seahawks/model';
import { checkWireLabels, formatLabels, getLabel, InvalidInputError, setLabel } from '@seahawks/model';

export interface DecodedSeries {
  labels: Labels;
  samples: Sample[];
}

/** Upper bounds on what one series may carry: anything bigger is an attack or a bug. */
const MAX_LABELS = 128;
const MAX_LABEL_VALUE_BYTES = 64 * 1024;

/**
 * Checks a decoded remote_write request whole before anything is stored, so a bad request is
 * refused entirely (400) and a good one is appended entirely. When `instance` is given (a harvester
 * speaks), every series must carry that instance or none, and gets it set: a harvester can only
 * write its own series.
 */
export function validateWriteRequest(series: DecodedSeries[], instance: string | undefined): DecodedSeries[] {
  for (let i = 0; i < series.length; i++) {
    const s = series[i]!;
    const where = `series ${i}`;
    if (s.labels.length > MAX_LABELS) {
      throw new InvalidInputError(
        `cannot accept ${where}: ${s.labels.length} labels exceed the limit of ${MAX_LABELS}`,
      );
    }
    const problem = checkWireLabels(s.labels);
    if (problem !== undefined) throw new InvalidInputError(`cannot accept ${where}: ${problem}`);
    for (const l of s.labels) {
      if (l.value.length > MAX_LABEL_VALUE_BYTES) {
        throw new InvalidInputError(`cannot accept ${where}: value of label "${l.name}" longer than 64 KiB`);
      }
    }
    for (const sample of s.samples) {
      if (!Number.isSafeInteger(sample.t)) {
        throw new InvalidInputError(
          `cannot accept ${where} ${formatLabels(s.labels)}: timestamp ${sample.t} is not an integer of milliseconds`,
        );
      }
    }
    if (instance !== undefined) {
      const claimed = getLabel(s.labels, 'instance');
      if (claimed !== undefined && claimed !== instance) {
        throw new ForbiddenSeriesError(
          `cannot accept ${where}: harvester "${instance}" cannot write series of instance "${claimed}"`,
        );
      }
      if (claimed === undefined) s.labels = setLabel(s.labels, 'instance', instance);
    }
  }
  return series;
}

/** A harvester tried to write another machine's series (answer 403). */
export class ForbiddenSeriesError extends InvalidInputError {}
