import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger, LogLevel } from './types.js';

/** Test helpers for the queue and the shipper: a temporary directory, a recording logger, a clock. */
export interface LogLine {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields: Record<string, unknown> | undefined;
}

export function recordingLogger(): { logger: Logger; lines: LogLine[]; at: (level: LogLevel) => LogLine[] } {
  const lines: LogLine[] = [];
  return {
    logger: (level, message, fields) => lines.push({ level, message, fields }),
    lines,
    at: (level) => lines.filter((l) => l.level === level),
  };
}

/** A clock that only moves when told to. */
export function manualClock(start = 1_700_000_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
}

/** Creates a fresh directory under the system's temporary directory; `cleanup` removes it. */
export async function tempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `seahawks-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function textOf(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}
