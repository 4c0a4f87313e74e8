/**
 * The fleet table: sortable headers over one row per harvester, virtualised (only the rows on
 * screen exist in the DOM, so thousands stay fast). Arrow keys move between rows, Home/End jump.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { Harvester } from '../../lib/fleet-api';
import { useWindowRows } from '../../lib/use-window-rows';
import { COLUMNS, ROW_HEIGHT } from './fleet-columns';
import type { SortKey, SortOrder } from './fleet-sort';
import { FleetRow } from './fleet-row';
import { useSparklines } from './use-sparklines';

export interface FleetTableProps {
  harvesters: readonly Harvester[];
  order: SortOrder;
  now: number;
  onSort: (key: SortKey) => void;
  onOpen: (name: string) => void;
}

function ariaSort(order: SortOrder, key: SortKey | null): 'ascending' | 'descending' | undefined {
  if (key === null || key !== order.key) return undefined;
  return order.descending ? 'descending' : 'ascending';
}

export function FleetTable({ harvesters, order, now, onSort, onOpen }: FleetTableProps) {
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const pendingFocus = useRef<number | null>(null);
  const { start, end } = useWindowRows(bodyRef, harvesters.length, ROW_HEIGHT);
  const shown = harvesters.slice(start, end);
  const sparks = useSparklines(shown.map((h) => h.name));

  useEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const link = bodyRef.current?.querySelector<HTMLElement>(`[data-row="${index}"] a`);
    if (link) {
      pendingFocus.current = null;
      link.focus();
    }
  });

  const onKeyDown = (e: KeyboardEvent): void => {
    const row = (e.target as HTMLElement).closest<HTMLElement>('[data-row]');
    if (!row) return;
    const index = Number(row.dataset['row']);
    const target =
      e.key === 'ArrowDown'
        ? index + 1
        : e.key === 'ArrowUp'
          ? index - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? harvesters.length - 1
              : null;
    if (target === null || target < 0 || target >= harvesters.length) return;
    e.preventDefault();
    pendingFocus.current = target;
    const body = bodyRef.current;
    if (!body) return;
    const rowTop = body.getBoundingClientRect().top + target * ROW_HEIGHT;
    const header = 48 + 40;
    if (rowTop < header) window.scrollBy(0, rowTop - header);
    else if (rowTop + ROW_HEIGHT > window.innerHeight)
      window.scrollBy(0, rowTop + ROW_HEIGHT - window.innerHeight);
    const link = body.querySelector<HTMLElement>(`[data-row="${target}"] a`);
    if (link) {
      pendingFocus.current = null;
      link.focus({ preventScroll: true });
    }
  };

  return (
    <table class="fleet-table" data-testid="fleet-table" aria-rowcount={harvesters.length + 1}>
      <thead>
        <tr aria-rowindex={1}>
          {COLUMNS.map((c) => (
            <th
              key={c.id}
              scope="col"
              class={`col--${c.id}${c.numeric ? ' num' : ''}${c.wide ? ' col--wide' : ''}`}
              aria-sort={ariaSort(order, c.sort)}
            >
              {c.sort === null ? (
                c.label
              ) : (
                <button type="button" class="th-sort" onClick={() => c.sort && onSort(c.sort)}>
                  {c.label}
                  <span class="th-sort__arrow" aria-hidden="true">
                    {c.sort === order.key ? (order.descending ? '▼' : '▲') : ''}
                  </span>
                </button>
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody ref={bodyRef} onKeyDown={onKeyDown}>
        {start > 0 && (
          <tr class="fleet-spacer" style={{ height: `${start * ROW_HEIGHT}px` }} aria-hidden="true" />
        )}
        {shown.map((h, i) => (
          <FleetRow
            key={h.id}
            index={start + i}
            harvester={h}
            spark={sparks.get(h.name)}
            now={now}
            onOpen={onOpen}
          />
        ))}
        {end < harvesters.length && (
          <tr
            class="fleet-spacer"
            style={{ height: `${(harvesters.length - end) * ROW_HEIGHT}px` }}
            aria-hidden="true"
          />
        )}
      </tbody>
    </table>
  );
}
