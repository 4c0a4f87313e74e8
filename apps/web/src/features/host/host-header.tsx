/**
 * The host page's header: name, connection state, labels, actions, and the harvester's
 * inventory (machine, software, addresses, filesystems). Everything the harvester reported is
 * rendered as text (Preact escapes it), never as markup.
 */
import type { User } from '../../lib/auth-api';
import type { HarvesterDetail } from '../../lib/fleet-api';
import { formatBytes, formatRatio } from '../../lib/format-number';
import { formatAgo, formatUptime } from '../../lib/format-time';
import { ratioLevel } from '../../lib/level';
import { LabelChips } from '../../ui/label-chips';
import { StatusDot } from '../../ui/status-dot';
import { actionsFor } from './host-actions';

export interface HostHeaderProps {
  name: string;
  /** undefined while loading, null when there is no harvester of that name the user may see. */
  harvester: HarvesterDetail | null | undefined;
  user: User;
  now: number;
}

interface Fact {
  label: string;
  value: string | undefined;
}

function facts(h: HarvesterDetail, now: number): Fact[] {
  const inv = h.inventory;
  const cpu = [inv.cpus === undefined ? undefined : `${inv.cpus} ×`, inv.cpuModel].filter(Boolean).join(' ');
  return [
    { label: 'OS', value: inv.os },
    { label: 'Kernel', value: inv.kernel },
    { label: 'Arch', value: inv.arch },
    { label: 'CPU', value: cpu === '' ? undefined : cpu },
    { label: 'Memory', value: inv.memoryBytes === undefined ? undefined : formatBytes(inv.memoryBytes) },
    { label: 'IP addresses', value: inv.ips && inv.ips.length > 0 ? inv.ips.join(', ') : undefined },
    { label: 'Harvester', value: inv.version },
    { label: 'Uptime', value: h.online ? formatUptime(h.summary.uptimeSeconds) : undefined },
    { label: 'Last seen', value: formatAgo(h.lastSeen, now) },
  ];
}

function Filesystems({ h }: { h: HarvesterDetail }) {
  if (h.filesystems.length === 0) return null;
  return (
    <div class="disks" data-testid="host-disks">
      <h2 class="disks__title">Disks</h2>
      <ul class="disks__list">
        {h.filesystems.map((f) => {
          const used = f.availBytes === null || f.sizeBytes <= 0 ? null : 1 - f.availBytes / f.sizeBytes;
          return (
            <li
              class="disks__item"
              key={`${f.mountpoint}\u0000${f.device}`}
              title={`${f.device} (${f.fstype})`}
            >
              <span class="disks__mount">{f.mountpoint}</span>
              <span class={`disks__bar meter meter--${ratioLevel(used)}`} aria-hidden="true">
                <span class="meter__track">
                  <span class="meter__fill" style={{ width: `${(used ?? 0) * 100}%` }} />
                </span>
              </span>
              <span class="disks__figures muted">
                {formatRatio(used)} of {formatBytes(f.sizeBytes)}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function HostHeader({ name, harvester, user, now }: HostHeaderProps) {
  const actions = harvester ? actionsFor(user.role) : [];
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
        <span class="toolbar__spacer" />
        {actions.map((a) => (
          <a key={a.key} class="button" href={a.href(name)} data-testid={`host-action-${a.key}`}>
            {a.label}
          </a>
        ))}
      </div>
      {harvester === undefined && <p class="muted">loading inventory…</p>}
      {harvester === null && (
        <p class="muted">
          No harvester of this name is enrolled, or it is not in your teams; showing whatever metrics you may
          see with instance="{name}".
        </p>
      )}
      {harvester && (
        <div class="host-header__body">
          <dl class="facts" data-testid="host-inventory">
            {facts(harvester, now)
              .filter((f) => f.value !== undefined && f.value !== '')
              .map((f) => (
                <div class="facts__item" key={f.label}>
                  <dt>{f.label}</dt>
                  <dd>{f.value}</dd>
                </div>
              ))}
          </dl>
          <Filesystems h={harvester} />
        </div>
      )}
    </header>
  );
}
