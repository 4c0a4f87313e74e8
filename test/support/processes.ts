import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A loopback port the OS says is free now (it may be taken again before use: callers retry). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('cannot find a free loopback port'))));
    });
  });
}

/** Keeps the last `limit` characters a child printed, for error messages. */
export function captureOutput(child: ChildProcess, limit = 64 * 1024): () => string {
  let out = '';
  const add = (chunk: Buffer): void => {
    out = (out + chunk.toString()).slice(-limit);
  };
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  return () => out;
}

/**
 * Stops a child: SIGTERM, then SIGKILL after `graceMs`. Resolves once it has exited. Also used
 * from `after` hooks on failure paths, so it never throws.
 */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * Kills the child with SIGKILL if this process exits first (a crashed or interrupted test run),
 * so no server outlives the run. Returns the function that removes the guard.
 */
export function killOnExit(child: ChildProcess): () => void {
  const guard = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', guard);
  return () => process.removeListener('exit', guard);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
