/**
 * Builds the uPlot options of a host chart: themed axes, unit-aware ticks and legend, a cursor
 * synced across the page's charts, and drag to zoom (the selection becomes the page's range).
 */
import uPlot from 'uplot';
import { formatClock } from '../../lib/format-time';
import { withAlpha, type ChartTheme } from './chart-theme';
import { formatUnit, tickIncrements, type ChartUnit } from './chart-units';
import type { DrawnSeries } from './load-chart-data';

/** Cursor sync group: hovering one chart of a host shows the same instant on all of them. */
export const CURSOR_SYNC_KEY = 'seahawks-host';

export interface ChartLayout {
  unit: ChartUnit;
  series: readonly DrawnSeries[];
  yMin: number | null;
  yMax: number | null;
  width: number;
  height: number;
  theme: ChartTheme;
  /** Called after every redraw of the series, with the number of points drawn. */
  onDraw: (points: number) => void;
  /** Called with the time span (unix seconds) selected by dragging across the chart. */
  onZoom: (from: number, to: number) => void;
}

/** Palette colours per colour key, handed out in order of first appearance. */
function assignColors(series: readonly DrawnSeries[], palette: readonly string[]): string[] {
  const byKey = new Map<string, string>();
  return series.map((s) => {
    if (s.style.color) return s.style.color;
    const key = s.style.colorKey ?? s.name;
    let color = byKey.get(key);
    if (color === undefined) {
      color = palette[byKey.size % palette.length] ?? '#888888';
      byKey.set(key, color);
    }
    return color;
  });
}

function yRange(yMin: number | null, yMax: number | null): uPlot.Range.Function {
  return (_u, min, max) => {
    if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max))
      return [yMin ?? 0, yMax ?? 1];
    if (yMin === null && yMax === null) return uPlot.rangeNum(min, max, 0.1, true);
    const lo = yMin === null ? min : Math.min(yMin, min);
    const top = yMax === null ? max : Math.max(yMax, max);
    const hi = top > lo ? (yMax !== null && top === yMax ? top : top + (top - lo) * 0.1) : lo + 1;
    return [lo, hi];
  };
}

/** The last x index where any series has a value, or null when the chart is empty. */
function lastIndexWithData(data: uPlot.AlignedData): number | null {
  for (let i = (data[0]?.length ?? 0) - 1; i >= 0; i--) {
    for (let s = 1; s < data.length; s++) if (data[s]?.[i] != null) return i;
  }
  return null;
}

/** With no cursor over the chart, the legend shows the latest values instead of dashes. */
function showLatestInLegend(u: uPlot): void {
  if (u.cursor.idx != null) return;
  const idx = lastIndexWithData(u.data);
  if (idx !== null) u.setLegend({ idx }, false);
}

/** Points of the series currently shown (legend toggles count), i.e. what the chart draws. */
export function drawnPoints(u: uPlot): number {
  let n = 0;
  u.series.forEach((s, i) => {
    const values = u.data[i];
    if (i === 0 || !s.show || !values) return;
    for (const v of values) if (v != null) n++;
  });
  return n;
}

/** Tick labels of the time axis: 24-hour clock, seconds for short spans, the date where it changes. */
function timeTicks(_u: uPlot, splits: number[], _axis: number, _space: number, incr: number): string[] {
  let previousDay = '';
  return splits.map((t) => {
    const d = new Date(t * 1000);
    const pad = (n: number): string => String(n).padStart(2, '0');
    const day = `${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    const clock =
      incr < 60
        ? `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
        : `${pad(d.getHours())}:${pad(d.getMinutes())}`;
    const label =
      incr >= 86400 ? day : day !== previousDay && previousDay !== '' ? `${clock}\n${day}` : clock;
    previousDay = day;
    return label;
  });
}

/** Room for the widest tick label, in CSS pixels. */
function axisSize(_u: uPlot, values: string[] | null): number {
  const longest = Math.max(3, ...(values ?? []).map((v) => v.length));
  return Math.ceil(longest * 6.6) + 16;
}

/** A drag of a few pixels or more zooms; the selection box is cleared either way. */
function zoomToSelection(u: uPlot, onZoom: (from: number, to: number) => void): void {
  const { left, width } = u.select;
  if (width >= 3) onZoom(u.posToVal(left, 'x'), u.posToVal(left + width, 'x'));
  u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
}

export function buildOptions(layout: ChartLayout): uPlot.Options {
  const { unit, theme } = layout;
  const colors = assignColors(layout.series, theme.palette);
  const filled = layout.series.filter((s) => !s.style.dashed && !s.style.hidden).length <= 2;
  const axisCommon = {
    stroke: theme.axis,
    font: theme.font,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.tick, width: 1, size: 4 },
  };
  return {
    width: layout.width,
    height: layout.height,
    pxAlign: 0,
    cursor: {
      sync: { key: CURSOR_SYNC_KEY },
      drag: { x: true, y: false, setScale: false },
      focus: { prox: 24 },
      points: { size: 7 },
    },
    focus: { alpha: 0.35 },
    legend: { live: true },
    scales: { x: { time: true }, y: { range: yRange(layout.yMin, layout.yMax) } },
    axes: [
      { ...axisCommon, space: 70, values: timeTicks },
      {
        ...axisCommon,
        incrs: tickIncrements(unit),
        space: 28,
        size: axisSize,
        values: (_u, splits) => splits.map((v) => formatUnit(unit, v)),
      },
    ],
    series: [
      { label: 'Time', value: (_u, v) => (v === null ? '—' : formatClock(v * 1000)) },
      ...layout.series.map((s, i): uPlot.Series => {
        const color = colors[i] ?? '#888888';
        return {
          label: s.name,
          stroke: color,
          width: 1.5,
          fill: filled && !s.style.dashed ? withAlpha(color, 0.08) : undefined,
          dash: s.style.dashed ? [6, 4] : undefined,
          show: !s.style.hidden,
          spanGaps: false,
          // uPlot's default: dots only where points are sparse, so a young host's first few
          // samples are visible instead of a line too short to see.
          points: { size: 5 },
          value: (_u, v) => formatUnit(unit, v),
        };
      }),
    ],
    hooks: {
      draw: [(u) => layout.onDraw(drawnPoints(u))],
      ready: [showLatestInLegend],
      setData: [showLatestInLegend],
      setCursor: [showLatestInLegend],
      setSelect: [(u) => zoomToSelection(u, layout.onZoom)],
    },
  };
}
