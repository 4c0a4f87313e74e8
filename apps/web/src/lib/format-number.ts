/** Number formatting for tables, axes and legends. Every formatter renders null/NaN as an em dash. */

const DASH = '—';
const IEC_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;
const SI_UNITS = ['', 'k', 'M', 'G', 'T', 'P'] as const;

function missing(value: number | null | undefined): value is null | undefined {
  return value === null || value === undefined || Number.isNaN(value);
}

/** Fewer decimals as the magnitude grows: 1.23, 12.3, 123. */
function compact(value: number): string {
  const abs = Math.abs(value);
  if (abs === 0) return '0';
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return trimZeros(value.toFixed(1));
  return trimZeros(value.toFixed(2));
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** A 0..1 ratio as a percentage: 0.423 → "42%", 0.042 → "4.2%". */
export function formatRatio(ratio: number | null | undefined): string {
  return missing(ratio) ? DASH : formatPercent(ratio * 100);
}

/** A value already in percent: 42.3 → "42%", 4.23 → "4.2%". */
export function formatPercent(percent: number | null | undefined): string {
  if (missing(percent)) return DASH;
  const abs = Math.abs(percent);
  const text = abs >= 10 || abs === 0 ? percent.toFixed(0) : trimZeros(percent.toFixed(1));
  return `${text}%`;
}

/** Bytes with IEC units: 1536 → "1.5 KiB". */
export function formatBytes(bytes: number | null | undefined): string {
  if (missing(bytes)) return DASH;
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < IEC_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${compact(value)} ${IEC_UNITS[unit]}`;
}

/** Bytes per second with IEC units: "1.5 MiB/s". */
export function formatBytesRate(bytesPerSecond: number | null | undefined): string {
  return missing(bytesPerSecond) ? DASH : `${formatBytes(bytesPerSecond)}/s`;
}

/** Degrees Celsius: "47.5 °C". */
export function formatCelsius(celsius: number | null | undefined): string {
  return missing(celsius) ? DASH : `${compact(celsius)} °C`;
}

/** A load average: "0.42", "12.3". */
export function formatLoad(load: number | null | undefined): string {
  return missing(load) ? DASH : compact(load);
}

/** A plain quantity with SI prefixes: 1234 → "1.23k". */
export function formatShort(value: number | null | undefined): string {
  if (missing(value)) return DASH;
  let scaled = value;
  let unit = 0;
  while (Math.abs(scaled) >= 1000 && unit < SI_UNITS.length - 1) {
    scaled /= 1000;
    unit++;
  }
  return `${compact(scaled)}${SI_UNITS[unit]}`;
}
