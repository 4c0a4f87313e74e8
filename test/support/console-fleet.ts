import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Label, Sample } from '@seahawks/model';
import type { RemoteWriteSeriesInput } from '@seahawks/protocol';

/**
 * Simulated harvesters for the console's tests and benchmark: registry entries written into a
 * nester's data directory before it starts (they are enrolled but never connect, so they show
 * offline, as a machine that is switched off does), and node_exporter-shaped series for exactly
 * what the fleet and host pages query, generated from a host's "busy" level so the fleet has
 * healthy, warning and critical machines.
 */
export interface SimHost {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** 0..1: how busy the CPU is, how full memory and disk are. */
  readonly busy: number;
  readonly cpus: number;
  readonly os?: string;
}

const CPU_MODES = ['user', 'system', 'iowait', 'irq', 'softirq', 'steal', 'nice', 'idle'] as const;
const GIB = 2 ** 30;

/** Writes `fleet.json` (the registry's file) with one record per host, into `dataDir`. */
export async function seedRegistry(dataDir: string, hosts: readonly SimHost[], nowMs: number): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const harvesters = hosts.map((h, i) => ({
    id: `sim${String(i).padStart(9, '0')}`,
    name: h.name,
    labels: h.labels,
    // A hash nobody can present: these harvesters cannot connect, they are only listed.
    credentialHash: randomBytes(32).toString('hex'),
    createdAt: nowMs - 86_400_000,
    revokedAt: null,
    lastSeen: nowMs - 60_000 - i * 1000,
    inventory: {
      hostname: h.name,
      os: h.os ?? 'Debian GNU/Linux 12 (bookworm)',
      kernel: '6.1.0-18-amd64',
      arch: 'x86_64',
      cpus: h.cpus,
      cpuModel: 'Simulated CPU',
      memoryBytes: 16 * GIB,
      ips: [`10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`],
      bootTime: Math.floor(nowMs / 1000) - 86_400 * 3,
      version: '0.1.0-sim',
    },
  }));
  await writeFile(join(dataDir, 'fleet.json'), `${JSON.stringify({ harvesters }, null, 1)}\n`, {
    mode: 0o600,
  });
}

interface SeriesModel {
  labels: Label[];
  /** Value at round k (counters: the running total). */
  at: (k: number) => number;
}

function labelsOf(host: SimHost, record: Record<string, string>): Label[] {
  const all: Record<string, string> = { ...record, instance: host.name, job: 'node' };
  if (host.labels['team']) all['team'] = host.labels['team'];
  return Object.keys(all)
    .sort()
    .map((name) => ({ name, value: all[name]! }));
}

/** A smooth daily wave plus a faster one, in -1..1, different per host. */
function wave(k: number, seed: number, intervalS: number): number {
  const t = k * intervalS;
  return (
    0.6 * Math.sin((2 * Math.PI * t) / 86_400 + seed) + 0.4 * Math.sin((2 * Math.PI * t) / 3_600 + seed * 3)
  );
}

function hostModels(host: SimHost, seed: number, intervalS: number): SeriesModel[] {
  const g = (name: string, extra: Record<string, string>, at: (k: number) => number): SeriesModel => ({
    labels: labelsOf(host, { __name__: name, ...extra }),
    at,
  });
  const busyAt = (k: number): number =>
    Math.min(0.98, Math.max(0.01, host.busy + 0.08 * wave(k, seed, intervalS)));
  const models: SeriesModel[] = [];
  for (let cpu = 0; cpu < host.cpus; cpu++) {
    for (const mode of CPU_MODES) {
      const share = (k: number): number => {
        const b = busyAt(k);
        if (mode === 'idle') return 1 - b;
        if (mode === 'user') return b * 0.7;
        if (mode === 'system') return b * 0.2;
        return b * 0.02;
      };
      // A counter: the average share times the time, plus a small bounded wiggle that follows
      // the host's wave (small enough that the counter never goes down).
      const avg =
        mode === 'idle'
          ? 1 - host.busy
          : mode === 'user'
            ? host.busy * 0.7
            : mode === 'system'
              ? host.busy * 0.2
              : host.busy * 0.02;
      models.push(
        g(
          'node_cpu_seconds_total',
          { cpu: String(cpu), mode },
          (k) => 1e5 + k * intervalS * avg + 0.1 * intervalS * share(k),
        ),
      );
    }
  }
  const mem = 16 * GIB;
  models.push(
    g('node_memory_MemTotal_bytes', {}, () => mem),
    g(
      'node_memory_MemAvailable_bytes',
      {},
      (k) => mem * (1 - Math.min(0.97, host.busy * 0.9 + 0.03 * wave(k, seed + 1, intervalS))),
    ),
    g('node_memory_SwapTotal_bytes', {}, () => 2 * GIB),
    g('node_memory_SwapFree_bytes', {}, (k) => 2 * GIB * (0.9 - 0.05 * wave(k, seed + 2, intervalS))),
    g('node_load1', {}, (k) => host.cpus * busyAt(k) * 1.1),
    g('node_load5', {}, (k) => host.cpus * busyAt(k)),
    g('node_load15', {}, (k) => host.cpus * busyAt(k) * 0.95),
    g('node_procs_running', {}, (k) => Math.round(1 + host.cpus * busyAt(k))),
    g('node_procs_blocked', {}, (k) => (k % 17 === 0 ? 1 : 0)),
    g(
      'node_hwmon_temp_celsius',
      { chip: 'platform_coretemp_0', sensor: 'temp1' },
      (k) => 40 + 45 * busyAt(k),
    ),
    g(
      'node_hwmon_temp_celsius',
      { chip: 'platform_coretemp_0', sensor: 'temp2' },
      (k) => 38 + 40 * busyAt(k),
    ),
  );
  for (const [mountpoint, device, size] of [
    ['/', '/dev/sda1', 100 * GIB],
    ['/boot', '/dev/sda2', GIB],
  ] as const) {
    const extra = { mountpoint, device, fstype: 'ext4' };
    models.push(
      g('node_filesystem_size_bytes', extra, () => size),
      g(
        'node_filesystem_avail_bytes',
        extra,
        (k) => size * (1 - Math.min(0.97, host.busy * 0.95 + 0.0000001 * k)),
      ),
    );
  }
  for (const device of ['eth0', 'eth1']) {
    const rate = device === 'eth0' ? 2e6 : 2e5;
    models.push(
      g(
        'node_network_receive_bytes_total',
        { device },
        (k) => k * intervalS * rate * (1 + host.busy) + rate * wave(k, seed + 4, intervalS),
      ),
      g(
        'node_network_transmit_bytes_total',
        { device },
        (k) => k * intervalS * rate * 0.4 + rate * wave(k, seed + 5, intervalS) * 0.4,
      ),
    );
  }
  models.push(
    g(
      'node_disk_read_bytes_total',
      { device: 'sda' },
      (k) => k * intervalS * 5e5 + 5e5 * wave(k, seed + 6, intervalS),
    ),
    g(
      'node_disk_written_bytes_total',
      { device: 'sda' },
      (k) => k * intervalS * 1.5e6 + 1e6 * wave(k, seed + 7, intervalS),
    ),
  );
  return models;
}

/** How many series `hostSeriesRequests` writes per host. */
export function seriesPerHost(host: SimHost): number {
  return hostModels(host, 0, 15).length;
}

/**
 * remote_write requests holding every series of `hosts` from `startMs` to `endMs` (exclusive)
 * every `intervalMs`, in time order (windows of `windowRounds` rounds, all hosts per window),
 * at most about `maxSamples` samples a request.
 */
export function* hostSeriesRequests(
  hosts: readonly SimHost[],
  startMs: number,
  endMs: number,
  intervalMs = 15_000,
  windowRounds = 240,
  maxSamples = 50_000,
): Generator<RemoteWriteSeriesInput[]> {
  const intervalS = intervalMs / 1000;
  const models = hosts.map((h, i) => hostModels(h, i * 0.7, intervalS));
  const rounds = Math.floor((endMs - startMs) / intervalMs);
  for (let first = 0; first < rounds; first += windowRounds) {
    const last = Math.min(rounds, first + windowRounds);
    let batch: RemoteWriteSeriesInput[] = [];
    let count = 0;
    for (const hostModelsOf of models) {
      for (const m of hostModelsOf) {
        const samples: Sample[] = [];
        for (let k = first; k < last; k++) samples.push({ t: startMs + k * intervalMs, v: m.at(k) });
        batch.push({ labels: m.labels, samples });
        count += samples.length;
        if (count >= maxSamples) {
          yield batch;
          batch = [];
          count = 0;
        }
      }
    }
    if (batch.length > 0) yield batch;
  }
}
