import type { HostShape } from './node-families-system.js';
import { constant, counter, during, gauge } from './node-series.js';
import type { SeriesSpec } from './node-series.js';

/** Which devices a host has: drawn from its shape so every host differs a little. */
export interface HostDevices {
  /** Block devices; `dm-*` is excluded by the dashboard's device regex, as on real hosts. */
  readonly disks: readonly string[];
  /** Network interfaces that live the whole span. */
  readonly nics: readonly string[];
  /** Whether a root entry with `device="rootfs"` exists (old kernels), which the dashboard filters out. */
  readonly rootfsEntry: boolean;
}

export function hostDevices(h: HostShape): HostDevices {
  const root = h.index % 3 === 0 ? 'nvme0n1' : 'sda';
  const disks = h.index % 2 === 0 ? [root, 'sdb'] : [root, 'dm-0'];
  const nics = h.index % 2 === 0 ? ['lo', 'eth0', 'docker0'] : ['lo', 'ens3'];
  return { disks, nics, rootfsEntry: h.index % 4 === 1 };
}

const GB = 1e9;

/** node_filesystem_* per mount point; a backup disk is mounted for the middle of the span only. */
export function filesystemFamilies(h: HostShape, d: HostDevices): SeriesSpec[] {
  const root = d.disks[0] === 'nvme0n1' ? '/dev/nvme0n1p1' : '/dev/sda1';
  const mounts: Array<{ device: string; fstype: string; mountpoint: string; size: number; used: number }> = [
    { device: root, fstype: 'ext4', mountpoint: '/', size: 100 * GB, used: 0.3 + 0.1 * h.busy },
    { device: 'tmpfs', fstype: 'tmpfs', mountpoint: '/run', size: h.memBytes / 10, used: 0.01 },
    { device: 'tmpfs', fstype: 'tmpfs', mountpoint: '/run/lock', size: 5242880, used: 0 },
    { device: '/dev/sda15', fstype: 'vfat', mountpoint: '/boot/efi', size: 0.13 * GB, used: 0.05 },
  ];
  if (d.rootfsEntry)
    mounts.push({ device: 'rootfs', fstype: 'rootfs', mountpoint: '/', size: 100 * GB, used: 0.35 });
  if (d.disks.includes('sdb'))
    mounts.push({ device: '/dev/sdb1', fstype: 'xfs', mountpoint: '/data', size: 2000 * GB, used: 0.6 });
  const out: SeriesSpec[] = [];
  for (const m of mounts) out.push(...mountSeries(m));
  const backup = {
    device: '/dev/sdc1',
    fstype: 'ext4',
    mountpoint: '/mnt/backup',
    size: 500 * GB,
    used: 0.8,
  };
  for (const s of mountSeries(backup)) out.push(during(s, 0.3, 0.7));
  return out;
}

function mountSeries(m: {
  device: string;
  fstype: string;
  mountpoint: string;
  size: number;
  used: number;
}): SeriesSpec[] {
  const labels = { device: m.device, fstype: m.fstype, mountpoint: m.mountpoint };
  const avail = m.size * (1 - m.used) * 0.95;
  const wobble = m.size * 0.0002;
  const files = Math.round(m.size / 16384);
  return [
    constant('node_filesystem_size_bytes', labels, m.size),
    gauge('node_filesystem_avail_bytes', labels, avail, wobble, { max: m.size, decimals: 0 }),
    gauge('node_filesystem_free_bytes', labels, avail + m.size * 0.05, wobble, { max: m.size, decimals: 0 }),
    constant('node_filesystem_files', labels, files),
    gauge('node_filesystem_files_free', labels, files * 0.9, files * 0.0001, { max: files, decimals: 0 }),
    constant('node_filesystem_readonly', labels, 0),
    constant('node_filesystem_device_error', labels, 0),
  ];
}

/** node_disk_* counters per block device; a second disk stays idle so some rates are zero. */
export function diskFamilies(h: HostShape, d: HostDevices): SeriesSpec[] {
  const out: SeriesSpec[] = [];
  for (const device of d.disks) {
    const load = device === 'sdb' ? 0 : h.busy;
    const l = { device };
    out.push(
      counter('node_disk_reads_completed_total', l, 5 * load, 0),
      counter('node_disk_writes_completed_total', l, 20 * load, 0),
      counter('node_disk_read_bytes_total', l, 2e5 * load, 0),
      counter('node_disk_written_bytes_total', l, 8e5 * load, 0),
      counter('node_disk_reads_merged_total', l, 1 * load, 0),
      counter('node_disk_writes_merged_total', l, 5 * load, 0),
      counter('node_disk_read_time_seconds_total', l, 0.01 * load, 3),
      counter('node_disk_write_time_seconds_total', l, 0.03 * load, 3),
      counter('node_disk_io_time_seconds_total', l, 0.02 * load, 3),
      counter('node_disk_io_time_weighted_seconds_total', l, 0.05 * load, 3),
      counter('node_disk_discards_completed_total', l, 0.1 * load, 0),
      counter('node_disk_discards_merged_total', l, 0, 0),
      counter('node_disk_discarded_sectors_total', l, 10 * load, 0),
      counter('node_disk_discard_time_seconds_total', l, 0.0001 * load, 3),
      counter('node_disk_flush_requests_total', l, 1 * load, 0),
      counter('node_disk_flush_requests_time_seconds_total', l, 0.001 * load, 3),
      gauge('node_disk_io_now', l, 0.3 * load, 0.5, { decimals: 0 }),
    );
  }
  return out;
}

const RECEIVE = ['bytes', 'packets', 'errs', 'drop', 'compressed', 'multicast', 'fifo', 'frame', 'nohandler'];
const TRANSMIT = ['bytes', 'packets', 'errs', 'drop', 'compressed', 'fifo', 'colls', 'carrier'];

/** node_network_* per interface, plus a container's veth that exists for part of the span. */
export function networkFamilies(h: HostShape, d: HostDevices): SeriesSpec[] {
  const out: SeriesSpec[] = [];
  for (const device of d.nics) out.push(...nicSeries(device, device === 'lo' ? 0.2 : h.busy));
  const veth = `veth${(0x3a7f0 + h.index * 7919).toString(16)}`;
  for (const s of nicSeries(veth, 0.3 * h.busy)) out.push(during(s, 0.2, 0.6));
  return out;
}

function nicSeries(device: string, load: number): SeriesSpec[] {
  const l = { device };
  const bytes = 1.2e6 * load;
  const out: SeriesSpec[] = [];
  for (const f of RECEIVE) out.push(counter(`node_network_receive_${f}_total`, l, nicRate(f, bytes), 0));
  for (const f of TRANSMIT)
    out.push(counter(`node_network_transmit_${f}_total`, l, nicRate(f, bytes * 0.4), 0));
  out.push(
    constant('node_network_up', l, device === 'lo' ? 0 : 1),
    constant('node_network_carrier', l, 1),
    constant('node_network_mtu_bytes', l, device === 'lo' ? 65536 : 1500),
  );
  // Virtual interfaces report no speed; physical ones do (the dashboard guards with "> bool 0").
  if (device === 'eth0' || device === 'ens3') out.push(constant('node_network_speed_bytes', l, 125000000));
  if (device.startsWith('veth')) out.push(constant('node_network_speed_bytes', l, -1));
  return out;
}

function nicRate(field: string, bytes: number): number {
  switch (field) {
    case 'bytes':
      return bytes;
    case 'packets':
      return bytes / 900;
    case 'multicast':
      return 0.05;
    case 'drop':
    case 'errs':
      return bytes > 0 ? 0.01 : 0;
    default:
      return 0;
  }
}

/** node_netstat_*, node_sockstat_*, conntrack, ARP and TCP connection states. */
export function protocolFamilies(h: HostShape, d: HostDevices): SeriesSpec[] {
  const b = h.busy;
  const out: SeriesSpec[] = [];
  const rates: ReadonlyArray<readonly [string, number]> = [
    ['IpExt_InOctets', 1.3e6],
    ['IpExt_OutOctets', 5e5],
    ['Tcp_InSegs', 900],
    ['Tcp_OutSegs', 800],
    ['Tcp_RetransSegs', 0.5],
    ['Tcp_InErrs', 0.01],
    ['Tcp_OutRsts', 2],
    ['Tcp_ActiveOpens', 3],
    ['Tcp_PassiveOpens', 2],
    ['Udp_InDatagrams', 40],
    ['Udp_OutDatagrams', 40],
    ['Udp_InErrors', 0],
    ['Udp_NoPorts', 0.1],
    ['Udp_RcvbufErrors', 0],
    ['Udp_SndbufErrors', 0],
    ['Icmp_InMsgs', 0.3],
    ['Icmp_OutMsgs', 0.3],
    ['Icmp_InErrors', 0],
    ['TcpExt_ListenOverflows', 0],
    ['TcpExt_ListenDrops', 0],
    ['TcpExt_TCPSynRetrans', 0.05],
    ['TcpExt_SyncookiesFailed', 0],
    ['TcpExt_SyncookiesRecv', 0],
    ['TcpExt_SyncookiesSent', 0],
    ['TcpExt_TCPTimeouts', 0.2],
  ];
  for (const [field, rate] of rates) out.push(counter(`node_netstat_${field}`, {}, rate * b, 0));
  out.push(
    gauge('node_netstat_Tcp_CurrEstab', {}, 40 * b, 3, { decimals: 0 }),
    constant('node_netstat_Tcp_MaxConn', {}, -1),
    gauge('node_sockstat_TCP_alloc', {}, 60 * b, 3, { decimals: 0 }),
    gauge('node_sockstat_TCP_inuse', {}, 45 * b, 3, { decimals: 0 }),
    gauge('node_sockstat_TCP_orphan', {}, 0.2, 0.4, { decimals: 0 }),
    gauge('node_sockstat_TCP_tw', {}, 30 * b, 4, { decimals: 0 }),
    gauge('node_sockstat_TCP_mem', {}, 10, 2, { decimals: 0 }),
    gauge('node_sockstat_TCP_mem_bytes', {}, 40960, 8192, { decimals: 0 }),
    gauge('node_sockstat_UDP_inuse', {}, 4, 0.5, { decimals: 0 }),
    gauge('node_sockstat_UDP_mem', {}, 2, 1, { decimals: 0 }),
    gauge('node_sockstat_UDP_mem_bytes', {}, 8192, 4096, { decimals: 0 }),
    constant('node_sockstat_UDPLITE_inuse', {}, 0),
    gauge('node_sockstat_sockets_used', {}, 300 * b, 5, { decimals: 0 }),
    constant('node_sockstat_FRAG_inuse', {}, 0),
    constant('node_sockstat_FRAG_memory', {}, 0),
    constant('node_sockstat_RAW_inuse', {}, 0),
    gauge('node_nf_conntrack_entries', {}, 200 * b, 10, { decimals: 0 }),
    constant('node_nf_conntrack_entries_limit', {}, 262144),
  );
  for (const device of d.nics.filter((n) => n !== 'lo')) {
    out.push(gauge('node_arp_entries', { device }, 3, 0.3, { min: 1, decimals: 0 }));
  }
  for (const [state, n] of [
    ['established', 40],
    ['time_wait', 30],
    ['listen', 12],
    ['close_wait', 1],
    ['fin_wait2', 1],
    ['syn_sent', 0.2],
  ] as const) {
    out.push(gauge('node_tcp_connection_states', { state }, n * b, 1 + n * 0.05, { decimals: 0 }));
  }
  return out;
}
