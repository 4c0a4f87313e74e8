/** The units a chart's y axis can carry, each with its tick/legend formatter and tick increments. */
import {
  formatBytes,
  formatBytesRate,
  formatCelsius,
  formatLoad,
  formatPercent,
  formatShort,
} from '../../lib/format-number';

export type ChartUnit = 'percent' | 'bytes' | 'bytesRate' | 'celsius' | 'load' | 'cpuSeconds' | 'count';

/** Formats one y value for the axis and the legend. */
export function formatUnit(unit: ChartUnit, value: number | null | undefined): string {
  switch (unit) {
    case 'percent':
      return formatPercent(value);
    case 'bytes':
      return formatBytes(value);
    case 'bytesRate':
      return formatBytesRate(value);
    case 'celsius':
      return formatCelsius(value);
    case 'load':
      return formatLoad(value);
    case 'count':
      return formatShort(value);
    case 'cpuSeconds':
      return value === null || value === undefined ? formatShort(value) : `${formatShort(value)} cores`;
  }
}

/** Words for the unit, shown under the chart title. */
export function unitCaption(unit: ChartUnit): string {
  switch (unit) {
    case 'percent':
      return '%';
    case 'bytes':
      return 'bytes';
    case 'bytesRate':
      return 'bytes/s';
    case 'celsius':
      return '°C';
    case 'load':
      return 'runnable tasks';
    case 'cpuSeconds':
      return 'CPU-seconds/s';
    case 'count':
      return 'processes';
  }
}

const MANTISSAS = [1, 2, 5, 10, 20, 50, 100, 200, 500];
const DECIMAL_MANTISSAS = [1, 2, 2.5, 5];

/** Binary tick increments (…, 512 MiB, 1 GiB, 2 GiB, …) so byte axes read in whole units. */
const BINARY_INCRS: number[] = [0, 1, 2, 3, 4, 5].flatMap((k) => MANTISSAS.map((m) => m * 1024 ** k));

/** Decimal tick increments from 0.001 to 1e12. */
const DECIMAL_INCRS: number[] = Array.from({ length: 16 }, (_, i) => 10 ** (i - 3)).flatMap((p) =>
  DECIMAL_MANTISSAS.map((m) => m * p),
);

/** Tick increments for the y axis of a unit. */
export function tickIncrements(unit: ChartUnit): number[] {
  return unit === 'bytes' || unit === 'bytesRate' ? BINARY_INCRS : DECIMAL_INCRS;
}
