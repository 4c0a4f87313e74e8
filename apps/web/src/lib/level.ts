/** Traffic-light levels for vital signs: the same thresholds for the fleet table and the host page. */

export type Level = 'ok' | 'warn' | 'crit' | 'none';

/** Below this ratio a resource is fine (green). */
export const WARN_RATIO = 0.7;
/** From this ratio on a resource is critical (red); in between it is a warning (amber). */
export const CRIT_RATIO = 0.9;

const WARN_CELSIUS = 70;
const CRIT_CELSIUS = 85;

/** Level of a 0..1 usage ratio: green < 70 % ≤ amber < 90 % ≤ red. */
export function ratioLevel(ratio: number | null | undefined): Level {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return 'none';
  if (ratio >= CRIT_RATIO) return 'crit';
  if (ratio >= WARN_RATIO) return 'warn';
  return 'ok';
}

/** Level of a temperature in °C: green < 70 ≤ amber < 85 ≤ red. */
export function temperatureLevel(celsius: number | null | undefined): Level {
  if (celsius === null || celsius === undefined || Number.isNaN(celsius)) return 'none';
  if (celsius >= CRIT_CELSIUS) return 'crit';
  if (celsius >= WARN_CELSIUS) return 'warn';
  return 'ok';
}

/**
 * Level of a 1-minute load average relative to the CPU count: green below one runnable task per CPU,
 * amber up to two, red beyond; no level when the CPU count is unknown.
 */
export function loadLevel(load: number | null | undefined, cpus: number | undefined): Level {
  if (load === null || load === undefined || Number.isNaN(load) || !cpus) return 'none';
  if (load >= 2 * cpus) return 'crit';
  if (load >= cpus) return 'warn';
  return 'ok';
}
