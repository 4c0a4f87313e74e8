// The rules that work with no configuration (docs/alerting.md lists what each watches). They are
// an ordinary Prometheus rule file, generated from the `alerting.builtinRules` settings, so they
// show, evaluate and validate exactly like the operator's own files.
import type { AlertingConfig } from './config-schema.js';

/** The name the built-in file goes by in the API and the UI. */
export const BUILTIN_FILE = 'builtin:seahawks.rules.yml';

/**
 * The synthetic series the alerting subsystem writes every evaluation: 1 while a harvester's
 * tunnel is up, 0 while it is enrolled but not connected. Label `instance` = harvester name.
 */
export const CONNECTED_METRIC = 'seahawks_harvester_connected';

/** Filesystems that are not disks: their fill level means nothing. */
const FS =
  'fstype!~"tmpfs|ramfs|rootfs|squashfs|overlay|nsfs|proc|sysfs|devtmpfs|fuse.*",mountpoint!~"/run.*|/snap/.*"';

interface BuiltinRule {
  readonly alert: string;
  readonly yaml: string;
}

function rules(b: AlertingConfig['builtinRules']): BuiltinRule[] {
  const pct = b.filesystemUsedPercent;
  return [
    {
      alert: 'HarvesterDown',
      yaml: `      - alert: HarvesterDown
        expr: ${CONNECTED_METRIC} == 0
        for: ${b.harvesterDownAfter}
        labels: { severity: critical }
        annotations:
          summary: "Harvester {{ $labels.instance }} is down"
          description: "The tunnel of harvester {{ $labels.instance }} has been lost for more than ${b.harvesterDownAfter}: no metrics, no terminal."`,
    },
    {
      alert: 'DiskPredictedFull',
      yaml: `      - alert: DiskPredictedFull
        expr: |
          predict_linear(node_filesystem_avail_bytes{${FS}}[6h], 24 * 3600) < 0
          and node_filesystem_readonly{${FS}} == 0
          and node_filesystem_avail_bytes{${FS}} / node_filesystem_size_bytes{${FS}} < 0.4
        for: 1h
        labels: { severity: warning }
        annotations:
          summary: "{{ $labels.mountpoint }} on {{ $labels.instance }} will be full within 24 hours"
          description: "At the rate of the last 6 hours, {{ $labels.mountpoint }} ({{ $labels.device }}) runs out of space within a day."`,
    },
    {
      alert: 'FilesystemAlmostFull',
      yaml: `      - alert: FilesystemAlmostFull
        expr: |
          (1 - node_filesystem_avail_bytes{${FS}} / node_filesystem_size_bytes{${FS}}) * 100 > ${pct}
          and node_filesystem_readonly{${FS}} == 0
        for: 5m
        labels: { severity: warning }
        annotations:
          summary: "{{ $labels.mountpoint }} on {{ $labels.instance }} is {{ $value | printf \\"%.1f\\" }}% full"
          description: "More than ${pct}% of {{ $labels.mountpoint }} ({{ $labels.device }}) is used."`,
    },
    {
      alert: 'CpuSaturated',
      yaml: `      - alert: CpuSaturated
        expr: 1 - avg without (cpu, mode) (rate(node_cpu_seconds_total{mode="idle"}[${b.cpuWindow}])) > ${b.cpuBusyRatio}
        for: ${b.cpuFor}
        labels: { severity: warning }
        annotations:
          summary: "CPU of {{ $labels.instance }} is {{ $value | humanizePercentage }} busy"
          description: "All CPUs of {{ $labels.instance }} together were busy more than ${Math.round(b.cpuBusyRatio * 100)}% of the time for ${b.cpuFor}."`,
    },
    {
      alert: 'MemoryPressure',
      yaml: `      - alert: MemoryPressure
        expr: |
          node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes < ${b.memoryAvailableRatio}
          or rate(node_pressure_memory_stalled_seconds_total[5m]) > 0.1
        for: 5m
        labels: { severity: warning }
        annotations:
          summary: "{{ $labels.instance }} is short of memory"
          description: "Less than ${Math.round(b.memoryAvailableRatio * 100)}% of memory is available, or every task stalled on memory more than 10% of the time (PSI)."`,
    },
    {
      alert: 'TemperatureHigh',
      yaml: `      - alert: TemperatureHigh
        expr: |
          max without (sensor) (node_hwmon_temp_celsius) > ${b.temperatureCelsius}
          or node_thermal_zone_temp > ${b.temperatureCelsius}
        for: 2m
        labels: { severity: warning }
        annotations:
          summary: "{{ $labels.instance }} is hot: {{ $value | printf \\"%.1f\\" }} °C"
          description: "A sensor reads above ${b.temperatureCelsius} °C. A Raspberry Pi slows down from 80 °C and throttles hard at 85 °C."`,
    },
    {
      alert: 'ClockSkew',
      yaml: `      - alert: ClockSkew
        expr: |
          abs(node_timex_offset_seconds) > 0.05
          or abs(time() - timestamp(node_time_seconds)) > 120
        for: 10m
        labels: { severity: warning }
        annotations:
          summary: "The clock of {{ $labels.instance }} is off"
          description: "NTP reports an offset above 50 ms, or the harvester's samples are stamped {{ $value | humanizeDuration }} away from the nester's clock."`,
    },
    {
      alert: 'HarvesterQueueDropping',
      yaml: `      - alert: HarvesterQueueDropping
        expr: increase(seahawks_harvester_queue_dropped_batches_total[15m]) > 0
        labels: { severity: warning }
        annotations:
          summary: "Harvester {{ $labels.instance }} dropped unsent data"
          description: "Its on-disk queue reached its size or age bound and dropped {{ $value | humanize }} batches in 15 minutes: raise the bound or fix the link to the nester."`,
    },
  ];
}

/** The built-in rule file's text for these settings ('' when disabled). */
export function builtinRuleFile(config: AlertingConfig): string {
  const b = config.builtinRules;
  if (!b.enabled) return '';
  const chosen = rules(b).filter((r) => !b.disabled.includes(r.alert));
  if (chosen.length === 0) return '';
  return `groups:\n  - name: seahawks-builtin\n    rules:\n${chosen.map((r) => r.yaml).join('\n')}\n`;
}
