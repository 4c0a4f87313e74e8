// Label sets shaped like node_exporter's: per host `instance` and `job`, families with the label
// dimensions node_exporter uses (cpu × mode, device, mountpoint × fstype, …), so the series
// table, its indexes and the series-id cache see what a real fleet sends.
import { labelsFromRecord } from '@seahawks/model';
import type { Labels } from '@seahawks/model';

interface Family {
  readonly name: string;
  /** Label name → values; the family has one series per combination. */
  readonly dims: Readonly<Record<string, readonly string[]>>;
}

const CPUS = ['0', '1', '2', '3', '4', '5', '6', '7'];
const MODES = ['idle', 'iowait', 'irq', 'nice', 'softirq', 'steal', 'system', 'user'];
const DISKS = ['nvme0n1', 'nvme1n1', 'sda', 'sdb'];
const NICS = ['eth0', 'eth1', 'lo', 'docker0'];
const MOUNTS = ['/', '/boot', '/home', '/var', '/srv', '/run'];

const DISK_METRICS = [
  'reads_completed',
  'reads_merged',
  'read_bytes',
  'read_time_seconds',
  'writes_completed',
  'writes_merged',
  'written_bytes',
  'write_time_seconds',
  'io_now',
  'io_time_seconds',
  'io_time_weighted_seconds',
  'discards_completed',
  'discards_merged',
  'discarded_sectors',
  'discard_time_seconds',
  'flush_requests',
  'flush_requests_time_seconds',
];
const NET_METRICS = [
  'receive_bytes',
  'receive_packets',
  'receive_errs',
  'receive_drop',
  'receive_fifo',
  'receive_frame',
  'receive_compressed',
  'receive_multicast',
  'transmit_bytes',
  'transmit_packets',
  'transmit_errs',
  'transmit_drop',
  'transmit_fifo',
  'transmit_colls',
  'transmit_carrier',
  'transmit_compressed',
];
const FS_METRICS = [
  'avail_bytes',
  'files',
  'files_free',
  'free_bytes',
  'readonly',
  'size_bytes',
  'device_error',
];

const FAMILIES: readonly Family[] = [
  { name: 'node_cpu_seconds_total', dims: { cpu: CPUS, mode: MODES } },
  { name: 'node_cpu_guest_seconds_total', dims: { cpu: CPUS, mode: ['nice', 'user'] } },
  { name: 'node_softnet_processed_total', dims: { cpu: CPUS } },
  { name: 'node_softnet_dropped_total', dims: { cpu: CPUS } },
  { name: 'node_cpu_scaling_frequency_hertz', dims: { cpu: CPUS } },
  ...DISK_METRICS.map((m) => ({ name: `node_disk_${m}_total`, dims: { device: DISKS } })),
  ...NET_METRICS.map((m) => ({ name: `node_network_${m}_total`, dims: { device: NICS } })),
  ...FS_METRICS.map((m) => ({
    name: `node_filesystem_${m}`,
    dims: { mountpoint: MOUNTS, fstype: ['ext4'], device: ['/dev/nvme0n1p2'] },
  })),
  {
    name: 'node_hwmon_temp_celsius',
    dims: { chip: ['platform_coretemp_0'], sensor: CPUS.map((c) => `temp${c}`) },
  },
];

/** Families without labels (memory, vmstat, netstat, …) fill each host up to its series count. */
function scalarName(i: number): string {
  const groups = [
    'node_memory',
    'node_vmstat',
    'node_netstat',
    'node_sockstat',
    'node_procs',
    'node_nf_conntrack',
  ];
  return `${groups[i % groups.length]}_metric_${i}`;
}

function combinations(dims: Readonly<Record<string, readonly string[]>>): Record<string, string>[] {
  let out: Record<string, string>[] = [{}];
  for (const [name, values] of Object.entries(dims)) {
    out = out.flatMap((partial) => values.map((v) => ({ ...partial, [name]: v })));
  }
  return out;
}

/**
 * The label sets of one host: `seriesPerHost` of them, canonical (sorted), each array made once
 * so the engine's identity cache works as it does behind the remote_write decoder's interning.
 */
export function hostSeries(host: number, seriesPerHost: number): Labels[] {
  const instance = `host-${String(host).padStart(4, '0')}:9100`;
  const out: Labels[] = [];
  for (const family of FAMILIES) {
    for (const combo of combinations(family.dims)) {
      if (out.length === seriesPerHost) return out;
      out.push(labelsFromRecord({ __name__: family.name, instance, job: 'node', ...combo }));
    }
  }
  for (let i = 0; out.length < seriesPerHost; i++) {
    out.push(labelsFromRecord({ __name__: scalarName(i), instance, job: 'node' }));
  }
  return out;
}
