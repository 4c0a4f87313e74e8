/**
 * The charts of the host page, as data: each a title, a unit, and the PromQL behind each series
 * group. A query may list alternatives, tried in order when the engine refuses the one before
 * (the first that works is remembered); every alternative states the unit its values are in.
 */
import { quoteLabelValue } from '../../lib/prom-duration';
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
  user: '#5794f2',
  system: '#f2495c',
  iowait: '#fade2a',
  irq: '#ff9830',
  softirq: '#b877d9',
  steal: '#8ab8ff',
  nice: '#73bf69',
  guest: '#37872d',
  guest_nice: '#96d98d',
  idle: '#6e7079',
};

function cpuQuery(sel: string, r: string, cpus: number | undefined): ChartQuery {
  const perMode = `sum by (mode) (rate(node_cpu_seconds_total{${sel}}[${r}]))`;
  const alternatives: QueryAlternative[] = [
    {
      expr: `${perMode} / scalar(count(count by (cpu) (node_cpu_seconds_total{${sel}}))) * 100`,
      unit: 'percent',
    },
  ];
  if (cpus !== undefined && cpus > 0) {
    alternatives.push({
      expr: `${perMode} / ${cpus} * 100`,
      unit: 'percent',
      note: `the engine refused the CPU count query; divided by the ${cpus} CPUs of the inventory`,
    });
  }
  alternatives.push({
    expr: perMode,
    unit: 'cpuSeconds',
    note: 'in CPU-seconds per second (the engine could not count the CPUs)',
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

/** The host page's charts for the harvester `name`, with `r` the `rate()` window ("1m"). */
export function hostCharts(name: string, r: string, cpus?: number): ChartSpec[] {
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
            color: '#5794f2',
          },
        ),
        single(`node_memory_MemTotal_bytes{${sel}}`, 'bytes', () => 'total', {
          color: '#8e8e9a',
          dashed: true,
        }),
      ],
      emptyText: 'no memory metrics',
      yMin: 0,
      yMax: null,
    },
    {
      key: 'load',
      title: 'Load average',
      queries: [
        single(`node_load1{${sel}}`, 'load', () => '1 min', { color: '#5794f2' }),
        single(`node_load5{${sel}}`, 'load', () => '5 min', { color: '#73bf69' }),
        single(`node_load15{${sel}}`, 'load', () => '15 min', { color: '#fade2a' }),
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
            `rate(node_network_receive_bytes_total{${nic}}[${r}])`,
            'bytesRate',
            (m) => `${labelName(m, 'device')} in`,
          ),
          style: (m) => ({ colorKey: m['device'] }),
        },
        {
          ...single(
            `rate(node_network_transmit_bytes_total{${nic}}[${r}])`,
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
            `rate(node_disk_read_bytes_total{${sel}}[${r}])`,
            'bytesRate',
            (m) => `${labelName(m, 'device')} read`,
          ),
          style: (m) => ({ colorKey: m['device'] }),
        },
        {
          ...single(
            `rate(node_disk_written_bytes_total{${sel}}[${r}])`,
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
      title: 'Filesystem used',
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
  ];
}
