/** Preact hook: the current location, re-rendering on every hash change. */
import { useEffect, useState } from 'preact/hooks';
import { parseLocation, type Location } from './hash-route';

export function useLocation(): Location {
  const [location, setLocation] = useState<Location>(() => parseLocation(window.location.hash));
  useEffect(() => {
    const onChange = (): void => setLocation(parseLocation(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return location;
}
