import type { TunnelInventory } from '@seahawks/protocol';

/** The protocol's bounds on inventory fields (see the codec): longer values are cut to fit. */
const MAX_TEXT = 256;
const MAX_IPS = 256;
const MAX_IP = 64;

/**
 * Cuts an inventory down to what the protocol accepts, so an odd machine (a 300-character OS
 * name) still says hello instead of failing to encode it on every connect. Numbers pass as they
 * are: the machine's own figures are far inside the bounds.
 */
export function fitInventory(inventory: TunnelInventory): TunnelInventory {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(inventory)) {
    if (value === undefined) continue;
    if (typeof value === 'string') out[key] = value.slice(0, MAX_TEXT);
    else if (Array.isArray(value))
      out[key] = value.filter((ip: string) => ip.length <= MAX_IP).slice(0, MAX_IPS);
    else out[key] = value;
  }
  return out;
}
