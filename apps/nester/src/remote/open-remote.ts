import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { FleetRegistry } from '../fleet/registry.js';
import { JsonFile } from '../state/json-file.js';
import { AuditLog } from './audit-log.js';
import { RecordingSettings } from './recording-settings.js';
import type { RemoteDeps, SessionOpener } from './remote-deps.js';

/** Opens the audit log (`<dataDir>/audit/`) and the recording switch for the remote routes. */
export async function openRemote(
  dataDir: string,
  hub: SessionOpener,
  fleet: FleetRegistry,
  clock: () => number,
  logger: FastifyBaseLogger,
): Promise<RemoteDeps & { close(): Promise<void> }> {
  const audit = await AuditLog.open(join(dataDir, 'audit'), clock);
  const recording = await RecordingSettings.open(new JsonFile(join(dataDir, 'remote-settings.json')));
  return { hub, fleet, audit, recording, clock, logger, close: () => audit.close() };
}
