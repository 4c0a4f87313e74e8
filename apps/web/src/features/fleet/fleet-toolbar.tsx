/** The fleet's filter controls: text, team and label pickers, the count shown, and a reset. */
import { filterChoices, NO_FILTER, NO_TEAM, type FleetFilter } from './fleet-filter';
import type { Harvester } from '../../lib/fleet-api';

export interface FleetToolbarProps {
  all: readonly Harvester[];
  filter: FleetFilter;
  shown: number;
  onFilter: (filter: FleetFilter) => void;
}

/** The label picker lists at most this many `key=value` pairs (the text filter finds the rest). */
const MAX_LABEL_CHOICES = 300;

export function FleetToolbar({ all, filter, shown, onFilter }: FleetToolbarProps) {
  const { teams, labels } = filterChoices(all);
  const set = (patch: Partial<FleetFilter>): void => onFilter({ ...filter, ...patch });
  const filtered = filter.text !== '' || filter.team !== '' || filter.label !== '' || filter.state !== 'all';
  return (
    <div class="toolbar fleet-toolbar">
      <input
        class="input toolbar__filter"
        type="search"
        placeholder="Filter by name, label, OS, IP…  ( / )"
        aria-label="Filter harvesters by text"
        data-shortcut="search"
        data-testid="fleet-filter"
        value={filter.text}
        onInput={(e) => set({ text: e.currentTarget.value })}
      />
      <select
        class="select"
        aria-label="Team"
        data-testid="fleet-team"
        value={filter.team}
        onChange={(e) => set({ team: e.currentTarget.value })}
      >
        <option value="">All teams</option>
        {teams.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
        <option value={NO_TEAM}>No team</option>
      </select>
      <select
        class="select"
        aria-label="Label"
        data-testid="fleet-label"
        value={filter.label}
        onChange={(e) => set({ label: e.currentTarget.value })}
      >
        <option value="">Any label</option>
        {labels.slice(0, MAX_LABEL_CHOICES).map((l) => (
          <option key={l} value={l}>
            {l}
          </option>
        ))}
      </select>
      <span class="toolbar__spacer" />
      <span class="muted" data-testid="fleet-shown" aria-live="polite">
        {shown.toLocaleString('en')} of {all.length.toLocaleString('en')} shown
      </span>
      {filtered && (
        <button type="button" class="button button--ghost" onClick={() => onFilter(NO_FILTER)}>
          Clear filters
        </button>
      )}
    </div>
  );
}
