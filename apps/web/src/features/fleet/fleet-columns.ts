/** The fleet table's columns: header text, sort key, and which are left out on a narrow screen. */
import type { SortKey } from './fleet-sort';

export interface Column {
  id: string;
  label: string;
  sort: SortKey | null;
  numeric: boolean;
  /** Hidden below 720 px (class col--wide). */
  wide: boolean;
}

export const COLUMNS: readonly Column[] = [
  { id: 'name', label: 'Harvester', sort: 'name', numeric: false, wide: false },
  { id: 'team', label: 'Team', sort: 'team', numeric: false, wide: true },
  { id: 'labels', label: 'Labels', sort: null, numeric: false, wide: true },
  { id: 'spark', label: 'CPU 1 h', sort: null, numeric: false, wide: true },
  { id: 'cpu', label: 'CPU', sort: 'cpu', numeric: true, wide: false },
  { id: 'memory', label: 'Memory', sort: 'memory', numeric: true, wide: false },
  { id: 'disk', label: 'Disk', sort: 'disk', numeric: true, wide: false },
  { id: 'temperature', label: 'Temp', sort: 'temperature', numeric: true, wide: true },
  { id: 'load', label: 'Load', sort: 'load', numeric: true, wide: true },
  { id: 'uptime', label: 'Uptime', sort: 'uptime', numeric: true, wide: true },
  { id: 'lastSeen', label: 'Last seen', sort: 'lastSeen', numeric: true, wide: true },
];

/** Height of one row in px; fixed, so the list can be virtualised. */
export const ROW_HEIGHT = 44;
