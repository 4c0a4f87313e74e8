/** The admin's endpoints: `/api/users` (list, create, change, reset password, remove) and `/api/teams`. */
import { apiRequest } from '../../lib/api-client';

export type Role = 'admin' | 'operator' | 'viewer';
export const ROLES: readonly Role[] = ['admin', 'operator', 'viewer'];

/** A user as the admin sees it: how many sessions and API tokens it holds, never its password. */
export interface UserView {
  name: string;
  role: Role;
  teams: string[];
  createdAt: number;
  sessions: number;
  apiTokens: number;
}

export interface NewUser {
  name: string;
  role: Role;
  teams: string[];
  password: string;
}

export interface Member {
  name: string;
  role: Role;
}

export interface TeamSummary {
  name: string;
  members: Member[];
  harvesters: number;
  online: number;
}

export interface TeamsOverview {
  teams: TeamSummary[];
  allTeams: Member[];
  unassigned: { harvesters: number; online: number };
}

const userPath = (name: string): string => `/api/users/${encodeURIComponent(name)}`;

export async function listUsers(signal?: AbortSignal): Promise<UserView[]> {
  return (await apiRequest<{ users: UserView[] }>('/api/users', signal ? { signal } : {})).users;
}

export async function createUser(user: NewUser): Promise<UserView> {
  return (await apiRequest<{ user: UserView }>('/api/users', { method: 'POST', body: user })).user;
}

export async function updateUser(name: string, change: { role?: Role; teams?: string[] }): Promise<UserView> {
  return (await apiRequest<{ user: UserView }>(userPath(name), { method: 'PUT', body: change })).user;
}

/** Sets a new password; the user's sessions end. Resolves to how many ended. */
export async function resetPassword(name: string, password: string): Promise<number> {
  const body = await apiRequest<{ sessionsEnded: number }>(`${userPath(name)}/password`, {
    method: 'PUT',
    body: { password },
  });
  return body.sessionsEnded;
}

export async function removeUser(name: string): Promise<void> {
  await apiRequest<undefined>(userPath(name), { method: 'DELETE' });
}

export async function listTeams(signal?: AbortSignal): Promise<TeamsOverview> {
  return apiRequest<TeamsOverview>('/api/teams', signal ? { signal } : {});
}

/** "alpha, beta" → ["alpha", "beta"]: commas or spaces separate, blanks are dropped. */
export function parseTeams(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((t) => t !== ''))];
}
