/** The fleet table: sortable headers over one row per harvester. */
import type { Harvester } from '../../lib/fleet-api';
import type { SortKey, SortOrder } from './fleet-sort';
import { FleetRow } from './fleet-row';

export interface FleetTableProps {
  harvesters: readonly Harvester[];
  order: SortOrder;
  now: number;
  onSort: (key: SortKey) => void;
  onOpen: (name: string) => void;
}

interface Column {
  key: SortKey | null;
  label: string;
  numeric: boolean;
}

const COLUMNS: readonly Column[] = [
  { key: 'name', label: 'Harvester', numeric: false },
  { key: null, label: 'Labels', numeric: false },
  { key: 'cpu', label: 'CPU', numeric: true },
  { key: 'memory', label: 'Memory', numeric: true },
  { key: 'disk', label: 'Disk', numeric: true },
  { key: 'temperature', label: 'Temp', numeric: true },
  { key: 'load', label: 'Load', numeric: true },
  { key: 'uptime', label: 'Uptime', numeric: true },
  { key: 'lastSeen', label: 'Last seen', numeric: true },
];

export function FleetTable({ harvesters, order, now, onSort, onOpen }: FleetTableProps) {
  return (
    <table class="fleet-table" data-testid="fleet-table">
      <thead>
        <tr>
          {COLUMNS.map((c) => (
            <th
              key={c.label}
              class={c.numeric ? 'num' : undefined}
              aria-sort={
                c.key !== null && c.key === order.key
                  ? order.descending
                    ? 'descending'
                    : 'ascending'
                  : undefined
              }
            >
              {c.key === null ? (
                c.label
              ) : (
                <button type="button" class="th-sort" onClick={() => c.key && onSort(c.key)}>
                  {c.label}
                  <span class="th-sort__arrow" aria-hidden="true">
                    {c.key === order.key ? (order.descending ? '▼' : '▲') : ''}
                  </span>
                </button>
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {harvesters.map((h) => (
          <FleetRow key={h.id} harvester={h} now={now} onOpen={onOpen} />
        ))}
      </tbody>
    </table>
  );
}
