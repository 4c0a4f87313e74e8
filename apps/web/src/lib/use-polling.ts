/**
 * Preact hook: runs `load` now and then every `intervalMs` (when `live`), each run with its own
 * AbortSignal; unmounting or changing `deps` aborts the run under way. A tick that finds the
 * previous run still under way is skipped rather than aborting it: on a slow server or link an
 * abort per tick would mean no answer ever arrives. Runs are skipped while the tab is hidden and
 * one runs as soon as it is visible again. Pausing (`live` going false) does not trigger a run;
 * resuming does.
 */
import { useEffect, useRef } from 'preact/hooks';

export function usePolling(
  load: (signal: AbortSignal) => Promise<void>,
  intervalMs: number,
  live: boolean,
  deps: readonly unknown[],
): void {
  const loadRef = useRef(load);
  loadRef.current = load;
  const wasLive = useRef<boolean | null>(null);

  useEffect(() => {
    let controller: AbortController | null = null;
    let running = false;
    const run = (): void => {
      if (running) return;
      running = true;
      const current = new AbortController();
      controller = current;
      loadRef
        .current(current.signal)
        .catch((error: unknown) => {
          if (!current.signal.aborted) console.error('cannot refresh:', error);
        })
        .finally(() => {
          if (controller === current) running = false;
        });
    };
    const pausing = wasLive.current === true && !live;
    wasLive.current = live;
    if (!pausing) run();
    const timer = live
      ? window.setInterval(() => {
          if (document.visibilityState === 'visible') run();
        }, intervalMs)
      : undefined;
    const onVisible = (): void => {
      if (live && document.visibilityState === 'visible') run();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
      controller?.abort();
    };
  }, [intervalMs, live, ...deps]);
}
