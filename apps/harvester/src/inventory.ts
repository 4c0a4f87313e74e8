import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { HARVESTER_VERSION } from './version.js';

/** What the harvester tells the nester about its machine at connect (SPEC §2 Inventory). */
export interface Inventory {
  hostname: string;
  os: string;
  kernel: string;
  arch: string;
  cpus: number;
  cpuModel: string;
  memoryBytes: number;
  ips: string[];
  /** Unix seconds. */
  bootTime: number;
  version: string;
}

/** Reads the inventory; the OS name comes from `<rootfs>/etc/os-release` (the host's, in a DaemonSet). */
export async function readInventory(rootfs: string, procRoot: string): Promise<Inventory> {
  const cpus = os.cpus();
  const ips = Object.values(os.networkInterfaces())
    .flat()
    .filter((a): a is os.NetworkInterfaceInfo => a !== undefined && !a.internal)
    .map((a) => a.address);
  return {
    hostname: os.hostname(),
    os: await osName(rootfs),
    kernel: os.release(),
    arch: os.arch(),
    cpus: cpus.length,
    cpuModel: (cpus[0]?.model ?? '').trim().slice(0, 256),
    memoryBytes: os.totalmem(),
    ips: ips.slice(0, 64),
    bootTime: await bootTime(procRoot),
    version: HARVESTER_VERSION,
  };
}

async function osName(rootfs: string): Promise<string> {
  for (const file of ['etc/os-release', 'usr/lib/os-release']) {
    const text = await readFile(join(rootfs, file), 'utf8').catch(() => undefined);
    const m = text === undefined ? null : /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text);
    if (m?.[1]) return m[1];
  }
  return `${os.type()} ${os.release()}`;
}

async function bootTime(procRoot: string): Promise<number> {
  const text = await readFile(join(procRoot, 'stat'), 'utf8').catch(() => '');
  const m = /^btime (\d+)$/m.exec(text);
  return m ? Number(m[1]) : Math.round(Date.now() / 1000 - os.uptime());
}
