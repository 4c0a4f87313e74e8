// PREVIEW FIXTURE — fabricated sample data, used only to look at the UI without a real nester.
// Nothing here is a real machine or a real measurement. The series are smooth functions of time
// so that live refresh visibly moves; a few hosts simulate a young query engine's errors.

const NOW = Date.now();
const MIN = 60_000;

/** @typedef {{ name: string, labels: Record<string,string>, online: boolean, lastSeenAgoMs: number,
 *   inventory: Record<string, unknown>, level: { cpu: number, memory: number, disk: number,
 *   temperature: number | null, load: number }, uptimeSeconds: number, sensors: 'x86' | 'pi' | 'none',
 *   failScalar?: boolean, failFilesystem?: boolean, dataSinceAgoMs?: number }} FixtureHost */

/** @type {FixtureHost[]} */
export const FIXTURE_HOSTS = [
  host('pi-garage-01', { team: 'home', site: 'garage', role: 'sensor' }, 'pi', 4, 4 * 2 ** 30, {
    cpu: 0.94,
    memory: 0.61,
    disk: 0.48,
    temperature: 78.4,
    load: 4.6,
  }),
  host('db-main-01', { team: 'platform', env: 'prod', role: 'db' }, 'x86', 16, 64 * 2 ** 30, {
    cpu: 0.41,
    memory: 0.92,
    disk: 0.71,
    temperature: 61,
    load: 6.2,
  }),
  host('build-runner-02', { team: 'ci', env: 'prod' }, 'x86', 32, 128 * 2 ** 30, {
    cpu: 0.76,
    memory: 0.55,
    disk: 0.64,
    temperature: 72,
    load: 24.3,
  }),
  host('nas-01', { team: 'platform', site: 'hq', role: 'storage' }, 'x86', 4, 16 * 2 ** 30, {
    cpu: 0.12,
    memory: 0.38,
    disk: 0.87,
    temperature: 44,
    load: 0.8,
  }),
  host('web-01', { team: 'web', env: 'prod', role: 'web' }, 'x86', 8, 16 * 2 ** 30, {
    cpu: 0.33,
    memory: 0.52,
    disk: 0.41,
    temperature: 52,
    load: 2.1,
  }),
  host('web-02', { team: 'web', env: 'prod', role: 'web' }, 'none', 8, 16 * 2 ** 30, {
    cpu: 0.29,
    memory: 0.49,
    disk: 0.4,
    temperature: null,
    load: 1.7,
  }),
  host('web-03', { team: 'web', env: 'staging', role: 'web' }, 'none', 4, 8 * 2 ** 30, {
    cpu: 0.08,
    memory: 0.31,
    disk: 0.22,
    temperature: null,
    load: 0.2,
  }),
  host('k8s-node-01', { team: 'platform', cluster: 'blue' }, 'x86', 16, 32 * 2 ** 30, {
    cpu: 0.58,
    memory: 0.66,
    disk: 0.35,
    temperature: 57,
    load: 7.4,
  }),
  host('k8s-node-02', { team: 'platform', cluster: 'blue' }, 'x86', 16, 32 * 2 ** 30, {
    cpu: 0.61,
    memory: 0.69,
    disk: 0.33,
    temperature: 58,
    load: 8.1,
  }),
  {
    ...host('edge-legacy', { team: 'ops', site: 'branch-7' }, 'x86', 2, 4 * 2 ** 30, {
      cpu: 0.22,
      memory: 0.44,
      disk: 0.58,
      temperature: 49,
      load: 0.4,
    }),
    failScalar: true,
    failFilesystem: true,
    dataSinceAgoMs: 25 * MIN,
  },
  {
    ...host('laptop-ops-3', { team: 'ops' }, 'x86', 8, 16 * 2 ** 30, {
      cpu: 0.05,
      memory: 0.4,
      disk: 0.52,
      temperature: 45,
      load: 0.3,
    }),
    online: false,
    lastSeenAgoMs: 3 * 60 * MIN,
  },
  {
    ...host('kiosk-lobby', { site: 'hq', role: 'kiosk' }, 'pi', 4, 2 * 2 ** 30, {
      cpu: 0.1,
      memory: 0.3,
      disk: 0.2,
      temperature: 51,
      load: 0.2,
    }),
    online: false,
    lastSeenAgoMs: 2 * 24 * 60 * MIN,
  },
];

function host(name, labels, sensors, cpus, memoryBytes, level) {
  const pi = sensors === 'pi';
  return {
    name,
    labels,
    online: true,
    lastSeenAgoMs: 1500 + (hash(name) % 4000),
    sensors,
    level,
    uptimeSeconds: 3600 * (3 + (hash(name) % 900)),
    inventory: {
      os: pi ? 'Raspberry Pi OS 12' : 'Debian GNU/Linux 12',
      kernel: pi ? '6.6.51+rpt-rpi-v8' : '6.1.0-28-amd64',
      arch: pi ? 'arm64' : 'x86_64',
      cpus,
      memoryBytes,
      version: '0.1.0',
    },
  };
}

export function hash(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A smooth wobble in [-1, 1] for a series key at unix time t (seconds). */
export function wobble(key, t) {
  const p = (hash(key) % 1000) / 159;
  return 0.6 * Math.sin(t / 170 + p) + 0.3 * Math.sin(t / 37 + 2 * p) + 0.1 * Math.sin(t / 7.3 + 3 * p);
}

const clamp01 = (v) => Math.min(1, Math.max(0, v));

/** GET /api/fleet, as of the wall clock. */
export function fleetBody() {
  const t = Date.now() / 1000;
  return {
    harvesters: FIXTURE_HOSTS.map((h) => ({
      id: `hv-${(hash(h.name) % 0xffffff).toString(16)}`,
      name: h.name,
      labels: h.labels,
      online: h.online,
      lastSeen: h.online ? Date.now() - h.lastSeenAgoMs : NOW - h.lastSeenAgoMs,
      inventory: h.inventory,
      summary: {
        cpu: clamp01(h.level.cpu + 0.03 * wobble(`${h.name}cpu`, t)),
        memory: clamp01(h.level.memory + 0.005 * wobble(`${h.name}mem`, t)),
        disk: h.level.disk,
        temperature: h.level.temperature === null ? null : h.level.temperature + wobble(`${h.name}temp`, t),
        load1: Math.max(0, h.level.load * (1 + 0.1 * wobble(`${h.name}load`, t))),
        uptimeSeconds: h.online ? h.uptimeSeconds + Math.floor((Date.now() - NOW) / 1000) : null,
      },
    })),
  };
}

export function findHost(name) {
  return FIXTURE_HOSTS.find((h) => h.name === name);
}

/** The instant (unix s) after which a host has no data: offline hosts stop at their last sighting. */
export function dataUntil(h) {
  return h.online ? Infinity : (NOW - h.lastSeenAgoMs) / 1000;
}

/** The instant (unix s) before which a host has no data. */
export function dataSince(h) {
  return h.dataSinceAgoMs === undefined ? -Infinity : (NOW - h.dataSinceAgoMs) / 1000;
}
