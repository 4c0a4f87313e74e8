/** The UI's routes, kept in the URL hash: `#/login`, `#/fleet`, `#/host/<name>?range=1h`. */

export type Route =
  | { page: 'login' }
  | { page: 'fleet' }
  | { page: 'host'; name: string; range: string | null }
  | { page: 'not-found'; hash: string };

/** Parses a location hash ("#/host/web-1?range=1h"); an empty hash is the fleet. */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [path = '', query = ''] = raw.split('?', 2);
  const parts = path.split('/').filter((p) => p !== '');
  const params = new URLSearchParams(query);
  const [head, ...rest] = parts;
  if (head === undefined || head === 'fleet') return rest.length === 0 ? { page: 'fleet' } : notFound(hash);
  if (head === 'login' && rest.length === 0) return { page: 'login' };
  if (head === 'host' && rest.length === 1 && rest[0] !== undefined) {
    return { page: 'host', name: safeDecode(rest[0]), range: params.get('range') };
  }
  return notFound(hash);
}

/** The hash for a route; the inverse of parseRoute. */
export function routeHash(route: Route): string {
  switch (route.page) {
    case 'login':
      return '#/login';
    case 'fleet':
      return '#/fleet';
    case 'host':
      return `#/host/${encodeURIComponent(route.name)}${route.range ? `?range=${encodeURIComponent(route.range)}` : ''}`;
    case 'not-found':
      return route.hash;
  }
}

/** Moves to a route (adds a history entry, fires hashchange). */
export function navigate(route: Route): void {
  window.location.hash = routeHash(route);
}

/** Moves to a route without a history entry (for redirects). */
export function redirect(route: Route): void {
  window.history.replaceState(null, '', routeHash(route));
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

function notFound(hash: string): Route {
  return { page: 'not-found', hash };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
