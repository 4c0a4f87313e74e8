/** One harvester in the fleet table; the whole row opens the host page. */
import type { Harvester } from '../../lib/fleet-api';
import { formatCelsius, formatLoad } from '../../lib/format-number';
import { formatAgo, formatUptime } from '../../lib/format-time';
import { routeHash } from '../../lib/hash-route';
import { loadLevel, temperatureLevel } from '../../lib/level';
import { LabelChips } from '../../ui/label-chips';
import { StatusDot } from '../../ui/status-dot';
import { MeterCell } from './meter-cell';

export interface FleetRowProps {
  harvester: Harvester;
  now: number;
  onOpen: (name: string) => void;
}

export function FleetRow({ harvester: h, now, onOpen }: FleetRowProps) {
  const href = routeHash({ page: 'host', name: h.name, range: null });
  const stale = !h.online;
  const { summary, inventory } = h;
  const platform = [inventory.os, inventory.arch].filter(Boolean).join(' · ');
  return (
    <tr
      class={`fleet-row${stale ? ' is-offline' : ''}`}
      data-testid={`fleet-row-${h.name}`}
      onClick={(e) => {
        if (!(e.target instanceof HTMLAnchorElement)) onOpen(h.name);
      }}
    >
      <td class="fleet-row__name">
        <StatusDot online={h.online} />
        <span class="fleet-row__ident">
          <a href={href}>{h.name}</a>
          {platform !== '' && <span class="fleet-row__platform">{platform}</span>}
        </span>
      </td>
      <td class="fleet-row__labels">
        <LabelChips labels={h.labels} />
      </td>
      <MeterCell ratio={summary.cpu} stale={stale} />
      <MeterCell ratio={summary.memory} stale={stale} />
      <MeterCell ratio={summary.disk} stale={stale} />
      <td
        class={`num level-text level-text--${temperatureLevel(summary.temperature)}${stale ? ' is-stale' : ''}`}
      >
        {formatCelsius(summary.temperature)}
      </td>
      <td
        class={`num level-text level-text--${loadLevel(summary.load1, inventory.cpus)}${stale ? ' is-stale' : ''}`}
        title={inventory.cpus ? `${inventory.cpus} CPUs` : undefined}
      >
        {formatLoad(summary.load1)}
      </td>
      <td class="num">{h.online ? formatUptime(summary.uptimeSeconds) : '—'}</td>
      <td class={`num${h.online ? ' muted' : ' fleet-row__gone'}`} title={lastSeenTitle(h.lastSeen)}>
        {formatAgo(h.lastSeen, now)}
      </td>
    </tr>
  );
}

function lastSeenTitle(lastSeen: number | null): string | undefined {
  return lastSeen === null ? undefined : new Date(lastSeen).toLocaleString();
}
