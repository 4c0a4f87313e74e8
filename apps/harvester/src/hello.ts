import type { Logger } from 'pino';
import { describeError } from '@seahawks/model';
import type { HarvesterConfig } from './config/schema.js';
import { readInventory } from './inventory.js';
import { HARVESTER_VERSION } from './version.js';

const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 60_000;
/** The inventory is re-sent this often, so changes (IP addresses, memory) reach the nester. */
const REFRESH_MS = 10 * 60_000;

/**
 * Sends the inventory to the nester (`POST /api/agent/hello`) now, retrying with jittered
 * exponential backoff until it is accepted, then again every ten minutes.
 */
export function sendHello(config: HarvesterConfig, credential: string, logger: Logger): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let delay = RETRY_MIN_MS;
  const attempt = async (): Promise<void> => {
    const inventory = await readInventory(config.rootfs, config.procRoot);
    const res = await fetch(new URL('/api/agent/hello', config.nester), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${credential}`,
        'content-type': 'application/json',
        'user-agent': `seahawks-harvester/${HARVESTER_VERSION}`,
      },
      body: JSON.stringify(inventory),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`nester answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  };
  const run = (): void => {
    attempt().then(
      () => {
        delay = RETRY_MIN_MS;
        if (!stopped) timer = setTimeout(run, REFRESH_MS);
      },
      (err: unknown) => {
        logger.warn(`cannot send inventory to ${config.nester}: ${describeError(err)}; retrying`);
        delay = Math.min(RETRY_MAX_MS, delay * 2);
        if (!stopped) timer = setTimeout(run, delay / 2 + Math.random() * (delay / 2));
      },
    );
  };
  run();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
