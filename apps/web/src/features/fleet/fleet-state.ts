/** How a harvester is doing at a glance: offline, critical, warning or ok, and how full it is. */
import type { Harvester } from '../../lib/fleet-api';
import { ratioLevel, temperatureLevel, type Level } from '../../lib/level';

export type HostState = 'offline' | 'crit' | 'warn' | 'ok';

export const HOST_STATES: readonly HostState[] = ['offline', 'crit', 'warn', 'ok'];

/** The highest of CPU, memory and disk usage (0..1), or null when none is known. */
export function worstRatio(h: Harvester): number | null {
  const known = [h.summary.cpu, h.summary.memory, h.summary.disk].filter(
    (v): v is number => v !== null && v !== undefined && !Number.isNaN(v),
  );
  return known.length === 0 ? null : Math.max(...known);
}

/** Offline wins; otherwise the worst level of CPU, memory, disk and temperature. */
export function hostState(h: Harvester): HostState {
  if (!h.online) return 'offline';
  const levels: Level[] = [
    ratioLevel(h.summary.cpu),
    ratioLevel(h.summary.memory),
    ratioLevel(h.summary.disk),
    temperatureLevel(h.summary.temperature),
  ];
  if (levels.includes('crit')) return 'crit';
  if (levels.includes('warn')) return 'warn';
  return 'ok';
}

/** Number of harvesters in each state. */
export function countStates(harvesters: readonly Harvester[]): Record<HostState, number> {
  const counts: Record<HostState, number> = { offline: 0, crit: 0, warn: 0, ok: 0 };
  for (const h of harvesters) counts[hostState(h)]++;
  return counts;
}
