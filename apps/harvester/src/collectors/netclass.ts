import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  NET_CLASS_NUMBER_ATTRIBUTES,
  NET_CLASS_TEXT_ATTRIBUTES,
  adminState,
  parseNetClassIface,
  type NetClassIface,
  type NetClassNumberAttribute,
} from '../procfs/net-class.js';
import type { CollectContext, Collector, MetricFamily } from './collector.js';
import { DeviceFilter } from './device-filter.js';
import { FamilyBuilder } from './family-builder.js';
import { CollectorReadError, isNotFound } from './read.js';
import { readOptionalSysFile } from './sys-read.js';

/** Options of the netclass collector. */
export interface NetclassOptions {
  /** Devices to leave out (`--collector.netclass.ignored-devices`, unanchored; default `^$`, none). */
  ignoredDevices?: string;
  /**
   * Leave out `node_network_speed_bytes` when the kernel reports a negative speed
   * (`--collector.netclass.ignore-invalid-speed`; default false: `-1` Mb/s becomes -125000).
   */
  ignoreInvalidSpeed?: boolean;
}

/** The per-attribute gauges and counters, in node_exporter's order: metric suffix, attribute, type. */
const PROPERTIES: ReadonlyArray<[string, NetClassNumberAttribute, 'gauge' | 'counter']> = [
  ['address_assign_type', 'addr_assign_type', 'gauge'],
  ['carrier', 'carrier', 'gauge'],
  ['carrier_changes_total', 'carrier_changes', 'counter'],
  ['carrier_up_changes_total', 'carrier_up_count', 'counter'],
  ['carrier_down_changes_total', 'carrier_down_count', 'counter'],
  ['device_id', 'dev_id', 'gauge'],
  ['dormant', 'dormant', 'gauge'],
  ['flags', 'flags', 'gauge'],
  ['iface_id', 'ifindex', 'gauge'],
  ['iface_link', 'iflink', 'gauge'],
  ['iface_link_mode', 'link_mode', 'gauge'],
  ['mtu_bytes', 'mtu', 'gauge'],
  ['name_assign_type', 'name_assign_type', 'gauge'],
  ['net_dev_group', 'netdev_group', 'gauge'],
];

/**
 * The `netclass` collector, from `<sysRoot>/class/net/<iface>/*` as node_exporter reads it
 * by default (sysfs, not netlink): `node_network_up{device}` (1 when operstate is `up`),
 * `node_network_info{device,address,broadcast,duplex,operstate,adminstate,ifalias}` = 1, and
 * one `node_network_<property>{device}` per readable attribute (HELP
 * `Network device property: <property>`), `speed_bytes` being the speed in Mb/s × 125000.
 * An attribute the driver refuses (EINVAL for the speed of a virtual device, ENOENT,
 * EACCES, EOPNOTSUPP) is left out; other read errors fail the collector, as in
 * node_exporter. No /sys/class/net yields no families.
 */
export class NetclassCollector implements Collector {
  readonly name = 'netclass';
  private readonly filter: DeviceFilter;
  private readonly ignoreInvalidSpeed: boolean;

  /** @throws InvalidInputError when the ignored-devices pattern is invalid. */
  constructor(options: NetclassOptions = {}) {
    this.filter = new DeviceFilter({ exclude: options.ignoredDevices ?? '^$' }, 'netclass devices');
    this.ignoreInvalidSpeed = options.ignoreInvalidSpeed ?? false;
  }

  async collect(ctx: CollectContext): Promise<MetricFamily[]> {
    const base = join(ctx.sysRoot, 'class', 'net');
    const devices = (await listDevices(base)).filter((d) => !this.filter.ignored(d));
    const builder = new FamilyBuilder();
    // One device at a time: a Kubernetes node can have hundreds of veths of ~22 attributes
    // each, and opening them all at once could run out of file descriptors.
    for (const device of devices) {
      const iface = await readIface(join(base, device), device);
      if (iface !== undefined) this.addIface(builder, iface);
    }
    return builder.build();
  }

  private addIface(builder: FamilyBuilder, iface: NetClassIface): void {
    const device = iface.name;
    const { text, numbers } = iface;
    builder.add(
      'node_network_up',
      "Value is 1 if operstate is 'up', 0 otherwise.",
      'gauge',
      { device },
      text.operstate === 'up' ? 1 : 0,
    );
    builder.add(
      'node_network_info',
      'Non-numeric data from /sys/class/net/<iface>, value is always 1.',
      'gauge',
      { ...text, device, adminstate: adminState(numbers.flags) },
      1,
    );
    const property = (name: string, type: 'gauge' | 'counter', value: number | undefined): void => {
      if (value === undefined) return;
      builder.add(`node_network_${name}`, `Network device property: ${name}`, type, { device }, value);
    };
    for (const [name, attr, type] of PROPERTIES) property(name, type, numbers[attr]);
    const speed = numbers.speed;
    // Some drivers report -1 for an unknown speed; node_exporter 1.x still exports it.
    if (speed !== undefined && (speed >= 0 || !this.ignoreInvalidSpeed))
      property('speed_bytes', 'gauge', (speed * 1000 * 1000) / 8);
    property('transmit_queue_length', 'gauge', numbers.tx_queue_len);
    property('protocol_type', 'gauge', numbers.type);
  }
}

/** The entries of /sys/class/net that are not plain files (`bonding_masters` is one), sorted. */
async function listDevices(base: string): Promise<string[]> {
  try {
    const entries = await readdir(base, { withFileTypes: true });
    return entries
      .filter((e) => !e.isFile())
      .map((e) => e.name)
      .sort();
  } catch (err) {
    if (isNotFound(err)) return [];
    throw new CollectorReadError(base, err);
  }
}

/** Reads one interface; undefined when it vanished while being read (an unplugged USB NIC). */
async function readIface(dir: string, device: string): Promise<NetClassIface | undefined> {
  let present: Set<string>;
  try {
    // Only regular files are attributes (`device`, `subsystem` are links, `queues` a directory).
    const entries = await readdir(dir, { withFileTypes: true });
    present = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw new CollectorReadError(dir, err);
  }
  const attributes = [...NET_CLASS_TEXT_ATTRIBUTES, ...NET_CLASS_NUMBER_ATTRIBUTES].filter((a) =>
    present.has(a),
  );
  const values = await Promise.all(attributes.map((a) => readOptionalSysFile(join(dir, a))));
  return parseNetClassIface(device, Object.fromEntries(attributes.map((a, i) => [a, values[i]])));
}
