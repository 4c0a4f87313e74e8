import { spawn } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';

/** A started helper program and what it printed last, for error messages. */
export interface Helper {
  readonly child: ChildProcess;
  readonly name: string;
  output(): string;
  /** Resolves once it exited. */
  readonly exited: Promise<void>;
}

/** Spawns a helper program (Xvfb, a VNC server) keeping the tail of its output. */
export function startHelper(file: string, args: readonly string[], options: SpawnOptions = {}): Helper {
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let out = '';
  const keep = (c: Buffer): void => {
    out = (out + c.toString('utf8')).slice(-4096);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => {
    child.once('error', (err) => {
      keep(Buffer.from(`\n${err.message}`));
      resolve();
    });
    child.once('exit', () => resolve());
  });
  return { child, name: file, output: () => out.trim(), exited };
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once it exited. */
export async function stopHelper(h: Helper, graceMs = 3000): Promise<void> {
  if (h.child.exitCode !== null || h.child.signalCode !== null || h.child.pid === undefined) return;
  h.child.kill('SIGTERM');
  const timer = setTimeout(() => h.child.kill('SIGKILL'), graceMs);
  await h.exited;
  clearTimeout(timer);
}

/** Polls `ready` every 50 ms until true; rejects when the helper exits first or time runs out. */
export async function waitReady(
  h: Helper,
  what: string,
  timeoutMs: number,
  ready: () => boolean,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void h.exited.then(() => (gone = true));
  for (;;) {
    if (ready()) return;
    if (gone)
      throw new Error(`cannot start ${h.name}: it exited before ${what}: ${h.output() || 'no output'}`);
    if (Date.now() > deadline) {
      throw new Error(
        `cannot start ${h.name}: no ${what} after ${timeoutMs} ms: ${h.output() || 'no output'}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
