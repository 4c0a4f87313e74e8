// Sends a payload to one receiver: round after round (a round starts once the previous one is
// acknowledged whole, as scrapes 15 s apart would), `concurrency` requests in flight.
import { postWrite } from '../../test/support/remote-write.js';
import type { RunningTarget } from './target.js';

/** Posts one round's bodies with `concurrency` senders; resolves with the wall time in seconds. */
export async function postRound(
  target: RunningTarget,
  bodies: readonly Uint8Array[],
  concurrency: number,
): Promise<number> {
  const write = { name: target.name, url: target.writeUrl, headers: target.headers };
  let next = 0;
  const started = performance.now();
  const sender = async (): Promise<void> => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      await postWrite(write, body);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, sender));
  return (performance.now() - started) / 1000;
}
