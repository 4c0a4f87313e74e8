/**
 * Buttons of the host page's header that act on the harvester (terminal, desktop, run a
 * command…). A feature adds its action by adding an entry here; the header shows each action
 * the user's role allows, linking to the action's page.
 */
import { quoteLabelValue } from '../../lib/prom-duration';

export interface HostAction {
  key: string;
  label: string;
  /** The page the action opens, for the harvester `name`. */
  href: (name: string) => string;
  /** Roles that see the action; absent: everyone who sees the host. */
  roles?: readonly string[];
}

export const HOST_ACTIONS: HostAction[] = [
  {
    key: 'terminal',
    label: 'Terminal',
    href: (name) => `#/remote/terminal/${encodeURIComponent(name)}`,
    roles: ['admin', 'operator'],
  },
  {
    key: 'desktop',
    label: 'Desktop',
    href: (name) => `#/remote/desktop/${encodeURIComponent(name)}`,
    roles: ['admin', 'operator'],
  },
  {
    key: 'run',
    label: 'Run command',
    href: (name) => `#/run?on=${encodeURIComponent(name)}`,
    roles: ['admin', 'operator'],
  },
  {
    key: 'explore',
    label: 'Explore metrics',
    href: (name) => `#/explore?q=${encodeURIComponent(`node_load1{instance=${quoteLabelValue(name)}}`)}`,
  },
];

/** The actions `role` may use, in table order. */
export function actionsFor(role: string): HostAction[] {
  return HOST_ACTIONS.filter((a) => a.roles === undefined || a.roles.includes(role));
}
