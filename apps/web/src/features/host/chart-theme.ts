/**
 * Colours and fonts of the charts, for the theme in force: axis and grid colours come from the
 * CSS tokens (styles/theme.css), series colours from a palette tuned for each background.
 */
import type { Theme } from '../../lib/theme';

/** Series colours in the order they are handed out (Grafana's classic palette), per theme. */
const PALETTES: Record<Theme, readonly string[]> = {
  dark: [
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
  ],
  light: [
    '#37872d',
    '#c79f00',
    '#1f60c4',
    '#e55400',
    '#c4162a',
    '#8f3bb8',
    '#3274d9',
    '#56a64b',
    '#cc7a00',
    '#e02f44',
    '#a352cc',
    '#138a9b',
  ],
};

/** Colours given to well-known series, readable on both backgrounds. */
export const NAMED_COLORS = {
  blue: '#3d7ee8',
  red: '#e0364a',
  yellow: '#d9a800',
  orange: '#f08020',
  purple: '#a35fd0',
  green: '#4aa33f',
  grey: '#8e8e9a',
} as const;

export interface ChartTheme {
  palette: readonly string[];
  axis: string;
  grid: string;
  tick: string;
  font: string;
  height: number;
}

function token(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}

/** The chart theme for `theme` (call after the theme is applied to <html>). */
export function chartTheme(theme: Theme): ChartTheme {
  return {
    palette: PALETTES[theme],
    axis: token('--chart-axis', '#9fa0ab'),
    grid: token('--chart-grid', 'rgba(204, 204, 220, 0.08)'),
    tick: token('--chart-tick', 'rgba(204, 204, 220, 0.16)'),
    font: '11px system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif',
    height: 210,
  };
}

/** `#rrggbb` with an alpha channel: withAlpha('#73bf69', 0.1) → '#73bf691a'. */
export function withAlpha(hex: string, alpha: number): string {
  const a = Math.round(Math.min(1, Math.max(0, alpha)) * 255);
  return `${hex}${a.toString(16).padStart(2, '0')}`;
}
