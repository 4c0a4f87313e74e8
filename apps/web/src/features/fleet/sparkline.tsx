/** A tiny line of a 0..1 ratio over time (SVG, no axes), coloured by the level of its last value. */
import { formatRatio } from '../../lib/format-number';
import { ratioLevel } from '../../lib/level';

export interface SparklineProps {
  values: ReadonlyArray<number | null> | undefined;
  width?: number;
  height?: number;
  /** What the values are, for the accessible description ("CPU over the last hour"). */
  what: string;
}

export function Sparkline({ values, width = 72, height = 22, what }: SparklineProps) {
  const known = (values ?? []).filter((v): v is number => v !== null);
  if (!values || known.length === 0) return <span class="sparkline sparkline--empty" aria-hidden="true" />;
  const dx = width / Math.max(1, values.length - 1);
  const y = (v: number): number => (1 - v) * (height - 2) + 1;
  const segments: string[] = [];
  let current = '';
  values.forEach((v, i) => {
    if (v === null) {
      if (current !== '') segments.push(current);
      current = '';
      return;
    }
    current += `${current === '' ? 'M' : 'L'}${(i * dx).toFixed(1)},${y(v).toFixed(1)}`;
  });
  if (current !== '') segments.push(current);
  const last = known[known.length - 1]!;
  const peak = Math.max(...known);
  return (
    <svg
      class={`sparkline sparkline--${ratioLevel(last)}`}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${what}: now ${formatRatio(last)}, peak ${formatRatio(peak)}`}
    >
      <title>{`${what}: now ${formatRatio(last)}, peak ${formatRatio(peak)}`}</title>
      {segments.map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}
