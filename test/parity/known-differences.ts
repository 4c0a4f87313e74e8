// What the parity test leaves out by rule, and the deliberate differences it allows. Every
// reason is one line that also appears, word for word, in docs/node-exporter-parity.md (the
// test checks it). The reference is node_exporter 1.12 (upstream); the test runs Debian's
// 1.5.0, so the harvester's 1.6–1.12 features show as differences of their own, named here.
import type { Allowance, Exclusion } from '../../apps/harvester/src/parity/parity-types.js';

/** Families that are not the machine's metrics: node_exporter's own, and collection timings. */
export const EXCLUSIONS: readonly Exclusion[] = [
  { family: /go_.*/, reason: "node_exporter's Go runtime metrics; the harvester is not a Go program" },
  { family: /process_.*/, reason: "node_exporter's own process metrics (CPU, memory, fds of the exporter)" },
  { family: /promhttp_.*/, reason: "node_exporter's HTTP handler metrics; the harvester serves no /metrics" },
  { family: /node_exporter_build_info/, reason: "node_exporter's version and build" },
  {
    family: /node_scrape_collector_duration_seconds/,
    reason: 'timing gauges: how long each collector took, different by nature (Go vs JavaScript)',
  },
];

/** The deliberate differences, each with the reason the doc gives. */
export const ALLOWANCES: readonly Allowance[] = [
  {
    kind: 'label',
    family: /node_filesystem_.+/,
    label: 'device_error',
    only: 'harvester',
    reason:
      'filesystem: the `device_error` label on every node_filesystem_* series is node_exporter 1.8+ (#2923); 1.5.0 lacks it.',
  },
  {
    kind: 'label',
    family: 'node_disk_info',
    label: 'rotational',
    only: 'harvester',
    reason:
      'diskstats: the `rotational` label of node_disk_info is node_exporter 1.9+ (#3022); 1.5.0 lacks it.',
  },
  {
    kind: 'label',
    family: 'node_network_info',
    label: 'adminstate',
    only: 'harvester',
    reason:
      'netclass: the `adminstate` label of node_network_info is node_exporter 1.6+ (#2515); 1.5.0 lacks it.',
  },
  {
    kind: 'family',
    family: 'node_pressure_irq_stalled_seconds_total',
    only: 'harvester',
    reason:
      'pressure: node_pressure_irq_stalled_seconds_total (kernels with /proc/pressure/irq) is node_exporter 1.9+ (#3048).',
  },
  {
    kind: 'family',
    family: 'node_cpu_scaling_governor',
    only: 'harvester',
    reason: 'cpufreq: node_cpu_scaling_governor (machines with cpufreq) is node_exporter 1.6+ (#2569).',
  },
  {
    kind: 'family',
    family: 'node_cpu_frequency_avg_hertz',
    only: 'harvester',
    reason:
      'cpufreq: node_cpu_frequency_avg_hertz (kernels with cpuinfo_avg_freq) is node_exporter 1.12+ (#3712).',
  },
  {
    kind: 'family',
    family: 'node_os_support_end_timestamp_seconds',
    only: 'harvester',
    reason:
      'os: node_os_support_end_timestamp_seconds (an os-release with SUPPORT_END) is node_exporter 1.8+ (#2982).',
  },
  {
    kind: 'family',
    family: 'node_hwmon_freq_freq_mhz',
    only: 'harvester',
    reason: 'hwmon: node_hwmon_freq_freq_mhz (GPU clocks) is node_exporter 1.9+ (#3093).',
  },
  {
    kind: 'type',
    family: /parity_textfile_.+/,
    reason:
      'textfile: histograms and summaries of text files come out as untyped `_bucket`, `_sum`, `_count` families with the same samples (MetricFamily has no histogram type).',
  },
  {
    kind: 'series',
    family: /node_processes_(state|threads_state)/,
    reason:
      'processes: a `state` or `thread_state` value has a series only while some task is in that state; D, R, T and Z come and go within milliseconds.',
  },
  {
    kind: 'value',
    family: 'node_scrape_collector_success',
    labels: { collector: 'hwmon' },
    reason:
      'hwmon: without /sys/class/hwmon (most VMs) the harvester reports success 1 and no series; node_exporter reports 0.',
  },
];
