/** Counts per state above the fleet table; a tile click narrows the table to that state. */
import type { Harvester } from '../../lib/fleet-api';
import type { StateFilter } from './fleet-filter';
import { countStates } from './fleet-state';

export interface FleetSummaryProps {
  harvesters: readonly Harvester[];
  selected: StateFilter;
  onSelect: (filter: StateFilter) => void;
}

interface Tile {
  filter: StateFilter;
  label: string;
  count: number;
}

export function FleetSummary({ harvesters, selected, onSelect }: FleetSummaryProps) {
  const counts = countStates(harvesters);
  const tiles: Tile[] = [
    { filter: 'all', label: 'Harvesters', count: harvesters.length },
    { filter: 'online', label: 'Online', count: harvesters.length - counts.offline },
    { filter: 'offline', label: 'Offline', count: counts.offline },
    { filter: 'crit', label: 'Critical', count: counts.crit },
    { filter: 'warn', label: 'Warning', count: counts.warn },
    { filter: 'ok', label: 'Healthy', count: counts.ok },
  ];
  return (
    <div class="summary" role="group" aria-label="Harvesters by state">
      {tiles.map((t) => (
        <button
          type="button"
          key={t.filter}
          class={`summary__tile summary__tile--${t.filter}${t.count === 0 ? ' is-zero' : ''}`}
          aria-pressed={selected === t.filter}
          data-testid={`count-${t.filter}`}
          onClick={() => onSelect(selected === t.filter ? 'all' : t.filter)}
        >
          <span class="summary__count">{t.count.toLocaleString('en')}</span>
          <span class="summary__label">{t.label}</span>
        </button>
      ))}
    </div>
  );
}
