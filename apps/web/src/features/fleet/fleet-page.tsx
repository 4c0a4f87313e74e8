/**
 * The fleet overview: counts per state, filters (kept in the URL), and every harvester worst
 * first in a virtualised table; refreshed every 5 s.
 */
import { useMemo, useState } from 'preact/hooks';
import { fetchFleet, type Harvester } from '../../lib/fleet-api';
import { formatAgo } from '../../lib/format-time';
import { hashOf, hostHash, navigate } from '../../lib/hash-route';
import { useNow } from '../../lib/use-now';
import { usePolling } from '../../lib/use-polling';
import { Message } from '../../ui/message';
import { filterFromQuery, filterToQuery, matchesScope, inState, type FleetFilter } from './fleet-filter';
import { DEFAULT_SORT, nextSort, sortFleet, type SortOrder } from './fleet-sort';
import { FleetSummary } from './fleet-summary';
import { FleetTable } from './fleet-table';
import { FleetToolbar } from './fleet-toolbar';
import './fleet.css';

/** How often the fleet is reloaded, in ms. */
export const FLEET_REFRESH_MS = 5000;

interface FleetData {
  harvesters: Harvester[];
  loadedAt: number;
}

export interface FleetPageProps {
  query: URLSearchParams;
}

export function FleetPage({ query }: FleetPageProps) {
  const [data, setData] = useState<FleetData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilterState] = useState<FleetFilter>(() => filterFromQuery(query));
  const [order, setOrder] = useState<SortOrder>(DEFAULT_SORT);
  const now = useNow(1000);

  const setFilter = (next: FleetFilter): void => {
    setFilterState(next);
    // The URL follows the filter without a history entry or a re-route: it is there to share.
    window.history.replaceState(null, '', hashOf(['fleet'], filterToQuery(next)));
  };

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
  const scoped = useMemo(() => all.filter((h) => matchesScope(h, filter)), [all, filter]);
  const shown = useMemo(
    () =>
      sortFleet(
        scoped.filter((h) => inState(h, filter.state)),
        order,
      ),
    [scoped, filter.state, order],
  );

  return (
    <section class="page fleet-page" data-testid="fleet-page">
      <header class="page__header">
        <h1>Fleet</h1>
        <span class="page__meta muted">
          {data ? `updated ${formatAgo(data.loadedAt, now)} · refreshes every 5 s` : 'loading…'}
        </span>
      </header>
      <FleetSummary
        harvesters={scoped}
        selected={filter.state}
        onSelect={(state) => setFilter({ ...filter, state })}
      />
      <FleetToolbar all={all} filter={filter} shown={shown.length} onFilter={setFilter} />
      {error && <Message kind="error">{error}</Message>}
      {data === null && error === null && <Message>Loading the fleet…</Message>}
      {data !== null && all.length === 0 && (
        <Message>No harvesters have joined yet. Start one with “seahawks harvester join”.</Message>
      )}
      {all.length > 0 && (
        <div class="panel panel--flush fleet-panel">
          <FleetTable
            harvesters={shown}
            order={order}
            now={now}
            onSort={(key) => setOrder(nextSort(order, key))}
            onOpen={(name) => navigate(hostHash(name))}
          />
          {shown.length === 0 && <Message>No harvester matches this filter.</Message>}
        </div>
      )}
    </section>
  );
}
