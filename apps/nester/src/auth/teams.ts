import { ALL_TEAMS, teamOf } from './access.js';
import type { Role } from './roles.js';

/** One team as the admin's teams page shows it. */
export interface TeamSummary {
  readonly name: string;
  /** Users given this team (admins see every team anyway and are not listed unless given it). */
  readonly members: ReadonlyArray<{ readonly name: string; readonly role: Role }>;
  readonly harvesters: number;
  readonly online: number;
}

/** All teams: who sees everything, the named teams, and the harvesters with no team. */
export interface TeamsOverview {
  readonly teams: TeamSummary[];
  /** Users who see every team: admins and users given `*`. */
  readonly allTeams: ReadonlyArray<{ readonly name: string; readonly role: Role }>;
  /** Harvesters without a team label: only admins and `*` users see them. */
  readonly unassigned: { readonly harvesters: number; readonly online: number };
}

interface UserLike {
  readonly name: string;
  readonly role: Role;
  readonly teams: readonly string[];
}

interface HarvesterLike {
  readonly labels: Readonly<Record<string, string>>;
  readonly online: boolean;
}

/**
 * Teams are not stored on their own: a team exists while a user is given it or a harvester
 * carries it in its `team` label. This derives the list, sorted by name, from both.
 */
export function summarizeTeams(
  users: readonly UserLike[],
  harvesters: readonly HarvesterLike[],
): TeamsOverview {
  const teams = new Map<string, { members: UserLike[]; harvesters: number; online: number }>();
  const entry = (name: string) => {
    let t = teams.get(name);
    if (!t) teams.set(name, (t = { members: [], harvesters: 0, online: 0 }));
    return t;
  };
  for (const u of users) for (const t of u.teams) if (t !== ALL_TEAMS) entry(t).members.push(u);
  const unassigned = { harvesters: 0, online: 0 };
  for (const h of harvesters) {
    const name = teamOf(h.labels);
    const t = name === undefined ? unassigned : entry(name);
    t.harvesters += 1;
    if (h.online) t.online += 1;
  }
  const brief = (u: UserLike) => ({ name: u.name, role: u.role });
  return {
    teams: [...teams.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, t]) => ({
        name,
        members: t.members.map(brief),
        harvesters: t.harvesters,
        online: t.online,
      })),
    allTeams: users.filter((u) => u.role === 'admin' || u.teams.includes(ALL_TEAMS)).map(brief),
    unassigned,
  };
}
