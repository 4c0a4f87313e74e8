/**
 * Preact hook: CPU sparklines for the harvesters on screen. Names not loaded within the last
 * minute are fetched together in one query, shortly after scrolling stops; the rest is cached.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { isAbort } from '../../lib/api-client';
import { loadSparklines } from './sparkline-query';

const FRESH_MS = 60_000;
const SETTLE_MS = 150;
/** Most names in one query, so the regex and the answer stay small. */
const BATCH = 80;

interface Entry {
  values: Array<number | null>;
  at: number;
}

export function useSparklines(names: readonly string[]): Map<string, Array<number | null>> {
  const cache = useRef(new Map<string, Entry>());
  const [, setLoaded] = useState(0);
  const [tick, setTick] = useState(0);
  const key = names.join('\u0000');

  useEffect(() => {
    const timer = window.setInterval(() => setTick((t) => t + 1), FRESH_MS);
    return () => window.clearInterval(timer);
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      const now = Date.now();
      const stale = names.filter((n) => now - (cache.current.get(n)?.at ?? 0) > FRESH_MS).slice(0, BATCH);
      if (stale.length === 0) return;
      loadSparklines(stale, now, controller.signal)
        .then((loaded) => {
          for (const [name, values] of loaded) cache.current.set(name, { values, at: now });
          setLoaded((v) => v + 1);
        })
        .catch((error: unknown) => {
          if (!isAbort(error)) console.error('cannot load the CPU sparklines:', error);
        });
    }, SETTLE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [key, tick]);

  const out = new Map<string, Array<number | null>>();
  for (const name of names) {
    const entry = cache.current.get(name);
    if (entry) out.set(name, entry.values);
  }
  return out;
}
