/** Enrollment endpoints: the tunnel endpoint, join tokens and harvester credentials (`/api/enrollment/*`). */
import { apiRequest } from '../../lib/api-client';

export type JoinTokenState = 'active' | 'expired' | 'used_up' | 'revoked';

/** A join token as listed: never its secret. */
export interface JoinToken {
  id: string;
  description: string;
  labels: Record<string, string>;
  createdAt: number;
  createdBy: string;
  /** Milliseconds since the epoch; null = never expires. */
  expiresAt: number | null;
  /** 0 = unlimited. */
  maxUses: number;
  used: number;
  revoked: boolean;
  lastUsedAt: number | null;
  state: JoinTokenState;
}

/** A freshly created token: the secret and the command to run, shown this once. */
export interface CreatedJoinToken extends JoinToken {
  token: string;
  joinCommand: string;
}

export interface NewJoinToken {
  /** A duration such as "24h", or "0" for never. */
  ttl: string;
  /** 0 = unlimited. */
  uses: number;
  team?: string;
  labels: Record<string, string>;
  description: string;
}

/** One enrolled harvester's credential. */
export interface Credential {
  id: string;
  name: string;
  labels: Record<string, string>;
  createdAt: number;
  lastSeen: number | null;
  online: boolean;
  hostname: string;
  version: string;
}

export interface EnrollmentInfo {
  tunnelUrl: string;
  caHash: string;
}

const opts = (signal?: AbortSignal) => (signal ? { signal } : {});

export function enrollmentInfo(signal?: AbortSignal): Promise<EnrollmentInfo> {
  return apiRequest<EnrollmentInfo>('/api/enrollment', opts(signal));
}

export async function listJoinTokens(signal?: AbortSignal): Promise<JoinToken[]> {
  return (await apiRequest<{ tokens: JoinToken[] }>('/api/enrollment/tokens', opts(signal))).tokens;
}

export function createJoinToken(spec: NewJoinToken): Promise<CreatedJoinToken> {
  const body = { ...spec, team: spec.team === '' ? undefined : spec.team };
  return apiRequest<CreatedJoinToken>('/api/enrollment/tokens', { method: 'POST', body });
}

export async function revokeJoinToken(id: string): Promise<void> {
  await apiRequest<undefined>(`/api/enrollment/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export async function listCredentials(signal?: AbortSignal): Promise<Credential[]> {
  return (await apiRequest<{ harvesters: Credential[] }>('/api/enrollment/harvesters', opts(signal)))
    .harvesters;
}

export async function revokeCredential(name: string): Promise<void> {
  await apiRequest<unknown>(`/api/enrollment/harvesters/${encodeURIComponent(name)}/revoke`, {
    method: 'POST',
  });
}
