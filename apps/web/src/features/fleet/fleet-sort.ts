/** Orderings of the fleet table; the default puts the machines that need attention on top. */
import { teamOf, type Harvester } from '../../lib/fleet-api';
import { worstRatio } from './fleet-state';

export type SortKey =
  'worst' | 'name' | 'team' | 'cpu' | 'memory' | 'disk' | 'temperature' | 'load' | 'uptime' | 'lastSeen';

export interface SortOrder {
  key: SortKey;
  /** For 'worst' the direction is fixed: worst first. */
  descending: boolean;
}

export const DEFAULT_SORT: SortOrder = { key: 'worst', descending: true };

type NumericKey = Exclude<SortKey, 'worst' | 'name' | 'team'>;

function numeric(h: Harvester, key: NumericKey): number | null {
  switch (key) {
    case 'cpu':
      return h.summary.cpu;
    case 'memory':
      return h.summary.memory;
    case 'disk':
      return h.summary.disk;
    case 'temperature':
      return h.summary.temperature;
    case 'load':
      return h.summary.load1;
    case 'uptime':
      return h.online ? h.summary.uptimeSeconds : null;
    case 'lastSeen':
      return h.lastSeen;
  }
}

const byName = (a: Harvester, b: Harvester): number =>
  a.name.localeCompare(b.name, undefined, { numeric: true });

/** By team (no team last in both directions), then by name. */
function byTeam(a: Harvester, b: Harvester, sign: number): number {
  const ta = teamOf(a);
  const tb = teamOf(b);
  if (ta === undefined || tb === undefined) return ta === tb ? byName(a, b) : ta === undefined ? 1 : -1;
  return ta !== tb ? sign * ta.localeCompare(tb) : byName(a, b);
}

/** Offline first, then by the highest of CPU, memory and disk usage, then by name. */
export function compareWorstFirst(a: Harvester, b: Harvester): number {
  if (a.online !== b.online) return a.online ? 1 : -1;
  const diff = (worstRatio(b) ?? -1) - (worstRatio(a) ?? -1);
  return diff !== 0 ? diff : byName(a, b);
}

/** A sorted copy; unknown values always sort last, ties by name. */
export function sortFleet(harvesters: readonly Harvester[], order: SortOrder): Harvester[] {
  const copy = [...harvesters];
  const { key } = order;
  if (key === 'worst') return copy.sort(compareWorstFirst);
  const sign = order.descending ? -1 : 1;
  if (key === 'name') return copy.sort((a, b) => sign * byName(a, b));
  if (key === 'team') return copy.sort((a, b) => byTeam(a, b, sign));
  return copy.sort((a, b) => {
    const va = numeric(a, key);
    const vb = numeric(b, key);
    if (va === null || vb === null) return va === vb ? byName(a, b) : va === null ? 1 : -1;
    return va !== vb ? sign * (va - vb) : byName(a, b);
  });
}

/** The order after clicking a column header: a new column starts in its natural direction. */
export function nextSort(current: SortOrder, clicked: SortKey): SortOrder {
  if (clicked === 'worst') return DEFAULT_SORT;
  if (current.key === clicked) return { key: clicked, descending: !current.descending };
  return { key: clicked, descending: clicked !== 'name' && clicked !== 'team' };
}
