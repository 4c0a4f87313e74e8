import { constant, counter, gauge, processCounter, special } from './node-series.js';
import type { SeriesSpec } from './node-series.js';
import type { SeededRandom } from './seeded-random.js';

/** The hardware a generated host has; drawn once per host from the seed. */
export interface HostShape {
  readonly index: number;
  readonly nodename: string;
  readonly cpus: number;
  readonly memBytes: number;
  readonly swapBytes: number;
  /** Load factor: busy hosts have higher rates everywhere. */
  readonly busy: number;
  /** Physical hosts have temperature sensors, virtual machines do not. */
  readonly physical: boolean;
}

const GIB = 1024 ** 3;
const CPU_MODES: ReadonlyArray<readonly [string, number]> = [
  ['idle', 0.8],
  ['user', 0.1],
  ['system', 0.04],
  ['iowait', 0.01],
  ['irq', 0.002],
  ['softirq', 0.005],
  ['steal', 0.001],
  ['nice', 0.001],
];

/** CPU families per core: node_cpu_seconds_total{cpu,mode}, schedstat, softnet, frequency. */
export function cpuFamilies(h: HostShape): SeriesSpec[] {
  const out: SeriesSpec[] = [];
  for (let c = 0; c < h.cpus; c++) {
    const cpu = String(c);
    for (const [mode, share] of CPU_MODES) {
      const rate = mode === 'idle' ? 1 - 0.2 * h.busy : share * h.busy;
      out.push(counter('node_cpu_seconds_total', { cpu, mode }, rate, 2));
    }
    out.push(counter('node_cpu_guest_seconds_total', { cpu, mode: 'user' }, 0, 2));
    out.push(counter('node_schedstat_running_seconds_total', { cpu }, 0.2 * h.busy, 6));
    out.push(counter('node_schedstat_waiting_seconds_total', { cpu }, 0.02 * h.busy, 6));
    out.push(counter('node_schedstat_timeslices_total', { cpu }, 400 * h.busy, 0));
    out.push(counter('node_softnet_processed_total', { cpu }, 150 * h.busy, 0));
    out.push(counter('node_softnet_dropped_total', { cpu }, 0, 0));
    out.push(counter('node_softnet_times_squeezed_total', { cpu }, 0.01, 0));
    out.push(
      gauge('node_cpu_scaling_frequency_hertz', { cpu }, 2.4e9, 2e8, { min: 8e8, max: 3.6e9, decimals: 0 }),
    );
    out.push(constant('node_cpu_scaling_frequency_max_hertz', { cpu }, 3.6e9));
    out.push(constant('node_cpu_scaling_frequency_min_hertz', { cpu }, 8e8));
  }
  return out;
}

/** node_memory_* gauges as /proc/meminfo has them, kept roughly consistent with MemTotal. */
export function memoryFamilies(h: HostShape): SeriesSpec[] {
  const m = h.memBytes;
  const g = (field: string, share: number, wobble = 0.004): SeriesSpec =>
    gauge(`node_memory_${field}`, {}, m * share, m * wobble, { min: 0, max: m, decimals: 0 });
  const c = (field: string, value: number): SeriesSpec => constant(`node_memory_${field}`, {}, value);
  return [
    c('MemTotal_bytes', m),
    g('MemFree_bytes', 0.2),
    g('MemAvailable_bytes', 0.55),
    g('Buffers_bytes', 0.03, 0.0005),
    g('Cached_bytes', 0.3),
    g('SReclaimable_bytes', 0.02, 0.0002),
    g('SUnreclaim_bytes', 0.015, 0.0002),
    g('Slab_bytes', 0.035, 0.0003),
    g('PageTables_bytes', 0.005, 0.00005),
    g('Committed_AS_bytes', 0.6),
    c('CommitLimit_bytes', m / 2 + h.swapBytes),
    g('Writeback_bytes', 0.00001, 0.00001),
    c('WritebackTmp_bytes', 0),
    g('Dirty_bytes', 0.0002, 0.0001),
    c('NFS_Unstable_bytes', 0),
    g('Mapped_bytes', 0.05, 0.0005),
    g('Shmem_bytes', 0.01, 0.0001),
    c('ShmemHugePages_bytes', 0),
    c('ShmemPmdMapped_bytes', 0),
    g('Active_bytes', 0.35),
    g('Inactive_bytes', 0.3),
    g('Active_file_bytes', 0.2),
    g('Inactive_file_bytes', 0.25),
    g('Active_anon_bytes', 0.15),
    g('Inactive_anon_bytes', 0.05),
    g('KernelStack_bytes', 0.002, 0.00002),
    c('Percpu_bytes', h.cpus * 1.2e6),
    c('VmallocChunk_bytes', 0),
    c('VmallocTotal_bytes', 35184372087808),
    g('VmallocUsed_bytes', 0.004, 0.00002),
    g('AnonHugePages_bytes', 0.02, 0.0002),
    g('AnonPages_bytes', 0.2),
    c('Unevictable_bytes', 0),
    c('Mlocked_bytes', 0),
    c('DirectMap1G_bytes', Math.floor(m / GIB) * GIB),
    c('DirectMap2M_bytes', 2 * GIB),
    c('DirectMap4k_bytes', 300 * 1024 * 1024),
    c('HugePages_Total', 0),
    c('HugePages_Free', 0),
    c('HugePages_Rsvd', 0),
    c('HugePages_Surp', 0),
    c('Hugepagesize_bytes', 2097152),
    c('HardwareCorrupted_bytes', 0),
    c('SwapTotal_bytes', h.swapBytes),
    gauge('node_memory_SwapFree_bytes', {}, h.swapBytes * 0.9, h.swapBytes * 0.002, {
      min: 0,
      max: h.swapBytes,
      decimals: 0,
    }),
    gauge('node_memory_SwapCached_bytes', {}, h.swapBytes * 0.001, h.swapBytes * 0.0001, { decimals: 0 }),
  ];
}

/** Load, processes, kernel counters, time sync, pressure, entropy, file descriptors. */
export function kernelFamilies(h: HostShape, rng: SeededRandom): SeriesSpec[] {
  const b = h.busy;
  const load = h.cpus * 0.3 * b;
  const out: SeriesSpec[] = [
    gauge('node_load1', {}, load, load * 0.15, { decimals: 2 }),
    gauge('node_load5', {}, load, load * 0.06, { decimals: 2 }),
    gauge('node_load15', {}, load, load * 0.02, { decimals: 2 }),
    special('node_boot_time_seconds', {}, 'boot-time'),
    special('node_time_seconds', {}, 'clock'),
    counter('node_context_switches_total', {}, 3000 * b * h.cpus, 0),
    counter('node_intr_total', {}, 2000 * b * h.cpus, 0),
    counter('node_forks_total', {}, 6 * b, 0),
    gauge('node_procs_running', {}, 2 * b, 1, { min: 1, decimals: 0 }),
    gauge('node_procs_blocked', {}, 0.2, 0.4, { decimals: 0 }),
    gauge('node_filefd_allocated', {}, 4000 + 2000 * b, 60, { decimals: 0 }),
    constant('node_filefd_maximum', {}, 9.223372036854776e18),
    gauge('node_entropy_available_bits', {}, 256, 0, { min: 256, max: 256 }),
    constant('node_entropy_pool_size_bits', {}, 256),
    gauge('node_processes_pids', {}, 300 * b, 5, { decimals: 0 }),
    constant('node_processes_max_processes', {}, 4194304),
    gauge('node_processes_threads', {}, 600 * b, 10, { decimals: 0 }),
    constant('node_processes_max_threads', {}, 127573),
    gauge('node_timex_offset_seconds', {}, 0, 2e-5, { min: -1e-3, max: 1e-3, decimals: 9 }),
    gauge('node_timex_estimated_error_seconds', {}, 1e-5, 1e-6, { decimals: 9 }),
    gauge('node_timex_maxerror_seconds', {}, 0.05, 0.01, { decimals: 6 }),
    constant('node_timex_loop_time_constant', {}, 7),
    constant('node_timex_sync_status', {}, 1),
    gauge('node_timex_frequency_adjustment_ratio', {}, 1.00001, 1e-7, { min: 0.999, max: 1.001 }),
    constant('node_timex_tick_seconds', {}, 0.01),
    constant('node_timex_tai_offset_seconds', {}, 0),
    constant('node_uname_info', unameLabels(h, rng), 1),
  ];
  for (const state of ['R', 'S', 'D', 'I', 'Z']) {
    out.push(gauge('node_processes_state', { state }, state === 'S' ? 250 * b : 3, 1, { decimals: 0 }));
  }
  for (const r of [
    'cpu_waiting',
    'memory_waiting',
    'memory_stalled',
    'io_waiting',
    'io_stalled',
    'irq_stalled',
  ]) {
    out.push(counter(`node_pressure_${r}_seconds_total`, {}, 0.01 * b, 6));
  }
  for (const [f, rate] of [
    ['pgpgin', 400],
    ['pgpgout', 900],
    ['pswpin', 0.1],
    ['pswpout', 0.2],
    ['pgfault', 5000],
    ['pgmajfault', 0.5],
    ['oom_kill', 0],
  ] as const) {
    out.push(counter(`node_vmstat_${f}`, {}, rate * b, 0));
  }
  return out;
}

/** Temperature sensors (physical hosts only), systemd units, and the exporter's own metrics. */
export function exporterFamilies(h: HostShape): SeriesSpec[] {
  const out: SeriesSpec[] = [];
  if (h.physical) {
    const chip = 'platform_coretemp_0';
    out.push(constant('node_hwmon_chip_names', { chip, chip_name: 'coretemp' }, 1));
    for (let s = 1; s <= Math.min(h.cpus, 4) + 1; s++) {
      const sensor = `temp${s}`;
      out.push(gauge('node_hwmon_temp_celsius', { chip, sensor }, 45 + 10 * h.busy, 1.5, { decimals: 1 }));
      out.push(constant('node_hwmon_temp_crit_celsius', { chip, sensor }, 100));
      out.push(constant('node_hwmon_temp_max_celsius', { chip, sensor }, 84));
    }
  }
  const units: ReadonlyArray<readonly [string, number]> = [
    ['activating', 0],
    ['active', 180],
    ['deactivating', 0],
    ['failed', h.index % 4 === 3 ? 1 : 0],
    ['inactive', 90],
  ];
  for (const [state, n] of units) out.push(constant('node_systemd_units', { state }, n));
  for (const collector of ['cpu', 'diskstats', 'filesystem', 'meminfo', 'netdev', 'hwmon', 'textfile']) {
    // A VM has no sensors: node_exporter reports the hwmon collector as failed there.
    const ok = collector !== 'hwmon' || h.physical ? 1 : 0;
    out.push(constant('node_scrape_collector_success', { collector }, ok));
    out.push(gauge('node_scrape_collector_duration_seconds', { collector }, 0.002, 0.0004, { decimals: 6 }));
  }
  out.push(
    constant('node_textfile_scrape_error', {}, 0),
    processCounter('process_cpu_seconds_total', 0.004),
    gauge('process_resident_memory_bytes', {}, 2.2e7, 2e5, { decimals: 0 }),
    gauge('process_virtual_memory_bytes', {}, 7.4e8, 1e6, { decimals: 0 }),
    constant('process_virtual_memory_max_bytes', {}, 1.8446744073709552e19),
    constant('process_max_fds', {}, 1048576),
    gauge('process_open_fds', {}, 10, 1, { min: 7, decimals: 0 }),
    special('process_start_time_seconds', {}, 'exporter-start'),
  );
  return out;
}

function unameLabels(h: HostShape, rng: SeededRandom): Record<string, string> {
  return {
    domainname: '(none)',
    machine: 'x86_64',
    nodename: h.nodename,
    release: rng.pick(['6.1.0-18-amd64', '6.1.0-21-amd64', '5.10.0-28-amd64']),
    sysname: 'Linux',
    version: '#1 SMP PREEMPT_DYNAMIC Debian',
  };
}
