/** The fleet's text filter: every word must appear in the name, a label, or the inventory. */
import type { Harvester } from '../../lib/fleet-api';

function haystack(h: Harvester): string {
  const labels = Object.entries(h.labels).map(([k, v]) => `${k}=${v}`);
  const inv = h.inventory;
  return [h.name, h.id, ...labels, inv.os, inv.kernel, inv.arch, inv.version, h.online ? 'online' : 'offline']
    .filter((s): s is string => typeof s === 'string')
    .join(' ')
    .toLowerCase();
}

/** True when every whitespace-separated word of `text` occurs in the harvester's description. */
export function matchesFilter(h: Harvester, text: string): boolean {
  const words = text
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
  if (words.length === 0) return true;
  const hay = haystack(h);
  return words.every((w) => hay.includes(w));
}
