import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { labelsFromRecord } from '@seahawks/model';
import type { Labels } from '@seahawks/model';

/** One sample a minute, from time 0 (promtool's input_series). */
export const STEP_MS = 60_000;
export const STEPS = 60;

/**
 * Rules exercising what differs easily: `for`, `keep_firing_for`, labels and annotations as
 * templates (if/else, printf, humanize*, toUpper, $labels, $value), a label whose value changes
 * the alert's identity, a scalar-shaped result without labels, and a recording rule feeding an alert.
 * Range windows are not whole minutes: Prometheus 2.42 (promtool) includes a sample exactly at the
 * window's start, Prometheus 3 (whose semantics the engine follows) does not; samples are a minute
 * apart, so a window of 9m30s holds the same samples for both.
 */
export const RULES = `groups:
  - name: equivalence
    rules:
      - record: instance:up:avg5m
        expr: sum_over_time(up[4m30s]) / count_over_time(up[4m30s])
      - alert: InstanceDown
        expr: up == 0
        for: 3m
        labels:
          severity: '{{ if eq $labels.instance "a" }}page{{ else }}ticket{{ end }}'
        annotations:
          summary: "{{ $labels.instance }} of {{ $labels.job }} is down"
          value: "{{ $value }}"
      - alert: Flapping
        expr: changes(up[9m30s]) > 2
        keep_firing_for: 4m
        annotations:
          changes: '{{ $value | printf "%.0f" }} changes'
      - alert: MostlyDown
        expr: instance:up:avg5m < 0.5
        for: 1m
        annotations:
          ratio: "{{ $value | humanizePercentage }}"
      - alert: DiskFull
        expr: (1 - node_filesystem_avail_bytes / node_filesystem_size_bytes) * 100 > 80
        for: 2m
        annotations:
          used: "{{ $value | humanize }}% of {{ $labels.mountpoint }}"
          mixed: "{{ humanize1024 1234567.0 }} {{ humanizeDuration 3725.5 }} {{ humanizeDuration 0.25 }} {{ $value | humanizeDuration }}"
      - alert: Hot
        expr: node_hwmon_temp_celsius > 70
        labels:
          level: '{{ if gt $value 80.0 }}critical{{ else }}warning{{ end }}'
        annotations:
          text: '{{ printf "%.1f" $value }} °C on {{ $labels.instance | toUpper }} ({{ $labels.chip }}/{{ $labels.sensor }})'
      - alert: Always
        expr: vector(1)
        annotations:
          labels: "{{ $labels }}|{{ $value }}|{{ .Value }}|{{ $labels.nothing }}"
`;

export interface ScenarioSeries {
  readonly labels: Labels;
  readonly values: ReadonlyArray<number | undefined>;
}

function series(record: Record<string, string>, f: (i: number) => number | undefined): ScenarioSeries {
  return { labels: labelsFromRecord(record), values: Array.from({ length: STEPS }, (_, i) => f(i)) };
}

const flap = [1, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 1];

export const SERIES: readonly ScenarioSeries[] = [
  series({ __name__: 'up', job: 'node', instance: 'a' }, (i) => (i >= 10 && i < 25 ? 0 : 1)),
  series({ __name__: 'up', job: 'node', instance: 'b' }, (i) => flap[i % flap.length]),
  series({ __name__: 'up', job: 'node', instance: 'c' }, (i) =>
    i >= 40 && i < 44 ? 0 : i === 50 ? undefined : 1,
  ),
  series({ __name__: 'node_filesystem_size_bytes', instance: 'a', mountpoint: '/' }, () => 100e9),
  series({ __name__: 'node_filesystem_avail_bytes', instance: 'a', mountpoint: '/' }, (i) =>
    Math.max(1e9, 40e9 - i * 0.9e9),
  ),
  series({ __name__: 'node_filesystem_size_bytes', instance: 'b', mountpoint: '/data' }, () => 2e12),
  series({ __name__: 'node_filesystem_avail_bytes', instance: 'b', mountpoint: '/data' }, (i) =>
    i < 30 ? 300e9 : 500e9,
  ),
  series(
    { __name__: 'node_hwmon_temp_celsius', instance: 'pi-1', chip: 'thermal', sensor: 'temp1' },
    (i) => Math.round((60 + 25 * Math.sin(i / 6)) * 10) / 10,
  ),
];

/** `promtool` from PATH (Debian's prometheus package). */
export async function findPromtool(): Promise<string> {
  for (const dir of [...(process.env.PATH ?? '').split(delimiter), '/usr/bin']) {
    if (dir === '') continue;
    try {
      await access(join(dir, 'promtool'), constants.X_OK);
      return join(dir, 'promtool');
    } catch {
      // Not in this directory: try the next one.
      continue;
    }
  }
  throw new Error(
    'cannot find promtool: install the Debian package "prometheus" (scripts/ensure-system-deps.sh does)',
  );
}
