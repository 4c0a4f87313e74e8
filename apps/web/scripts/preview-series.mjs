// PREVIEW FIXTURE — answers the host page's PromQL with fabricated series, recognised by the
// metric names in the query text (this is not a query engine). Used only by preview-server.mjs.
import { dataSince, dataUntil, findHost, wobble } from './preview-fixture.mjs';

const CPU_SHARES = {
  user: 0.55,
  system: 0.2,
  iowait: 0.08,
  softirq: 0.05,
  irq: 0.02,
  steal: 0.02,
  nice: 0.08,
};

/** @returns {{ error: { status: number, errorType: string, error: string } } | { series: Array<{ labels: Record<string,string>, at: (t: number) => number }> }} */
export function seriesFor(query, instance) {
  const h = findHost(instance);
  if (!h) return { series: [] };
  const base = { instance, job: 'node' };
  const lvl = h.level;
  const cpus = h.inventory.cpus;
  const mem = h.inventory.memoryBytes;
  if (query.includes('node_cpu_seconds_total')) {
    if (h.failScalar && query.includes('scalar(')) {
      return {
        error: {
          status: 400,
          errorType: 'bad_data',
          error: '1:92: parse error: unknown function with name "scalar"',
        },
      };
    }
    const scale = query.includes('* 100') ? 100 : cpus;
    const busy = (t) => Math.min(0.99, Math.max(0.01, lvl.cpu + 0.12 * wobble(`${instance}cpu`, t)));
    const modes = Object.entries(CPU_SHARES).map(([mode, share]) => ({
      labels: { mode },
      at: (t) => scale * busy(t) * share * (1 + 0.25 * wobble(`${instance}${mode}`, t)),
    }));
    modes.push({ labels: { mode: 'idle' }, at: (t) => scale * (1 - busy(t)) });
    return { series: modes };
  }
  if (query.includes('node_memory_MemAvailable_bytes')) {
    return {
      series: [
        { labels: base, at: (t) => mem * Math.min(0.99, lvl.memory + 0.03 * wobble(`${instance}mem`, t)) },
      ],
    };
  }
  if (query.includes('node_memory_MemTotal_bytes')) {
    return { series: [{ labels: { ...base, __name__: 'node_memory_MemTotal_bytes' }, at: () => mem }] };
  }
  const load = /node_load(1|5|15)\b/.exec(query);
  if (load) {
    const damp = { 1: 1, 5: 0.5, 15: 0.25 }[load[1]];
    return {
      series: [
        {
          labels: { ...base, __name__: `node_load${load[1]}` },
          at: (t) =>
            Math.max(0, lvl.load * (1 + damp * 0.4 * wobble(`${instance}load`, t / (1 + 2 * (1 - damp))))),
        },
      ],
    };
  }
  const net = /node_network_(receive|transmit)_bytes_total/.exec(query);
  if (net) {
    const devices = h.name.startsWith('k8s')
      ? ['eth0', 'cni0', 'flannel.1']
      : h.inventory.arch === 'arm64'
        ? ['eth0', 'wlan0']
        : ['eth0'];
    const factor = net[1] === 'receive' ? 1 : 0.35;
    return {
      series: devices.map((device, i) => ({
        labels: { ...base, device },
        at: (t) => factor * (2_000_000 / (i + 1)) * (1.2 + wobble(`${instance}${device}${net[1]}`, t)),
      })),
    };
  }
  const disk = /node_disk_(read|written)_bytes_total/.exec(query);
  if (disk) {
    const devices = h.inventory.arch === 'arm64' ? ['mmcblk0'] : ['nvme0n1', 'sda'];
    return {
      series: devices.map((device, i) => ({
        labels: { ...base, device },
        at: (t) =>
          ((disk[1] === 'read' ? 3_000_000 : 9_000_000) / (i + 1)) *
          Math.max(0, 0.5 + wobble(`${instance}${device}${disk[1]}`, t)),
      })),
    };
  }
  if (query.includes('node_filesystem_avail_bytes')) {
    if (h.failFilesystem) {
      return {
        error: {
          status: 422,
          errorType: 'execution',
          error: 'cannot evaluate "/": vector-to-vector division is not supported yet',
        },
      };
    }
    const mounts = [
      ['/', lvl.disk],
      ['/boot', 0.31],
      ['/var/lib/docker', Math.max(0.1, lvl.disk - 0.2)],
    ];
    return {
      series: mounts.map(([mountpoint, used]) => ({
        labels: { ...base, mountpoint, device: '/dev/sda1', fstype: 'ext4' },
        at: (t) => 100 * Math.min(1, used + 0.002 * wobble(`${instance}${mountpoint}`, t)),
      })),
    };
  }
  if (query.includes('node_hwmon_temp_celsius')) {
    if (h.sensors !== 'x86') return { series: [] };
    return {
      series: ['temp1', 'temp2', 'temp3'].map((sensor, i) => ({
        labels: { ...base, chip: 'platform_coretemp_0', sensor },
        at: (t) => lvl.temperature - 3 * i + 2.5 * wobble(`${instance}${sensor}`, t),
      })),
    };
  }
  if (query.includes('node_thermal_zone_temp')) {
    if (h.sensors === 'none') return { series: [] };
    const type = h.sensors === 'pi' ? 'cpu-thermal' : 'x86_pkg_temp';
    return {
      series: [
        {
          labels: { ...base, zone: '0', type },
          at: (t) => lvl.temperature + 1 + 2 * wobble(`${instance}zone`, t),
        },
      ],
    };
  }
  return { series: [] };
}

/** A Prometheus matrix for the series over [start, end] every step, within the host's data span. */
export function matrix(series, instance, start, end, step) {
  const h = findHost(instance);
  const from = Math.max(start, h ? Math.ceil((dataSince(h) - start) / step) * step + start : start);
  const until = Math.min(end, h ? dataUntil(h) : end);
  return series
    .map((s) => {
      const values = [];
      for (let t = from; t <= until; t += step) values.push([t, String(Math.round(s.at(t) * 1000) / 1000)]);
      return { metric: s.labels, values };
    })
    .filter((s) => s.values.length > 0);
}
