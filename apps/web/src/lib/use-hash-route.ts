/** Preact hook: the current route, re-rendering on every hash change. */
import { useEffect, useState } from 'preact/hooks';
import { parseRoute, type Route } from './hash-route';

export function useHashRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = (): void => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
