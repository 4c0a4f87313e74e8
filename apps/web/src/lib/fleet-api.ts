/** The fleet endpoint: every harvester the user may see, with inventory and a vital-signs summary. */
import { apiRequest } from './api-client';

/** What the harvester reported about its machine; every field may be missing. */
export interface Inventory {
  os?: string;
  kernel?: string;
  arch?: string;
  cpus?: number;
  memoryBytes?: number;
  version?: string;
}

/** Latest vital signs; ratios are 0..1, temperature in °C (hottest sensor), null when unknown. */
export interface HarvesterSummary {
  cpu: number | null;
  memory: number | null;
  /** Fullest filesystem. */
  disk: number | null;
  temperature: number | null;
  load1: number | null;
  uptimeSeconds: number | null;
}

export interface Harvester {
  id: string;
  name: string;
  labels: Record<string, string>;
  online: boolean;
  /** Milliseconds since the epoch, null if never seen. */
  lastSeen: number | null;
  inventory: Inventory;
  summary: HarvesterSummary;
}

interface FleetEnvelope {
  harvesters: Harvester[];
}

/** Loads the fleet. */
export async function fetchFleet(signal?: AbortSignal): Promise<Harvester[]> {
  const body = await apiRequest<FleetEnvelope>('/api/fleet', signal ? { signal } : {});
  return Array.isArray(body?.harvesters) ? body.harvesters : [];
}
