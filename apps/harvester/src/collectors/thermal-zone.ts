import { join } from 'node:path';
import { parseSigned } from '../procfs/values.js';
import type { CollectContext, Collector, MetricFamily } from './collector.js';
import { listDirectory, readSysAttribute } from './read.js';

const ZONE_RE = /^thermal_zone[0-9]/;
const COOLING_RE = /^cooling_device[0-9]/;

/**
 * The `thermal_zone` collector, from `<sysRoot>/class/thermal`:
 * `node_thermal_zone_temp{zone,type}` in Celsius (a Raspberry Pi shows `zone="0",
 * type="cpu-thermal"`), and `node_cooling_device_cur_state` / `_max_state{name,type}`.
 * `zone` and `name` are the numbers after `thermal_zone` and `cooling_device`, as in
 * node_exporter. A zone or device whose attributes cannot be read or parsed right now
 * (drivers answer EINVAL or ENODATA while a sensor sleeps) is skipped, not fatal; no
 * /sys/class/thermal at all yields no families.
 */
export class ThermalZoneCollector implements Collector {
  readonly name = 'thermal_zone';

  async collect(ctx: CollectContext): Promise<MetricFamily[]> {
    const base = join(ctx.sysRoot, 'class', 'thermal');
    const entries = await listDirectory(base);
    const zones = await Promise.all(
      entries.filter((e) => ZONE_RE.test(e)).map((e) => readZone(join(base, e), e)),
    );
    const devices = await Promise.all(
      entries.filter((e) => COOLING_RE.test(e)).map((e) => readCoolingDevice(join(base, e), e)),
    );

    const temp: MetricFamily = {
      name: 'node_thermal_zone_temp',
      help: 'Zone temperature in Celsius',
      type: 'gauge',
      metrics: [],
    };
    for (const z of zones) {
      if (z !== undefined)
        temp.metrics.push({ labels: { zone: z.zone, type: z.type }, value: z.milliCelsius / 1000.0 });
    }
    const cur: MetricFamily = {
      name: 'node_cooling_device_cur_state',
      help: 'Current throttle state of the cooling device',
      type: 'gauge',
      metrics: [],
    };
    const max: MetricFamily = {
      name: 'node_cooling_device_max_state',
      help: 'Maximum throttle state of the cooling device',
      type: 'gauge',
      metrics: [],
    };
    for (const d of devices) {
      if (d === undefined) continue;
      cur.metrics.push({ labels: { name: d.name, type: d.type }, value: d.curState });
      max.metrics.push({ labels: { name: d.name, type: d.type }, value: d.maxState });
    }
    return [temp, cur, max].filter((f) => f.metrics.length > 0);
  }
}

async function readZone(
  dir: string,
  entry: string,
): Promise<{ zone: string; type: string; milliCelsius: number } | undefined> {
  const [type, temp] = await Promise.all([
    readSysAttribute(join(dir, 'type')),
    readSysAttribute(join(dir, 'temp')),
  ]);
  const milliCelsius = parseSigned(temp ?? '');
  if (type === undefined || milliCelsius === undefined) return undefined;
  return { zone: entry.slice('thermal_zone'.length), type, milliCelsius };
}

async function readCoolingDevice(
  dir: string,
  entry: string,
): Promise<{ name: string; type: string; curState: number; maxState: number } | undefined> {
  const [type, cur, max] = await Promise.all([
    readSysAttribute(join(dir, 'type')),
    readSysAttribute(join(dir, 'cur_state')),
    readSysAttribute(join(dir, 'max_state')),
  ]);
  // cur_state can be -1 (intel_powerclamp), hence signed.
  const curState = parseSigned(cur ?? '');
  const maxState = parseSigned(max ?? '');
  if (type === undefined || curState === undefined || maxState === undefined) return undefined;
  return { name: entry.slice('cooling_device'.length), type, curState, maxState };
}
