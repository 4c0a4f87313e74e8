import type { AsciicastRecorder } from './asciicast-recorder.js';
import type { AuditEnd } from './audit-types.js';
import type { RelayEnd } from './relay.js';

/** The terminal's exit as the harvester reported it (terminal frames, event type 1). */
export interface TerminalExit {
  readonly type: 'exit';
  readonly exitCode: number | null;
  readonly signal: number | null;
  readonly reason: 'exit' | 'idle' | 'error';
  readonly message?: string;
}

/**
 * Looks at terminal frames as they pass (the relay forwards them unchanged): output and resizes
 * go to the recording, the exit event is kept for the audit log. Hostile frames are ignored
 * here; the harvester validates what it receives.
 */
export class TerminalWatch {
  exit: TerminalExit | undefined;

  constructor(private readonly recorder: AsciicastRecorder | undefined) {}

  /** The nester's own first event to the browser: the session is open. */
  static readyFrame(info: { id: string; harvester: string; recording: boolean }): Buffer {
    return Buffer.concat([Buffer.of(1), Buffer.from(JSON.stringify({ type: 'ready', ...info }))]);
  }

  fromHarvester(frame: Buffer): void {
    if (frame[0] === 0) this.recorder?.output(frame.subarray(1));
    else if (frame[0] === 1) {
      const event = parse(frame.subarray(1)) as Partial<TerminalExit> | undefined;
      if (event?.type === 'exit') this.exit = event as TerminalExit;
    }
  }

  fromBrowser(frame: Buffer): void {
    if (frame[0] !== 1 || !this.recorder) return;
    const size = parse(frame.subarray(1)) as { cols?: unknown; rows?: unknown } | undefined;
    if (typeof size?.cols === 'number' && typeof size.rows === 'number')
      this.recorder.resize(size.cols, size.rows);
  }
}

/** The audit outcome of a terminal session from how it ended. */
export function terminalOutcome(end: RelayEnd, exit: TerminalExit | undefined, name: string): AuditEnd {
  if (exit) {
    const results = { [name]: { exitCode: exit.exitCode, signal: exit.signal, outcome: exit.reason } };
    switch (exit.reason) {
      case 'exit':
        return { outcome: 'ok', results, detail: `the shell exited with status ${String(exit.exitCode)}` };
      case 'idle':
        return { outcome: 'timeout', results, detail: 'closed after the idle timeout' };
      case 'error':
        return { outcome: 'failed', results, detail: exit.message ?? 'the terminal could not start' };
    }
  }
  if (end.by === 'browser') return { outcome: 'ok', detail: 'closed by the user' };
  return { outcome: 'failed', detail: `closed by the harvester (${end.code}): ${end.reason}` };
}

function parse(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
