import { parseGoIntAutoBase } from './go-int.js';

/** The text attributes of /sys/class/net/<iface> that node_exporter exports (in node_network_info). */
export const NET_CLASS_TEXT_ATTRIBUTES = ['address', 'broadcast', 'duplex', 'ifalias', 'operstate'] as const;

/** The numeric attributes of /sys/class/net/<iface> that node_exporter exports. */
export const NET_CLASS_NUMBER_ATTRIBUTES = [
  'addr_assign_type',
  'carrier',
  'carrier_changes',
  'carrier_up_count',
  'carrier_down_count',
  'dev_id',
  'dormant',
  'flags',
  'ifindex',
  'iflink',
  'link_mode',
  'mtu',
  'name_assign_type',
  'netdev_group',
  'speed',
  'tx_queue_len',
  'type',
] as const;

export type NetClassTextAttribute = (typeof NET_CLASS_TEXT_ATTRIBUTES)[number];
export type NetClassNumberAttribute = (typeof NET_CLASS_NUMBER_ATTRIBUTES)[number];

/**
 * One interface as procfs' NetClassIface sees it: text attributes are `''` when they could
 * not be read, numbers are absent.
 */
export interface NetClassIface {
  readonly name: string;
  readonly text: Readonly<Record<NetClassTextAttribute, string>>;
  readonly numbers: Readonly<Partial<Record<NetClassNumberAttribute, number>>>;
}

/**
 * Builds a NetClassIface from raw attribute contents (already trimmed; undefined when the
 * attribute could not be read). Numbers use Go's base-prefixed syntax (`flags` is `0x1003`);
 * a number that does not parse becomes 0, not absent, because procfs' ValueParser.PInt64
 * returns a pointer to 0 on a parse error and node_exporter then exports that 0.
 */
export function parseNetClassIface(
  name: string,
  raw: Readonly<Partial<Record<NetClassTextAttribute | NetClassNumberAttribute, string>>>,
): NetClassIface {
  const text = {} as Record<NetClassTextAttribute, string>;
  for (const attr of NET_CLASS_TEXT_ATTRIBUTES) text[attr] = raw[attr] ?? '';
  const numbers: Partial<Record<NetClassNumberAttribute, number>> = {};
  for (const attr of NET_CLASS_NUMBER_ATTRIBUTES) {
    const value = raw[attr];
    if (value !== undefined) numbers[attr] = parseGoIntAutoBase(value) ?? 0;
  }
  return { name, text, numbers };
}

/** IFF_UP in the `flags` attribute. */
const IFF_UP = 0x1;

/**
 * The `adminstate` label of node_network_info: `up` when `flags` has IFF_UP, `down` when it
 * has not, `unknown` when `flags` could not be read.
 */
export function adminState(flags: number | undefined): 'up' | 'down' | 'unknown' {
  if (flags === undefined) return 'unknown';
  // flags fits in 32 bits; `&` is safe on it.
  return (flags & IFF_UP) === IFF_UP ? 'up' : 'down';
}
