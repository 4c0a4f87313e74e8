import type { FastifyBaseLogger } from 'fastify';
import type { JsonValue } from '@seahawks/protocol';
import type { WebSocket } from 'ws';
import type { FleetRegistry } from '../fleet/registry.js';
import type { AuditLog } from './audit-log.js';
import type { RecordingSettings } from './recording-settings.js';

/** What opens a session on a harvester: the tunnel hub (`TunnelHub.openSession`). */
export interface SessionOpener {
  isOnline(name: string): boolean;
  openSession(
    name: string,
    kind: string,
    params: Record<string, JsonValue>,
    timeoutMs?: number,
  ): Promise<WebSocket>;
}

/** What the remote-maintenance routes need, built by main.ts (or a test). */
export interface RemoteDeps {
  readonly hub: SessionOpener;
  readonly fleet: FleetRegistry;
  readonly audit: AuditLog;
  readonly recording: RecordingSettings;
  readonly clock: () => number;
  readonly logger: FastifyBaseLogger;
}

/** Close codes the nester sends to browsers (docs/remote.md). */
export const CLOSE = {
  /** Foreign Origin or not allowed to operate this harvester. */
  denied: 4403,
  /** No such harvester, or it is offline. */
  unavailable: 4404,
  /** The harvester could not open the session. */
  failed: 4502,
} as const;
