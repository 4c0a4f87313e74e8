/** Parses the run page's selection box into the API's targets. */

export interface Targets {
  names?: string[];
  labels?: Record<string, string>;
  team?: string;
}

/**
 * "web-1, web-2" → names; "team=a" → a team; "site=lyon, rack=4" → labels (all must match).
 * Mixing names and label pairs is refused (null), as is an empty box.
 */
export function parseSelection(text: string): Targets | null {
  const parts = text
    .split(/[,\s]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) return null;
  const pairs = parts.filter((p) => p.includes('='));
  if (pairs.length === 0) return { names: parts };
  if (pairs.length !== parts.length) return null;
  const labels: Record<string, string> = {};
  for (const p of pairs) {
    const [k = '', ...rest] = p.split('=');
    if (k === '') return null;
    labels[k] = rest.join('=');
  }
  const { team, ...others } = labels;
  return {
    ...(team === undefined ? {} : { team }),
    ...(Object.keys(others).length === 0 ? {} : { labels: others }),
  };
}
