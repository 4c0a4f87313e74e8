import { describeError } from '@seahawks/model';
import type { RawData } from 'ws';
import type { HostResult } from './audit-types.js';
import { asBuffer } from './relay.js';
import type { SessionOpener } from './remote-deps.js';

/** What a run reports as it goes, per harvester. */
export type RunEvent =
  | {
      readonly type: 'output';
      readonly harvester: string;
      readonly stream: 'stdout' | 'stderr';
      readonly text: string;
    }
  | ({ readonly type: 'result'; readonly harvester: string; readonly durationMs: number } & HostResult);

/** Output kept per harvester and run before the rest is dropped (and said so). */
export const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

export interface HostRun {
  /** Resolves with the result once the harvester answered, failed or was cancelled. */
  readonly done: Promise<HostResult & { durationMs: number; bytes: number }>;
  cancel(): void;
}

/**
 * Runs `command` on one harvester through an `exec` session (docs/remote.md, Exec frames):
 * output decoded as UTF-8 streams and emitted as it comes, then the result. The nester gives up
 * `graceMs` after the harvester's own deadline should have fired.
 */
export function runOnHost(
  hub: SessionOpener,
  name: string,
  command: string,
  timeoutMs: number,
  emit: (e: RunEvent) => void,
  clock: () => number,
  graceMs = 10_000,
): HostRun {
  const started = clock();
  let cancelled = false;
  let cancelSocket: (() => void) | undefined;
  const done = (async () => {
    let bytes = 0;
    const finish = (r: HostResult): HostResult & { durationMs: number; bytes: number } => {
      const out = { ...r, durationMs: clock() - started, bytes };
      emit({ type: 'result', harvester: name, ...out });
      return out;
    };
    if (!hub.isOnline(name)) {
      return finish({ exitCode: null, signal: null, outcome: 'offline', message: `${name} is offline` });
    }
    let socket;
    try {
      socket = await hub.openSession(name, 'exec', { command, timeoutMs }, 10_000);
    } catch (err) {
      return finish({ exitCode: null, signal: null, outcome: 'failed', message: describeError(err) });
    }
    if (cancelled) {
      socket.close(1000, 'cancelled');
      return finish({ exitCode: null, signal: null, outcome: 'cancelled' });
    }
    const s = socket;
    cancelSocket = () => s.send('{"type":"cancel"}');
    const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
    let result: HostResult | undefined;
    s.on('message', (data: RawData, isBinary: boolean) => {
      const b = asBuffer(data);
      if (!isBinary) {
        result = parseResult(b);
        return;
      }
      const stream = b[0] === 1 ? 'stdout' : b[0] === 2 ? 'stderr' : undefined;
      if (!stream) return;
      const before = bytes;
      bytes += b.length - 1;
      if (before >= MAX_OUTPUT_BYTES) return;
      const text = decoders[stream].decode(b.subarray(1), { stream: true });
      if (text !== '') emit({ type: 'output', harvester: name, stream, text });
      if (bytes >= MAX_OUTPUT_BYTES) {
        const note = `\n[seahawks: output beyond ${MAX_OUTPUT_BYTES} bytes dropped]\n`;
        emit({ type: 'output', harvester: name, stream: 'stderr', text: note });
      }
    });
    s.send('start');
    const giveUp = setTimeout(() => s.terminate(), timeoutMs + graceMs);
    const [code, reason] = await new Promise<[number, string]>((resolve) =>
      s.once('close', (c: number, r: Buffer) => resolve([c, r.toString()])),
    );
    clearTimeout(giveUp);
    return finish(
      result ?? {
        exitCode: null,
        signal: null,
        outcome: cancelled ? 'cancelled' : 'failed',
        message: `the session closed without a result (${code}${reason ? `: ${reason}` : ''})`,
      },
    );
  })();
  return {
    done,
    cancel: () => {
      cancelled = true;
      cancelSocket?.();
    },
  };
}

function parseResult(b: Buffer): HostResult | undefined {
  try {
    const r = JSON.parse(b.toString('utf8')) as Partial<HostResult> & { type?: string; message?: string };
    if (r.type !== 'result') return undefined;
    return {
      exitCode: typeof r.exitCode === 'number' ? r.exitCode : null,
      signal: typeof r.signal === 'string' || typeof r.signal === 'number' ? r.signal : null,
      outcome: typeof r.outcome === 'string' ? r.outcome.slice(0, 32) : 'failed',
      ...(typeof r.message === 'string' ? { message: r.message.slice(0, 4096) } : {}),
    };
  } catch {
    return undefined;
  }
}
