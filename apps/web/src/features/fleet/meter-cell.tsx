/** A table cell showing a 0..1 usage as a bar coloured by level, with the percentage beside it. */
import { formatRatio } from '../../lib/format-number';
import { ratioLevel } from '../../lib/level';

export interface MeterCellProps {
  ratio: number | null;
  /** Draw the bar dimmed (the value is the last one known from an offline harvester). */
  stale?: boolean;
  /** What is measured, for screen readers ("CPU"). */
  label: string;
}

export function MeterCell({ ratio, stale = false, label }: MeterCellProps) {
  const level = ratioLevel(ratio);
  const width = ratio === null || Number.isNaN(ratio) ? 0 : Math.min(1, Math.max(0, ratio)) * 100;
  return (
    <td class={`num meter-cell${stale ? ' is-stale' : ''}`}>
      <div class={`meter meter--${level}`}>
        <div class="meter__track" aria-hidden="true">
          <div class="meter__fill" style={{ width: `${width}%` }} />
        </div>
        <span class="meter__text">
          <span class="visually-hidden">{label} </span>
          {formatRatio(ratio)}
        </span>
      </div>
    </td>
  );
}
