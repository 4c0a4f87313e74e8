// How close node_exporter's reading must be to the harvester's, per family. The harvester
// collects once before and once after node_exporter's scrape (about 0.1 s apart); the value
// node_exporter read in between must fall in [min, max] of those two, widened by the rule's
// slack. The first matching rule wins. Counters without a rule use `counter` (between the
// two readings, widened by a quarter of their gap: the counter's rate times the elapsed
// time); gauges without a rule must be exact. The doc repeats these in its tolerance table.
import type { ToleranceRule } from '../../apps/harvester/src/parity/parity-types.js';

const MEMORY_SHARE = 0.01;

export const TOLERANCES: readonly ToleranceRule[] = [
  // Memory: sizes are fixed; usage moves with every allocation on the machine, the test's own
  // Node process and node_exporter's scrape included.
  {
    family: /node_memory_(MemTotal|SwapTotal|Hugepagesize|HugePages_Total|CmaTotal|VmallocTotal)(_bytes)?/,
    tolerance: { kind: 'exact' },
    reason: 'sizes fixed at boot',
  },
  {
    family: 'node_memory_Committed_AS_bytes',
    tolerance: { kind: 'absolute', delta: 256 * 1024 * 1024 },
    reason:
      "commit charge counts every thread stack in full (8 MiB each): node_exporter's scrape threads move it by tens of MiB",
  },
  {
    family: /node_memory_.+/,
    tolerance: { kind: 'share', of: 'node_memory_MemTotal_bytes', fraction: MEMORY_SHARE },
    reason: 'usage moves with every allocation on the machine: 1 % of MemTotal',
  },
  // Filesystems: sizes are exact; free space and inodes move with writes anywhere on the disk.
  {
    family: /node_filesystem_(free|avail)_bytes/,
    tolerance: { kind: 'share', of: 'node_filesystem_size_bytes', fraction: 0.01 },
    reason: 'writes anywhere on the filesystem (logs, the test run) move it: 1 % of its size',
  },
  {
    family: 'node_filesystem_files_free',
    tolerance: { kind: 'share', of: 'node_filesystem_files', fraction: 0.01 },
    reason: 'files created and deleted anywhere on it: 1 % of its inodes',
  },
  {
    family: /node_load(1|5|15)/,
    tolerance: { kind: 'absolute', delta: 0.5 },
    reason: 'recomputed every 5 s; one update moves load1 by about 0.08 per runnable task',
  },
  // Instantaneous counts of tasks, files and sockets: the two exporters, the test runner's other
  // test files (run in parallel, about a dozen threads each) and the scrape's own connection
  // open and close them between the readings.
  {
    family: /node_procs_(running|blocked)/,
    tolerance: { kind: 'absolute', delta: 16 },
    reason: 'runnable or blocked tasks at one instant; both exporters run during the readings',
  },
  {
    family: /node_processes_(pids|threads|state|threads_state)/,
    tolerance: { kind: 'absolute', delta: 64 },
    reason: 'processes and threads of parallel test files start and exit between readings',
  },
  {
    family: 'node_filefd_allocated',
    tolerance: { kind: 'absolute', delta: 512 },
    reason: 'both exporters and parallel test files open files while reading',
  },
  {
    family: 'node_sockstat_TCP_mem_bytes',
    tolerance: { kind: 'absolute', delta: 64 * 4096 },
    reason: 'buffer pages of sockets, in bytes',
  },
  {
    family: /node_sockstat_.+/,
    tolerance: { kind: 'absolute', delta: 64 },
    reason: 'sockets (and their buffer pages) of the scrape and of parallel test files',
  },
  {
    family: 'node_nf_conntrack_entries',
    tolerance: { kind: 'absolute', delta: 64 },
    reason: 'tracked connections, the scrape its own; entries expire',
  },
  {
    family: 'node_netstat_Tcp_CurrEstab',
    tolerance: { kind: 'absolute', delta: 16 },
    reason: 'established TCP connections at one instant, the scrape its own',
  },
  { family: 'node_netstat_Ip_Forwarding', tolerance: { kind: 'exact' }, reason: 'a sysctl setting' },
  // Untyped in node_exporter, counters in the kernel.
  { family: /node_(netstat|vmstat)_.+/, tolerance: { kind: 'counter' }, reason: 'kernel event counters' },
  {
    family: 'node_disk_io_now',
    tolerance: { kind: 'absolute', delta: 16 },
    reason: 'requests in flight at one instant',
  },
  {
    family: 'node_entropy_available_bits',
    tolerance: { kind: 'absolute', delta: 256 },
    reason:
      'kernels before 5.18 drain and refill it as programs read random bytes (5.18+ report a constant 256)',
  },
  {
    family: 'node_time_seconds',
    tolerance: { kind: 'absolute', delta: 0.01 },
    reason: 'the wall clock, read by node_exporter between the two readings',
  },
  {
    family: /node_(cpu_scaling_frequency|cpu_frequency)_hertz/,
    tolerance: { kind: 'relative', fraction: 1 },
    reason: 'frequency scaling changes the current clock within milliseconds: only presence is compared',
  },
  {
    family: /node_(hwmon_temp_celsius|thermal_zone_temp)/,
    tolerance: { kind: 'absolute', delta: 3 },
    reason: 'sensors sample on their own clock; a busy CPU warms by degrees within a second',
  },
  {
    family: /node_hwmon_(fan_rpm|in_volts|curr_amps|power_average_watt)/,
    tolerance: { kind: 'relative', fraction: 0.25 },
    reason: 'fans, voltages, currents and power follow the load within a second',
  },
];
