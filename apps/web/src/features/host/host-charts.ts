/**
 * The charts of the host page, as data: each a title, a unit, and the PromQL behind each series
 * group. A query may list alternatives, tried in order when the engine refuses the one before
 * (the first that works is remembered); every alternative states the unit its values are in.
 */
import { quoteLabelValue } from '../../lib/prom-duration';
import { NAMED_COLORS } from './chart-theme';
import { rateWindow } from './time-range';
import type { ChartUnit } from './chart-units';
import { hwmonName, labelName, thermalZoneName } from './series-name';

/** How a series is drawn, beyond its colour. */
export interface SeriesStyle {
  dashed?: boolean;
  /** Starts hidden (click its legend entry to show it). */
  hidden?: boolean;
  /** Fixed colour for well-known series (CPU modes, memory total). */
  color?: string;
  /** Series with the same key share a palette colour (a device's in and out); default: the name. */
  colorKey?: string;
}

export interface QueryAlternative {
  expr: string;
  unit: ChartUnit;
  /** Shown under the chart when this alternative is the one in use. */
  note?: string;
}

export interface ChartQuery {
  alternatives: readonly QueryAlternative[];
  /** Legend name of one resulting series. */
  name: (metric: Record<string, string>) => string;
  style?: (metric: Record<string, string>) => SeriesStyle;
}

export interface ChartSpec {
  key: string;
  title: string;
  queries: readonly ChartQuery[];
  /** Shown instead of a chart when every query succeeds with no series. */
  emptyText: string;
  /** Lowest y value to always include (0 for most; null lets the axis float, e.g. temperatures). */
  yMin: number | null;
  /** Highest y value to always include (100 for percentages of a whole). */
  yMax: number | null;
}

const CPU_MODE_COLORS: Record<string, string> = {
  user: NAMED_COLORS.blue,
  system: NAMED_COLORS.red,
  iowait: NAMED_COLORS.yellow,
  irq: NAMED_COLORS.orange,
  softirq: NAMED_COLORS.purple,
  steal: '#6c9ef0',
  nice: NAMED_COLORS.green,
  guest: '#2f7a27',
  guest_nice: '#7cc473',
  idle: NAMED_COLORS.grey,
};

/**
 * CPU by mode in percent of the whole machine: each mode's CPU time over all CPU time. Both
 * rates cover the same samples, so a host that joined a minute ago reads right, where dividing
 * by the CPU count would under-read its first window (rate() divides by the whole window).
 */
function cpuQuery(sel: string, r: string, cpus: number | undefined): ChartQuery {
  const perMode = `sum by (mode) (rate(node_cpu_seconds_total{${sel}}[${r}]))`;
  const alternatives: QueryAlternative[] = [
    { expr: `${perMode} / scalar(sum(rate(node_cpu_seconds_total{${sel}}[${r}]))) * 100`, unit: 'percent' },
  ];
  if (cpus !== undefined && cpus > 0) {
    alternatives.push({
      expr: `${perMode} / ${cpus} * 100`,
      unit: 'percent',
      note: `the engine refused the CPU total query; divided by the ${cpus} CPUs of the inventory`,
    });
  }
  alternatives.push({
    expr: perMode,
    unit: 'cpuSeconds',
    note: 'in CPU-seconds per second (the engine could not total the CPU time)',
  });
  return {
    alternatives,
    name: (m) => labelName(m, 'mode'),
    style: (m) => {
      const mode = m['mode'] ?? '';
      return { color: CPU_MODE_COLORS[mode], hidden: mode === 'idle' };
    },
  };
}

function single(
  expr: string,
  unit: ChartUnit,
  name: (m: Record<string, string>) => string,
  style?: SeriesStyle,
): ChartQuery {
  return { alternatives: [{ expr, unit }], name, style: () => style ?? {} };
}

/**
 * The host page's charts for the harvester `name` at a query step of `step` seconds. Counters
 * use irate() while a step is shorter than a minute (each point is then the latest rate, exact
 * from a host's second sample on) and rate() over the step beyond (each point averages its step).
 */
export function hostCharts(name: string, step: number, cpus?: number): ChartSpec[] {
  const r = rateWindow(step);
  const perSecond = (metric: string, sel: string): string =>
    `${step < 60 ? 'irate' : 'rate'}(${metric}{${sel}}[${r}])`;
  const sel = `instance=${quoteLabelValue(name)}`;
  const nic = `${sel}, device!="lo"`;
  return [
    {
      key: 'cpu',
      title: 'CPU by mode',
      queries: [cpuQuery(sel, r, cpus)],
      emptyText: 'no CPU metrics',
      yMin: 0,
      yMax: null,
    },
    {
      key: 'memory',
      title: 'Memory',
      queries: [
        single(
          `node_memory_MemTotal_bytes{${sel}} - node_memory_MemAvailable_bytes{${sel}}`,
          'bytes',
          () => 'used',
          {
            color: NAMED_COLORS.blue,
          },
        ),
        single(`node_memory_MemTotal_bytes{${sel}}`, 'bytes', () => 'total', {
          color: NAMED_COLORS.grey,
          dashed: true,
        }),
      ],
      emptyText: 'no memory metrics',
      yMin: 0,
      yMax: null,
    },
    {
      key: 'swap',
      title: 'Swap',
      queries: [
        single(
          `node_memory_SwapTotal_bytes{${sel}} - node_memory_SwapFree_bytes{${sel}}`,
          'bytes',
          () => 'used',
          { color: NAMED_COLORS.orange },
        ),
        single(`node_memory_SwapTotal_bytes{${sel}}`, 'bytes', () => 'total', {
          color: NAMED_COLORS.grey,
          dashed: true,
        }),
      ],
      emptyText: 'no swap metrics',
      yMin: 0,
      yMax: null,
    },
    {
      key: 'load',
      title: 'Load average',
      queries: [
        single(`node_load1{${sel}}`, 'load', () => '1 min', { color: NAMED_COLORS.blue }),
        single(`node_load5{${sel}}`, 'load', () => '5 min', { color: NAMED_COLORS.green }),
        single(`node_load15{${sel}}`, 'load', () => '15 min', { color: NAMED_COLORS.yellow }),
      ],
      emptyText: 'no load metrics',
      yMin: 0,
      yMax: null,
    },
    {
      key: 'network',
      title: 'Network traffic',
      queries: [
        {
          ...single(
            perSecond('node_network_receive_bytes_total', nic),
            'bytesRate',
            (m) => `${labelName(m, 'device')} in`,
          ),
          style: (m) => ({ colorKey: m['device'] }),
        },
        {
          ...single(
            perSecond('node_network_transmit_bytes_total', nic),
            'bytesRate',
            (m) => `${labelName(m, 'device')} out`,
          ),
          style: (m) => ({ dashed: true, colorKey: m['device'] }),
        },
      ],
      emptyText: 'no network interfaces',
      yMin: 0,
      yMax: null,
    },
    {
      key: 'disk-io',
      title: 'Disk I/O',
      queries: [
        {
          ...single(
            perSecond('node_disk_read_bytes_total', sel),
            'bytesRate',
            (m) => `${labelName(m, 'device')} read`,
          ),
          style: (m) => ({ colorKey: m['device'] }),
        },
        {
          ...single(
            perSecond('node_disk_written_bytes_total', sel),
            'bytesRate',
            (m) => `${labelName(m, 'device')} write`,
          ),
          style: (m) => ({ dashed: true, colorKey: m['device'] }),
        },
      ],
      emptyText: 'no disks',
      yMin: 0,
      yMax: null,
    },
    {
      key: 'filesystem',
      title: 'Disk space used per mount',
      queries: [
        single(
          `100 - node_filesystem_avail_bytes{${sel}} / node_filesystem_size_bytes{${sel}} * 100`,
          'percent',
          (m) => labelName(m, 'mountpoint', 'device'),
        ),
      ],
      emptyText: 'no filesystems',
      yMin: 0,
      yMax: 100,
    },
    {
      key: 'temperature',
      title: 'Temperature',
      queries: [
        single(`node_hwmon_temp_celsius{${sel}}`, 'celsius', hwmonName),
        single(`node_thermal_zone_temp{${sel}}`, 'celsius', thermalZoneName),
      ],
      emptyText: 'no temperature sensors',
      yMin: null,
      yMax: null,
    },
    {
      key: 'processes',
      title: 'Processes',
      queries: [
        single(`node_procs_running{${sel}}`, 'count', () => 'running', { color: NAMED_COLORS.green }),
        single(`node_procs_blocked{${sel}}`, 'count', () => 'blocked on I/O', { color: NAMED_COLORS.red }),
        single(`sum(node_processes_state{${sel}})`, 'count', () => 'all', {
          color: NAMED_COLORS.grey,
          dashed: true,
        }),
      ],
      emptyText: 'no process metrics',
      yMin: 0,
      yMax: null,
    },
  ];
}
