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
  const instance = writer?.instance;
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
      if (getLabel(s.labels, TEAM_LABEL) !== writer!.team) {
        s.labels = setLabel(s.labels, TEAM_LABEL, writer!.team ?? '');
      }
    }
  }
  return series;
}

/** A harvester tried to write another machine's series (answer 403). */
export class ForbiddenSeriesError extends InvalidInputError {}
