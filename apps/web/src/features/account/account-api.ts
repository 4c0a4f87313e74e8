/** The signed-in user's own account: `/api/account` (who, sessions, API tokens) and its actions. */
import { apiRequest } from '../../lib/api-client';
import type { Role } from '../admin/admin-api';

export interface SessionInfo {
  id: string;
  createdAt: number;
  lastSeenAt: number;
  /** When it ends: its absolute end or its idle end, whichever comes first. */
  expiresAt: number;
  address: string;
  userAgent: string;
  current: boolean;
}

/** An API token as listed: never its secret. */
export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  creator: string;
  createdAt: number;
  expiresAt: number | null;
  lastUsed: number | null;
}

export interface Account {
  user: { name: string; role: Role; teams: string[]; via: string };
  sessions: SessionInfo[];
  tokens: ApiToken[];
}

export function loadAccount(signal?: AbortSignal): Promise<Account> {
  return apiRequest<Account>('/api/account', signal ? { signal } : {});
}

/** Changes the password; every other session ends. Resolves to how many ended. */
export async function changePassword(current: string, password: string): Promise<number> {
  const body = await apiRequest<{ sessionsEnded: number }>('/api/account/password', {
    method: 'PUT',
    body: { current, password },
  });
  return body.sessionsEnded;
}

export async function endSession(id: string): Promise<void> {
  await apiRequest<undefined>(`/api/account/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export async function endOtherSessions(): Promise<number> {
  return (await apiRequest<{ sessionsEnded: number }>('/api/account/sessions', { method: 'DELETE' }))
    .sessionsEnded;
}

/** Creates an API token; the answer holds the secret (`token`), shown once. */
export function createApiToken(spec: {
  name: string;
  role: Role;
  ttl?: string;
}): Promise<ApiToken & { token: string }> {
  return apiRequest<ApiToken & { token: string }>('/api/account/tokens', { method: 'POST', body: spec });
}

export async function revokeApiToken(id: string): Promise<void> {
  await apiRequest<undefined>(`/api/account/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
