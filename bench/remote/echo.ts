// Keystroke → echo round trips: one key at a time into an interactive bash, timed until its echo
// is back, on a PTY opened here and through the nester's terminal socket.
import { spawn as spawnPty } from '@lydell/node-pty';
import WebSocket from 'ws';
import { treeCpuMs } from './proc-cpu.js';

/** Round trips, ms, and the CPU each process on the path spent per key, µs. */
export interface EchoRun {
  readonly times: readonly number[];
  readonly cpuUsPerKey: Readonly<Record<string, number>>;
}

/** The key typed; bash echoes it once, and nothing else the shell prints in between holds it. */
const KEY = 'x';
/** Keys per line before Ctrl-U empties it, so the line never wraps (a wrap redraws it). */
const LINE = 40;

/**
 * Types `keys` keys one at a time and waits for each echo; returns the round trips, ms.
 * Echoed keys are counted, not searched for: a wait ends only when the echo of *this* key has
 * arrived, so a late or repeated chunk can never end the next key's wait early.
 */
async function echoLoop(
  keys: number,
  send: (k: string) => void,
  subscribe: (cb: (s: string) => void) => void,
): Promise<number[]> {
  let echoed = 0;
  let wanted = Infinity;
  let wake: () => void = () => undefined;
  subscribe((s) => {
    for (let i = s.indexOf(KEY); i !== -1; i = s.indexOf(KEY, i + 1)) echoed++;
    if (echoed >= wanted) wake();
  });
  const times: number[] = [];
  for (let i = 0; i < keys; i++) {
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      wanted = echoed + 1;
      wake = resolve;
      send(KEY);
    });
    times.push(performance.now() - t0);
    if (i % LINE === LINE - 1) {
      send('\u0015'); // Ctrl-U: empty the line
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  return times;
}

/** CPU ms so far of each named process tree, and of this process as `client`. */
function cpuNow(processes: Readonly<Record<string, number>>): Record<string, number> {
  const own = process.cpuUsage();
  return {
    ...Object.fromEntries(Object.entries(processes).map(([name, pid]) => [name, treeCpuMs(pid)])),
    client: (own.user + own.system) / 1000,
  };
}

/** How long the processes' idle CPU (heartbeats, metrics, ingest) is sampled first, ms. */
const IDLE_SAMPLE_MS = 2000;

/**
 * Runs `loop` and charges each process the CPU it spent above its idle rate (sampled just
 * before), per key: what a keystroke costs, without the daemons' own background work.
 */
async function measured(
  keys: number,
  processes: Readonly<Record<string, number>>,
  loop: () => Promise<number[]>,
): Promise<EchoRun> {
  const idle0 = cpuNow(processes);
  await new Promise((r) => setTimeout(r, IDLE_SAMPLE_MS));
  const before = cpuNow(processes);
  const t0 = performance.now();
  const times = await loop();
  const ms = performance.now() - t0;
  const after = cpuNow(processes);
  const cpuUsPerKey = Object.fromEntries(
    Object.keys(after).map((k) => {
      const idle = k === 'client' ? 0 : ((before[k]! - idle0[k]!) * ms) / IDLE_SAMPLE_MS;
      return [k, (Math.max(0, after[k]! - before[k]! - idle) * 1000) / keys];
    }),
  );
  return { times, cpuUsPerKey };
}

/** Round trips on a PTY opened in this process with node-pty: the floor, no relay at all. */
export async function directEcho(keys: number): Promise<EchoRun> {
  const pty = spawnPty('/bin/bash', ['--norc', '-i'], {
    cols: 200,
    rows: 24,
    env: { TERM: 'xterm', PS1: '$ ', PATH: process.env.PATH ?? '/usr/bin:/bin' },
  });
  await new Promise((r) => setTimeout(r, 500));
  try {
    return await measured(keys, { shell: pty.pid }, () =>
      echoLoop(
        keys,
        (k) => pty.write(k),
        (cb) => pty.onData((d) => cb(d)),
      ),
    );
  } finally {
    pty.kill();
  }
}

/** Round trips through the browser socket → nester → tunnel → harvester PTY (terminal frames). */
export async function tunnelEcho(
  url: string,
  cookie: string,
  keys: number,
  processes: Readonly<Record<string, number>>,
): Promise<EchoRun> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/api/remote/terminal/h1?cols=200&rows=24`, {
    headers: { cookie, origin: url },
    perMessageDeflate: false,
  });
  const listeners: Array<(s: string) => void> = [];
  let ready: () => void = () => undefined;
  const opened = new Promise<void>((r) => (ready = r));
  ws.on('message', (d: Buffer) => {
    if (d[0] === 1 && d.includes('"ready"')) ready();
    if (d[0] === 0) for (const l of listeners) l(d.subarray(1).toString());
  });
  await opened;
  // A plain prompt: the login shell's own may hold the key; then wait for it to settle.
  ws.send(Buffer.from("\u0000PS1='$ '\r"));
  await new Promise((r) => setTimeout(r, 800));
  try {
    return await measured(keys, processes, () =>
      echoLoop(
        keys,
        (k) => ws.send(Buffer.concat([Buffer.of(0), Buffer.from(k)])),
        (cb) => listeners.push(cb),
      ),
    );
  } finally {
    ws.close();
  }
}
