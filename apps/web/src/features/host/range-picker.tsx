/** The host page's time-range buttons and the live-refresh switch. */
import { TIME_RANGES, type TimeRange } from './time-range';

export interface RangePickerProps {
  range: TimeRange;
  live: boolean;
  onRange: (range: TimeRange) => void;
  onLive: (live: boolean) => void;
}

export function RangePicker({ range, live, onRange, onLive }: RangePickerProps) {
  return (
    <div class="range-picker">
      <div class="segmented" role="group" aria-label="Time range">
        {TIME_RANGES.map((r) => (
          <button
            type="button"
            key={r.key}
            class="segmented__item"
            aria-pressed={r.key === range.key}
            data-testid={`range-${r.key}`}
            onClick={() => onRange(r)}
          >
            {r.label}
          </button>
        ))}
      </div>
      <button
        type="button"
        class={`button live-toggle${live ? ' is-live' : ''}`}
        aria-pressed={live}
        title={live ? 'Refreshing every 5 s — click to pause' : 'Paused — click to refresh every 5 s'}
        onClick={() => onLive(!live)}
      >
        <span class="live-toggle__dot" aria-hidden="true" />
        {live ? 'Live' : 'Paused'}
      </button>
    </div>
  );
}
