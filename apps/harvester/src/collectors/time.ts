import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CollectContext, Collector, MetricFamily } from './collector.js';
import { CollectorReadError, isNotFound } from './read.js';
import { readSysFile } from './sys-read.js';
import { localZoneAt, type ZoneAt } from './time-zone.js';

/** Options of the time collector; both are for tests, which need a fixed clock and zone. */
export interface TimeOptions {
  /** The wall clock in milliseconds since the epoch; default `Date.now`. */
  now?: () => number;
  /** The local zone at an instant; default localZoneAt (Go's `time.Now().Zone()`). */
  zone?: (date: Date) => Promise<ZoneAt>;
}

const CLOCKSOURCE_RE = /^clocksource[0-9]/;

/**
 * The `time` collector: `node_time_seconds` (wall clock, seconds since the epoch, millisecond
 * resolution), `node_time_zone_offset_seconds{time_zone}` (seconds east of UTC, labelled with
 * the zone abbreviation) and, from `<sysRoot>/devices/system/clocksource/clocksource*`,
 * `node_time_clocksource_available_info{device,clocksource}` and
 * `node_time_clocksource_current_info{device,clocksource}` (= 1). `device` is the position
 * of the clocksource directory in name order, as node_exporter numbers it (in practice there
 * is only clocksource0, so `0`). The clock and zone are this process', as in node_exporter.
 */
export class TimeCollector implements Collector {
  readonly name = 'time';
  private readonly now: () => number;
  private readonly zone: (date: Date) => Promise<ZoneAt>;

  constructor(options: TimeOptions = {}) {
    this.now = options.now ?? Date.now;
    this.zone = options.zone ?? localZoneAt;
  }

  async collect(ctx: CollectContext): Promise<MetricFamily[]> {
    const nowMs = this.now();
    const [zone, clocksources] = await Promise.all([
      this.zone(new Date(nowMs)),
      readClocksources(join(ctx.sysRoot, 'devices', 'system', 'clocksource')),
    ]);
    const available: MetricFamily = {
      name: 'node_time_clocksource_available_info',
      help: "Available clocksources read from '/sys/devices/system/clocksource'.",
      type: 'gauge',
      metrics: [],
    };
    const current: MetricFamily = {
      name: 'node_time_clocksource_current_info',
      help: "Current clocksource read from '/sys/devices/system/clocksource'.",
      type: 'gauge',
      metrics: [],
    };
    clocksources.forEach((source, i) => {
      const device = String(i);
      for (const clocksource of source.available)
        available.metrics.push({ labels: { device, clocksource }, value: 1 });
      current.metrics.push({ labels: { device, clocksource: source.current }, value: 1 });
    });
    const families: MetricFamily[] = [
      {
        name: 'node_time_seconds',
        help: 'System time in seconds since epoch (1970).',
        type: 'gauge',
        metrics: [{ labels: {}, value: nowMs / 1000 }],
      },
      {
        name: 'node_time_zone_offset_seconds',
        help: 'System time zone offset in seconds.',
        type: 'gauge',
        metrics: [{ labels: { time_zone: zone.name }, value: zone.offsetSeconds }],
      },
      available,
      current,
    ];
    return families.filter((f) => f.metrics.length > 0);
  }
}

/**
 * Each clocksource directory's `available_clocksource` (split on whitespace) and
 * `current_clocksource`. No directory at all yields none; a directory whose files cannot
 * be read fails the collector, as in node_exporter.
 */
async function readClocksources(base: string): Promise<Array<{ available: string[]; current: string }>> {
  let names: string[];
  try {
    names = (await readdir(base)).filter((n) => CLOCKSOURCE_RE.test(n)).sort();
  } catch (err) {
    if (isNotFound(err)) return [];
    throw new CollectorReadError(base, err);
  }
  return Promise.all(
    names.map(async (n) => {
      const [available, current] = await Promise.all([
        readSysFile(join(base, n, 'available_clocksource')),
        readSysFile(join(base, n, 'current_clocksource')),
      ]);
      return { available: available.split(/\s+/).filter((s) => s !== ''), current };
    }),
  );
}
