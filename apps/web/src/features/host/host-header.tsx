/** The host page's header: name, connection state, labels and the harvester's inventory. */
import type { Harvester } from '../../lib/fleet-api';
import { formatBytes } from '../../lib/format-number';
import { formatAgo, formatUptime } from '../../lib/format-time';
import { LabelChips } from '../../ui/label-chips';
import { StatusDot } from '../../ui/status-dot';

export interface HostHeaderProps {
  name: string;
  /** undefined while loading, null when the fleet has no harvester of that name. */
  harvester: Harvester | null | undefined;
  now: number;
}

interface Fact {
  label: string;
  value: string | undefined;
}

function facts(h: Harvester, now: number): Fact[] {
  const inv = h.inventory;
  return [
    { label: 'OS', value: inv.os },
    { label: 'Kernel', value: inv.kernel },
    { label: 'Arch', value: inv.arch },
    { label: 'CPUs', value: inv.cpus?.toString() },
    { label: 'Memory', value: inv.memoryBytes === undefined ? undefined : formatBytes(inv.memoryBytes) },
    { label: 'Harvester', value: inv.version },
    { label: 'Uptime', value: h.online ? formatUptime(h.summary.uptimeSeconds) : undefined },
    { label: 'Last seen', value: formatAgo(h.lastSeen, now) },
  ];
}

export function HostHeader({ name, harvester, now }: HostHeaderProps) {
  return (
    <header class="host-header panel" data-testid="host-header">
      <div class="host-header__title">
        <a class="host-header__back" href="#/fleet" title="Back to the fleet">
          ← Fleet
        </a>
        <h1>
          {harvester && <StatusDot online={harvester.online} />}
          {name}
        </h1>
        {harvester && (
          <span
            class={`pill ${harvester.online ? 'pill--online' : 'pill--offline'}`}
            data-testid="host-state"
          >
            {harvester.online ? 'online' : 'offline'}
          </span>
        )}
        {harvester && <LabelChips labels={harvester.labels} />}
      </div>
      {harvester === undefined && <p class="muted">loading inventory…</p>}
      {harvester === null && (
        <p class="muted">
          No harvester of this name is enrolled; showing whatever metrics carry instance="{name}".
        </p>
      )}
      {harvester && (
        <dl class="facts">
          {facts(harvester, now)
            .filter((f) => f.value !== undefined && f.value !== '')
            .map((f) => (
              <div class="facts__item" key={f.label}>
                <dt>{f.label}</dt>
                <dd>{f.value}</dd>
              </div>
            ))}
        </dl>
      )}
    </header>
  );
}
