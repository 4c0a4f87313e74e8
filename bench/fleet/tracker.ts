// What bench:fleet's orchestrator knows of the fleet: who is enrolled, on which generator, when
// each client began to dial, and when the nester (its admin socket) first reported it online or,
// after a drop, offline. The admin socket is polled only during ramp-up and drops, so the polling
// does not weigh on the measured window.
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchNester } from './nester.js';

// The IPC messages between the orchestrator and its load generators (load-generator.ts).

/** Orchestrator → load generator. */
export type ToGenerator =
  | { type: 'add'; harvesters: Array<{ name: string; credential: string }> }
  /** Stops these harvesters' tunnel clients and shippers (a clean close). */
  | { type: 'drop'; names: string[] }
  /** Asks for the figures since the last report, and resets them. */
  | { type: 'report' }
  | { type: 'stop' };

/** Load generator → orchestrator. */
export type FromGenerator =
  /** A harvester's first welcome: `startedAt` is when its client began to dial. */
  | { type: 'online'; name: string; startedAt: number; onlineAt: number }
  | { type: 'dropped'; at: Record<string, number> }
  | {
      type: 'report';
      /** ms from each accepted batch's sample timestamp to its 204. */
      lags: number[];
      posts: number;
      /** Error description → count. */
      errors: Record<string, number>;
      harvesters: number;
    };

export interface Generator {
  readonly pid: number;
  send(m: ToGenerator): void;
  onMessage(listener: (m: FromGenerator) => void): void;
  stop(): Promise<void>;
}

export interface StepFigures {
  lagP50?: number;
  lagP99?: number;
  lagMax?: number;
  posts: number;
  /** Connect → reported online, over the harvesters (re)started in this step. */
  onlineP50?: number;
  onlineP99?: number;
  /** Clean close → reported offline, the slowest of the dropped ones. */
  offlineMax?: number;
  onlineAtEnd: number;
  errorCount: number;
  errors: Record<string, number>;
}

const POLL_MS = 250;
/** Clients started per chunk and the pause between chunks: a reconnect storm, but a paced one. */
const CHUNK = 100;
const CHUNK_PAUSE_MS = 200;

export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

export function fleetTracker(nester: BenchNester, generators: readonly Generator[]) {
  const credentials = new Map<string, string>();
  const home = new Map<string, Generator>();
  const startedAt = new Map<string, number>();
  let onlineLatencies: number[] = [];
  let reports: Array<Extract<FromGenerator, { type: 'report' }>> = [];
  let dropped: Record<string, number> = {};
  for (const g of generators)
    g.onMessage((m) => {
      if (m.type === 'online') startedAt.set(m.name, m.startedAt);
      else if (m.type === 'report') reports.push(m);
      else dropped = { ...dropped, ...m.at };
    });

  /** Polls until every name in `pending` is online per the nester; records each latency. */
  async function awaitOnline(pending: Set<string>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (pending.size > 0 && Date.now() < deadline) {
      await sleep(POLL_MS);
      const online = await nester.onlineNames();
      const now = Date.now();
      for (const name of pending) {
        const start = startedAt.get(name);
        if (start !== undefined && online.has(name)) {
          onlineLatencies.push(now - start);
          pending.delete(name);
        }
      }
    }
  }

  function start(names: readonly string[]): Promise<void> {
    return (async () => {
      for (let i = 0; i < names.length; i += CHUNK) {
        const chunk = names.slice(i, i + CHUNK);
        for (const name of chunk) {
          startedAt.delete(name);
          home.get(name)!.send({ type: 'add', harvesters: [{ name, credential: credentials.get(name)! }] });
        }
        await sleep(CHUNK_PAUSE_MS);
      }
    })();
  }

  return {
    /** Enrols and starts harvesters until there are `n`; waits (≤ 120 s) until all are online. */
    async grow(n: number): Promise<void> {
      onlineLatencies = [];
      const names = Array.from(
        { length: n - credentials.size },
        (_, i) => `bench-${String(credentials.size + i).padStart(5, '0')}`,
      );
      const creds = await nester.enroll(names);
      names.forEach((name, i) => {
        credentials.set(name, creds[i]!);
        home.set(name, generators[(credentials.size - 1) % generators.length]!);
      });
      const pending = new Set(names);
      await Promise.all([start(names), awaitOnline(pending, 120_000)]);
    },
    /** Collects and resets every generator's figures. */
    async report(): Promise<Array<Extract<FromGenerator, { type: 'report' }>>> {
      reports = [];
      for (const g of generators) g.send({ type: 'report' });
      while (reports.length < generators.length) await sleep(20);
      return reports;
    },
    /** Window figures, then a drop of 1 % (≥ 5) of the fleet, timed until offline, and their return. */
    async finishStep(n: number): Promise<StepFigures> {
      const window = await this.report();
      const onlineAtEnd = (await nester.onlineNames()).size;
      const lags = window.flatMap((r) => r.lags).sort((a, b) => a - b);
      const errors: Record<string, number> = {};
      for (const r of window) for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
      const victims = [...credentials.keys()].slice(-Math.max(5, Math.round(n / 100)));
      dropped = {};
      for (const name of victims) home.get(name)!.send({ type: 'drop', names: [name] });
      const deadline = Date.now() + 30_000;
      let offlineMax: number | undefined;
      let waiting = new Set(victims);
      while (waiting.size > 0 && Date.now() < deadline) {
        await sleep(POLL_MS);
        const online = await nester.onlineNames();
        const now = Date.now();
        for (const name of waiting) {
          const at = dropped[name];
          if (at !== undefined && !online.has(name)) offlineMax = Math.max(offlineMax ?? 0, now - at);
        }
        waiting = new Set([...waiting].filter((name) => dropped[name] === undefined || online.has(name)));
      }
      if (waiting.size > 0) offlineMax = undefined;
      // The dropped harvesters come back (new clients, same credentials) before the next step.
      const back = new Set(victims);
      await Promise.all([start(victims), awaitOnline(back, 60_000)]);
      const onlines = [...onlineLatencies].sort((a, b) => a - b);
      return {
        lagP50: percentile(lags, 0.5),
        lagP99: percentile(lags, 0.99),
        lagMax: lags.at(-1),
        posts: window.reduce((a, r) => a + r.posts, 0),
        onlineP50: percentile(onlines, 0.5),
        onlineP99: percentile(onlines, 0.99),
        offlineMax,
        onlineAtEnd,
        errorCount: Object.values(errors).reduce((a, v) => a + v, 0),
        errors,
      };
    },
  };
}
