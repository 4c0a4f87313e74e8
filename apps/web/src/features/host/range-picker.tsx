/**
 * The host page's time controls: quick ranges (5 m … 30 d), a custom from/to, zoom out, and
 * live refresh. An absolute range (custom or dragged on a chart) pauses live refresh by nature.
 */
import { useState } from 'preact/hooks';
import { TIME_RANGES, type AbsoluteRange, type TimeRange } from './time-range';

export interface RangePickerProps {
  range: TimeRange;
  live: boolean;
  onRange: (range: TimeRange) => void;
  onZoomOut: () => void;
  onLive: (live: boolean) => void;
}

/** `datetime-local` text of unix seconds, in local time ("2024-05-01T14:03"). */
function localInput(seconds: number): string {
  const d = new Date(seconds * 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A short description of an absolute range: "05-01 14:03 → 05-01 15:03". */
export function describeRange(r: AbsoluteRange): string {
  const fmt = (s: number): string => localInput(s).slice(5).replace('T', ' ');
  return `${fmt(r.from)} → ${fmt(r.to)}`;
}

function CustomRange({ range, onRange }: { range: TimeRange; onRange: (r: TimeRange) => void }) {
  const now = Math.floor(Date.now() / 1000);
  const initial = range.kind === 'absolute' ? range : { from: now - 3600, to: now };
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState(localInput(initial.from));
  const [to, setTo] = useState(localInput(initial.to));
  const [error, setError] = useState<string | null>(null);

  const apply = (): void => {
    const f = Math.floor(new Date(from).getTime() / 1000);
    const t = Math.floor(new Date(to).getTime() / 1000);
    if (!Number.isFinite(f) || !Number.isFinite(t)) return setError('Both times are needed.');
    if (t - f < 60) return setError('“To” must be at least a minute after “From”.');
    setError(null);
    setOpen(false);
    onRange({ kind: 'absolute', from: f, to: t });
  };

  return (
    <div class="range-custom">
      <button
        type="button"
        class="button"
        aria-expanded={open}
        aria-pressed={range.kind === 'absolute'}
        data-testid="range-custom"
        onClick={() => setOpen(!open)}
      >
        {range.kind === 'absolute' ? <span class="range-label">{describeRange(range)}</span> : 'Custom…'}
      </button>
      {open && (
        <form
          class="range-custom__form"
          aria-label="Custom time range"
          onSubmit={(e) => {
            e.preventDefault();
            apply();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setOpen(false);
          }}
        >
          <label class="field">
            <span class="field__label">From</span>
            <input
              class="input"
              type="datetime-local"
              value={from}
              required
              onInput={(e) => setFrom(e.currentTarget.value)}
            />
          </label>
          <label class="field">
            <span class="field__label">To</span>
            <input
              class="input"
              type="datetime-local"
              value={to}
              required
              onInput={(e) => setTo(e.currentTarget.value)}
            />
          </label>
          {error && (
            <p class="range-custom__error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" class="button button--primary">
            Show this range
          </button>
        </form>
      )}
    </div>
  );
}

export function RangePicker({ range, live, onRange, onZoomOut, onLive }: RangePickerProps) {
  return (
    <div class="range-picker">
      <div class="segmented" role="group" aria-label="Time range">
        {TIME_RANGES.map((r) => (
          <button
            type="button"
            key={r.key}
            class="segmented__item"
            aria-pressed={range.kind === 'relative' && r.key === range.key}
            aria-label={`Last ${r.label}`}
            data-testid={`range-${r.key}`}
            onClick={() => onRange(r)}
          >
            {r.label}
          </button>
        ))}
      </div>
      <CustomRange
        key={range.kind === 'absolute' ? `${range.from}-${range.to}` : 'relative'}
        range={range}
        onRange={onRange}
      />
      <button
        type="button"
        class="button"
        onClick={onZoomOut}
        title="Twice as long, same middle"
        data-testid="zoom-out"
      >
        Zoom out
      </button>
      {range.kind === 'relative' && (
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
      )}
    </div>
  );
}
