/** One harvester in the fleet table; the whole row opens the host page, its name is the link. */
import { teamOf, type Harvester } from '../../lib/fleet-api';
import { formatCelsius, formatLoad } from '../../lib/format-number';
import { formatAgo, formatUptime } from '../../lib/format-time';
import { hostHash } from '../../lib/hash-route';
import { loadLevel, temperatureLevel } from '../../lib/level';
import { LabelChips } from '../../ui/label-chips';
import { StatusDot } from '../../ui/status-dot';
import { MeterCell } from './meter-cell';
import { Sparkline } from './sparkline';

export interface FleetRowProps {
  harvester: Harvester;
  /** Position in the sorted, filtered list (0-based). */
  index: number;
  spark: ReadonlyArray<number | null> | undefined;
  now: number;
  onOpen: (name: string) => void;
}

export function FleetRow({ harvester: h, index, spark, now, onOpen }: FleetRowProps) {
  const stale = !h.online;
  const { summary, inventory } = h;
  const platform = [inventory.os, inventory.arch].filter(Boolean).join(' · ');
  const { team, ...others } = h.labels;
  const teamName = teamOf(h);
  return (
    <tr
      class={`fleet-row${stale ? ' is-offline' : ''}`}
      data-testid={`fleet-row-${h.name}`}
      data-row={index}
      aria-rowindex={index + 2}
      onClick={(e) => {
        if (!(e.target instanceof HTMLAnchorElement)) onOpen(h.name);
      }}
    >
      <td>
        <div class="fleet-row__name">
          <StatusDot online={h.online} />
          <span class="fleet-row__ident">
            <a href={hostHash(h.name)}>{h.name}</a>
            {platform !== '' && <span class="fleet-row__platform">{platform}</span>}
          </span>
        </div>
      </td>
      <td class="col--wide fleet-row__team">{teamName ?? <span class="muted">—</span>}</td>
      <td class="col--wide fleet-row__labels">
        <LabelChips labels={team === undefined ? h.labels : others} />
      </td>
      <td class="col--wide fleet-row__spark">
        <Sparkline values={spark} what="CPU over the last hour" />
      </td>
      <MeterCell ratio={summary.cpu} stale={stale} label="CPU" />
      <MeterCell ratio={summary.memory} stale={stale} label="Memory" />
      <MeterCell ratio={summary.disk} stale={stale} label="Disk" />
      <td
        class={`col--wide num level-text level-text--${temperatureLevel(summary.temperature)}${stale ? ' is-stale' : ''}`}
      >
        {formatCelsius(summary.temperature)}
      </td>
      <td
        class={`col--wide num level-text level-text--${loadLevel(summary.load1, inventory.cpus)}${stale ? ' is-stale' : ''}`}
        title={inventory.cpus ? `${inventory.cpus} CPUs` : undefined}
      >
        {formatLoad(summary.load1)}
      </td>
      <td class="col--wide num">{h.online ? formatUptime(summary.uptimeSeconds) : '—'}</td>
      <td
        class={`col--wide num${h.online ? ' muted' : ' fleet-row__gone'}`}
        title={h.lastSeen === null ? undefined : new Date(h.lastSeen).toLocaleString()}
      >
        {formatAgo(h.lastSeen, now)}
      </td>
    </tr>
  );
}
