import type { Pausable } from './send-gate.js';

/**
 * A source paused while any of several reasons holds (the browser asked, the tunnel is full),
 * resumed only when none does: each reason is a `Pausable` of its own.
 */
export function pauseVotes(source: Pausable): (reason: string) => Pausable {
  const held = new Set<string>();
  const set = (reason: string, on: boolean): void => {
    const before = held.size > 0;
    if (on) held.add(reason);
    else held.delete(reason);
    const after = held.size > 0;
    if (after && !before) source.pause();
    if (!after && before) source.resume();
  };
  return (reason) => ({ pause: () => set(reason, true), resume: () => set(reason, false) });
}
