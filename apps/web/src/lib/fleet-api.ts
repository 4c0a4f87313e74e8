/** The fleet endpoints: every harvester the user may see, and one harvester with its filesystems. */
import { ApiError, apiRequest } from './api-client';

/** What the harvester reported about its machine; every field may be missing. */
export interface Inventory {
  hostname?: string;
  os?: string;
  kernel?: string;
  arch?: string;
  cpus?: number;
  cpuModel?: string;
  memoryBytes?: number;
  ips?: string[];
  /** Unix seconds. */
  bootTime?: number;
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

/** One mounted filesystem, from the host's metrics. */
export interface Filesystem {
  mountpoint: string;
  device: string;
  fstype: string;
  sizeBytes: number;
  availBytes: number | null;
}

export interface HarvesterDetail extends Harvester {
  filesystems: Filesystem[];
}

/** The team of a harvester (its `team` label), or undefined. */
export function teamOf(h: Pick<Harvester, 'labels'>): string | undefined {
  const team = h.labels['team'];
  return team === undefined || team === '' ? undefined : team;
}

/** Loads the fleet. */
export async function fetchFleet(signal?: AbortSignal): Promise<Harvester[]> {
  const body = await apiRequest<{ harvesters?: Harvester[] }>('/api/fleet', signal ? { signal } : {});
  return Array.isArray(body?.harvesters) ? body.harvesters : [];
}

/** Loads one harvester; null when it does not exist or the user may not see it (404). */
export async function fetchHarvester(name: string, signal?: AbortSignal): Promise<HarvesterDetail | null> {
  try {
    const body = await apiRequest<{ harvester: HarvesterDetail }>(
      `/api/fleet/${encodeURIComponent(name)}`,
      signal ? { signal } : {},
    );
    return { ...body.harvester, filesystems: body.harvester.filesystems ?? [] };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}
