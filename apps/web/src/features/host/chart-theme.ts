/** Colours and fonts of the charts, matching the dark theme in styles/theme.css. */

/** Series colours in the order they are handed out (Grafana's classic palette, brightened). */
export const SERIES_PALETTE: readonly string[] = [
  '#73bf69',
  '#fade2a',
  '#5794f2',
  '#ff9830',
  '#f2495c',
  '#b877d9',
  '#8ab8ff',
  '#96d98d',
  '#ffcb7d',
  '#ff7383',
  '#ca95e5',
  '#6ed0e0',
];

export const CHART_THEME = {
  axis: '#9fa0ab',
  grid: 'rgba(204, 204, 220, 0.08)',
  tick: 'rgba(204, 204, 220, 0.16)',
  font: '11px system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif',
  height: 210,
} as const;

/** `#rrggbb` with an alpha channel: withAlpha('#73bf69', 0.1) → '#73bf691a'. */
export function withAlpha(hex: string, alpha: number): string {
  const a = Math.round(Math.min(1, Math.max(0, alpha)) * 255);
  return `${hex}${a.toString(16).padStart(2, '0')}`;
}
