import type { Matcher } from '@seahawks/model';
import type { Principal } from './roles.js';

/**
 * Per-harvester access decisions, in one place (SPEC §4 Users, roles, teams).
 *
 * A harvester belongs to the team named by its `team` label (set when it joins, from the join
 * token or its own configuration). Admins see and touch every harvester; operators and viewers
 * see only the harvesters of their teams; operators may open sessions (terminal, desktop,
 * run-command) on those, viewers never. A harvester without a team is visible to admins only,
 * and to users given every team (`*`, e.g. a NOC viewer or Grafana's service account).
 * Metrics follow the same rule through the series' `team` label (`seriesScope`).
 */

/** The label that carries a harvester's team, on its record and on every series it sends. */
export const TEAM_LABEL = 'team';

/** The team name that stands for every team, and for harvesters with none. */
export const ALL_TEAMS = '*';

function seesAll(principal: Principal & { kind: 'user' }): boolean {
  return principal.role === 'admin' || principal.teams.includes(ALL_TEAMS);
}

/** The team a harvester belongs to, from its labels; undefined when it has none. */
export function teamOf(labels: Readonly<Record<string, string>>): string | undefined {
  const t = labels[TEAM_LABEL];
  return t === undefined || t === '' ? undefined : t;
}

/** Whether `principal` may see this harvester (fleet list, host page, its metrics). */
export function canSeeHarvester(principal: Principal, labels: Readonly<Record<string, string>>): boolean {
  if (principal.kind !== 'user') return false;
  if (seesAll(principal)) return true;
  const team = teamOf(labels);
  return team !== undefined && principal.teams.includes(team);
}

/** Whether `principal` may open a terminal, a desktop or run a command on this harvester. */
export function canOperateHarvester(principal: Principal, labels: Readonly<Record<string, string>>): boolean {
  if (principal.kind !== 'user' || principal.role === 'viewer') return false;
  return canSeeHarvester(principal, labels);
}

/**
 * Which series a principal may read: `all`, `none`, or a matcher on the team label to add to
 * every selector (as prom-label-proxy does), so PromQL, series, labels and remote_read answers
 * only ever hold the teams' own data.
 */
export type SeriesScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'none' }
  | { readonly kind: 'teams'; readonly matcher: Matcher };

export function seriesScope(principal: Principal): SeriesScope {
  if (principal.kind !== 'user') return { kind: 'none' };
  if (seesAll(principal)) return { kind: 'all' };
  const teams = [...new Set(principal.teams.filter((t) => t !== ''))].sort();
  if (teams.length === 0) return { kind: 'none' };
  return {
    kind: 'teams',
    matcher: { type: '=~', name: TEAM_LABEL, value: teams.map(escapeRegex).join('|') },
  };
}

/** A stable key for a scope, to cache one query service per distinct scope. */
export function scopeKey(scope: SeriesScope): string {
  return scope.kind === 'teams' ? `teams:${scope.matcher.value}` : scope.kind;
}

function escapeRegex(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
