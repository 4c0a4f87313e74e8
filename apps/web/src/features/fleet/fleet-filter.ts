/**
 * The fleet's filters: free text (every word must appear in the name, a label, the inventory or
 * the state), a team, a label (`key=value`) and a state. They live in the page's URL.
 */
import { teamOf, type Harvester } from '../../lib/fleet-api';
import { hostState } from './fleet-state';

export type StateFilter = 'all' | 'online' | 'offline' | 'crit' | 'warn' | 'ok';

export const STATE_FILTERS: readonly StateFilter[] = ['all', 'online', 'offline', 'crit', 'warn', 'ok'];

export interface FleetFilter {
  text: string;
  /** A team name, "" for any, or NO_TEAM. */
  team: string;
  /** "key=value", or "" for any. */
  label: string;
  state: StateFilter;
}

/** The team filter value that selects harvesters without a team. */
export const NO_TEAM = '-';

export const NO_FILTER: FleetFilter = { text: '', team: '', label: '', state: 'all' };

/** Reads the filter from the page's URL query (`q`, `team`, `label`, `state`). */
export function filterFromQuery(query: URLSearchParams): FleetFilter {
  const state = query.get('state') ?? 'all';
  return {
    text: query.get('q') ?? '',
    team: query.get('team') ?? '',
    label: query.get('label') ?? '',
    state: (STATE_FILTERS as readonly string[]).includes(state) ? (state as StateFilter) : 'all',
  };
}

/** The URL query of a filter, leaving out what is not set. */
export function filterToQuery(f: FleetFilter): Record<string, string | null> {
  return {
    q: f.text.trim() === '' ? null : f.text,
    team: f.team === '' ? null : f.team,
    label: f.label === '' ? null : f.label,
    state: f.state === 'all' ? null : f.state,
  };
}

function haystack(h: Harvester): string {
  const labels = Object.entries(h.labels).map(([k, v]) => `${k}=${v}`);
  const inv = h.inventory;
  return [h.name, ...labels, inv.os, inv.kernel, inv.arch, inv.version, inv.cpuModel, ...(inv.ips ?? [])]
    .concat(h.online ? 'online' : 'offline')
    .filter((s): s is string => typeof s === 'string')
    .join(' ')
    .toLowerCase();
}

/** True when every whitespace-separated word of `text` occurs in the harvester's description. */
export function matchesText(h: Harvester, text: string): boolean {
  const words = text
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
  if (words.length === 0) return true;
  const hay = haystack(h);
  return words.every((w) => hay.includes(w));
}

/** Whether the harvester is in a state tile's set. */
export function inState(h: Harvester, state: StateFilter): boolean {
  if (state === 'all') return true;
  if (state === 'online') return h.online;
  return hostState(h) === state;
}

function matchesLabel(h: Harvester, label: string): boolean {
  if (label === '') return true;
  const cut = label.indexOf('=');
  const key = cut === -1 ? label : label.slice(0, cut);
  return cut === -1 ? key in h.labels : h.labels[key] === label.slice(cut + 1);
}

function matchesTeam(h: Harvester, team: string): boolean {
  if (team === '') return true;
  return team === NO_TEAM ? teamOf(h) === undefined : teamOf(h) === team;
}

/** Everything but the state: the tiles count what these leave, so they stay useful as filters. */
export function matchesScope(h: Harvester, f: FleetFilter): boolean {
  return matchesTeam(h, f.team) && matchesLabel(h, f.label) && matchesText(h, f.text);
}

export function matchesFilter(h: Harvester, f: FleetFilter): boolean {
  return inState(h, f.state) && matchesScope(h, f);
}

/** Teams and `key=value` labels (team aside) present in the fleet, sorted, for the pickers. */
export function filterChoices(harvesters: readonly Harvester[]): { teams: string[]; labels: string[] } {
  const teams = new Set<string>();
  const labels = new Set<string>();
  for (const h of harvesters) {
    for (const [k, v] of Object.entries(h.labels)) {
      if (k === 'team') teams.add(v);
      else labels.add(`${k}=${v}`);
    }
  }
  const sort = (s: Set<string>): string[] =>
    [...s].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  return { teams: sort(teams), labels: sort(labels) };
}
