/**
 * The UI's location, kept in the URL hash: `#/<path>?<query>` (e.g. `#/host/web-1?range=1h`).
 * Pages are found by pattern in the route table (routes.tsx); this module only parses, matches
 * and builds hashes, so adding a page never needs an edit here.
 */

export interface Location {
  /** Decoded path segments: `#/host/web%201` → ["host", "web 1"]; the empty hash → []. */
  segments: string[];
  query: URLSearchParams;
  /** The raw hash, as found. */
  hash: string;
}

/** Parses a location hash ("#/host/web-1?range=1h"). */
export function parseLocation(hash: string): Location {
  const raw = hash.replace(/^#/, '');
  const cut = raw.indexOf('?');
  const path = cut === -1 ? raw : raw.slice(0, cut);
  const query = new URLSearchParams(cut === -1 ? '' : raw.slice(cut + 1));
  const segments = path
    .split('/')
    .filter((p) => p !== '')
    .map(safeDecode);
  return { segments, query, hash };
}

/**
 * Matches `segments` against a pattern such as "/host/:name" (":x" takes one segment); returns
 * the named parameters, or null when the pattern does not match.
 */
export function matchPattern(pattern: string, segments: readonly string[]): Record<string, string> | null {
  const parts = pattern.split('/').filter((p) => p !== '');
  if (parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const segment = segments[i]!;
    if (part.startsWith(':')) params[part.slice(1)] = segment;
    else if (part !== segment) return null;
  }
  return params;
}

/** Query values; null and undefined entries are left out. */
export type QueryValues = Record<string, string | number | null | undefined>;

/** The hash of a path given as segments (each encoded) and query values: hashOf(["host", "a b"]). */
export function hashOf(segments: readonly string[], query: QueryValues = {}): string {
  const path = segments.map((s) => encodeURIComponent(s)).join('/');
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined) params.set(k, String(v));
  const q = params.toString();
  return `#/${path}${q === '' ? '' : `?${q}`}`;
}

/** The host page of a harvester, optionally with range parameters. */
export function hostHash(name: string, query: QueryValues = {}): string {
  return hashOf(['host', name], query);
}

/** Moves to a hash (adds a history entry, fires hashchange). */
export function navigate(hash: string): void {
  window.location.hash = hash;
}

/** Moves to a hash without a history entry (for redirects and state kept in the URL). */
export function redirect(hash: string): void {
  window.history.replaceState(null, '', hash);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
