import type { Labels, Sample } from '@seahawks/model';
import { checkWireLabels, formatLabels, getLabel, InvalidInputError, setLabel } from '@seahawks/model';
import { TEAM_LABEL } from '../auth/access.js';

export interface DecodedSeries {
  labels: Labels;
  samples: Sample[];
}

/** Upper bounds on what one series may carry: anything bigger is an attack or a bug. */
const MAX_LABELS = 128;
const MAX_LABEL_VALUE_BYTES = 64 * 1024;

/** Who writes, when a harvester does: its name and the team the registry gives it. */
export interface WriterIdentity {
  readonly instance: string;
  /** The registry's `team` label; undefined for a harvester of no team. */
  readonly team: string | undefined;
}

/**
 * Checks a decoded remote_write request whole before anything is stored, so a bad request is
 * refused entirely (400) and a good one is appended entirely. When `writer` is given (a harvester
 * speaks), every series must carry its instance or none, and gets it set: a harvester can only
 * write its own series. Its `team` label is always set to the registry's (removed when it has
 * none), because teams scope what users read (auth/access.ts): a harvester must not be able to
 * place series in another team's view.
 */
export function validateWriteRequest(
  series: DecodedSeries[],
  writer: WriterIdentity | undefined,
): DecodedSeries[] {
  for (let i = 0; i < series.length; i++) {
    const s = series[i]!;
    s.labels = validateSeries(s.labels, s.samples, i, writer);
  }
  return series;
}

/**
 * Checks series `index` of a request as `validateWriteRequest` does, throwing the same errors,
 * and returns its labels as stored (the writer's instance and team set). `timestamps` are its
 * samples' timestamps: sample objects, or a column with the series' range in it.
 */
export function validateSeries(
  labels: Labels,
  timestamps: readonly Sample[] | { readonly t: Float64Array; readonly from: number; readonly to: number },
  index: number,
  writer: WriterIdentity | undefined,
): Labels {
  const where = `series ${index}`;
  if (labels.length > MAX_LABELS) {
    throw new InvalidInputError(
      `cannot accept ${where}: ${labels.length} labels exceed the limit of ${MAX_LABELS}`,
    );
  }
  const problem = checkWireLabels(labels);
  if (problem !== undefined) throw new InvalidInputError(`cannot accept ${where}: ${problem}`);
  for (const l of labels) {
    if (l.value.length > MAX_LABEL_VALUE_BYTES) {
      throw new InvalidInputError(`cannot accept ${where}: value of label "${l.name}" longer than 64 KiB`);
    }
  }
  const bad = firstUnsafeTimestamp(timestamps);
  if (bad !== undefined) {
    throw new InvalidInputError(
      `cannot accept ${where} ${formatLabels(labels)}: timestamp ${bad} is not an integer of milliseconds`,
    );
  }
  if (writer === undefined) return labels;
  let stored = labels;
  const claimed = getLabel(stored, 'instance');
  if (claimed !== undefined && claimed !== writer.instance) {
    throw new ForbiddenSeriesError(
      `cannot accept ${where}: harvester "${writer.instance}" cannot write series of instance "${claimed}"`,
    );
  }
  if (claimed === undefined) stored = setLabel(stored, 'instance', writer.instance);
  if (getLabel(stored, TEAM_LABEL) !== writer.team) stored = setLabel(stored, TEAM_LABEL, writer.team ?? '');
  return stored;
}

/** The first timestamp that is not a safe integer, if any. */
export function firstUnsafeTimestamp(
  timestamps: readonly Sample[] | { readonly t: Float64Array; readonly from: number; readonly to: number },
): number | undefined {
  if ('t' in timestamps) {
    const { t, from, to } = timestamps;
    for (let j = from; j < to; j++) if (!Number.isSafeInteger(t[j])) return t[j];
    return undefined;
  }
  for (const sample of timestamps) if (!Number.isSafeInteger(sample.t)) return sample.t;
  return undefined;
}

/** A harvester tried to write another machine's series (answer 403). */
export class ForbiddenSeriesError extends InvalidInputError {}
