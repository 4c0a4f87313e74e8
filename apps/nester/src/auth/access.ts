import type { Matcher } from '@seahawks/model';
import { can } from './roles.js';
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
 * Whether `principal` may enroll harvesters with these labels (create, list and revoke join tokens
 * carrying them) and revoke the credentials of harvesters so labelled. Admins may always.
 * Operators may for their own teams only, and only with a team label: the token's labels win over
 * the joining machine's (fleet/join-labels.ts), so every machine an operator enrolls lands in one
 * of their teams and nowhere else (docs/decisions/0005-console-access.md).
 * Viewers never.
 */
export function canEnroll(principal: Principal, labels: Readonly<Record<string, string>>): boolean {
  if (principal.kind !== 'user') return false;
  if (principal.role === 'admin') return true;
  if (principal.role !== 'operator' || teamOf(labels) === undefined) return false;
  return canSeeHarvester(principal, labels);
}

/**
 * Whether `principal` may see an alert with these labels (alert lists, the alerts inside rules,
 * history, undelivered notifications). The alert's own `team` label decides, as for the series it
 * was computed from (`seriesScope`): an alert without one is for admins and `*` users only.
 */
export function canSeeAlert(principal: Principal, labels: Readonly<Record<string, string>>): boolean {
  return canSeeHarvester(principal, labels);
}

/**
 * Whether `principal` may see a silence that pins the team label to `pinnedTeams` (the values of
 * its `team="…"` equality matchers). A silence that pins no team may mute any team's alerts: only
 * admins and `*` users see it (the alerts it mutes still show as silenced to their teams).
 */
export function canSeeSilence(principal: Principal, pinnedTeams: readonly string[]): boolean {
  if (principal.kind !== 'user') return false;
  return seesAll(principal) || pinnedTeams.some((t) => principal.teams.includes(t));
}

/**
 * Whether `principal` may create or expire a silence pinned to `pinnedTeams`. Operators and admins
 * may silence (`can(p, 'manage_alerts')`); an operator without `*` only with a `team="<one of
 * theirs>"` matcher, because every matcher of a silence must match, so such a silence can never
 * mute another team's alerts (docs/alerting.md, "Teams").
 */
export function canSilence(principal: Principal, pinnedTeams: readonly string[]): boolean {
  if (!can(principal, 'manage_alerts')) return false;
  return canSeeSilence(principal, pinnedTeams);
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
