/** The fleet overview: counts per state, a filter, and every harvester worst first; refreshed every 5 s. */
import { useState } from 'preact/hooks';
import { fetchFleet, type Harvester } from '../../lib/fleet-api';
import { formatAgo } from '../../lib/format-time';
import { navigate } from '../../lib/hash-route';
import { useNow } from '../../lib/use-now';
import { usePolling } from '../../lib/use-polling';
import { Message } from '../../ui/message';
import { matchesFilter } from './fleet-filter';
import { DEFAULT_SORT, nextSort, sortFleet, type SortOrder } from './fleet-sort';
import { hostState } from './fleet-state';
import { FleetSummary, type StateFilter } from './fleet-summary';
import { FleetTable } from './fleet-table';
import './fleet.css';

/** How often the fleet is reloaded, in ms. */
export const FLEET_REFRESH_MS = 5000;

interface FleetData {
  harvesters: Harvester[];
  loadedAt: number;
}

function inState(h: Harvester, filter: StateFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'online') return h.online;
  return hostState(h) === filter;
}

export function FleetPage() {
  const [data, setData] = useState<FleetData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [stateFilter, setStateFilter] = useState<StateFilter>('all');
  const [order, setOrder] = useState<SortOrder>(DEFAULT_SORT);
  const now = useNow(1000);

  usePolling(
    async (signal) => {
      try {
        const harvesters = await fetchFleet(signal);
        setData({ harvesters, loadedAt: Date.now() });
        setError(null);
      } catch (e) {
        if (!signal.aborted) setError(`cannot load the fleet: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
    FLEET_REFRESH_MS,
    true,
    [],
  );

  const all = data?.harvesters ?? [];
  const shown = sortFleet(
    all.filter((h) => inState(h, stateFilter) && matchesFilter(h, text)),
    order,
  );

  return (
    <section class="page fleet-page" data-testid="fleet-page">
      <header class="page__header">
        <h1>Fleet</h1>
        <span class="page__meta muted">
          {data ? `updated ${formatAgo(data.loadedAt, now)} · refreshes every 5 s` : 'loading…'}
        </span>
      </header>
      <FleetSummary harvesters={all} selected={stateFilter} onSelect={setStateFilter} />
      <div class="toolbar">
        <input
          class="input toolbar__filter"
          type="search"
          placeholder="Filter by name, label, OS…"
          aria-label="Filter harvesters"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <span class="toolbar__spacer" />
        <span class="muted">
          {shown.length} of {all.length} shown
        </span>
        <button
          type="button"
          class="button button--ghost"
          disabled={order.key === 'worst'}
          onClick={() => setOrder(DEFAULT_SORT)}
          title="Offline first, then the highest of CPU, memory and disk"
        >
          {order.key === 'worst' ? 'Sorted worst first' : 'Sort worst first'}
        </button>
      </div>
      {error && <Message kind="error">{error}</Message>}
      {data === null && error === null && <Message>Loading the fleet…</Message>}
      {data !== null && all.length === 0 && (
        <Message>No harvesters have joined yet. Start one with “seahawks harvester join”.</Message>
      )}
      {all.length > 0 && (
        <div class="panel panel--flush">
          <FleetTable
            harvesters={shown}
            order={order}
            now={now}
            onSort={(key) => setOrder(nextSort(order, key))}
            onOpen={(name) => navigate({ page: 'host', name, range: null })}
          />
          {shown.length === 0 && <Message>No harvester matches this filter.</Message>}
        </div>
      )}
    </section>
  );
}
