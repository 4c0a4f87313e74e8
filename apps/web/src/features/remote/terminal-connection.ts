/**
 * The browser end of a terminal session (docs/remote.md, Terminal frames): binary frames whose
 * first byte is the type. Output goes to the terminal with ttyd-style flow control: while too
 * many writes are waiting for xterm to render, the harvester is told to pause its PTY.
 */
import { socketUrl } from './remote-api';

const DATA = 0;
const RESIZE = 1;
const PAUSE = 2;
const RESUME = 3;

/** Unfinished terminal writes above which output is paused, and below which it resumes. */
const HIGH_WRITES = 16;
const LOW_WRITES = 4;

export interface TerminalSink {
  /** Writes output; calls `done` once rendered. */
  write(data: Uint8Array, done: () => void): void;
  onReady(info: { id: string; recording: boolean }): void;
  onExit(info: { exitCode: number | null; signal: number | null; reason: string; message?: string }): void;
  onClose(code: number, reason: string): void;
}

export interface TerminalConnection {
  input(text: string): void;
  resize(cols: number, rows: number): void;
  close(): void;
}

export function connectTerminal(
  name: string,
  cols: number,
  rows: number,
  sink: TerminalSink,
): TerminalConnection {
  const ws = new WebSocket(
    socketUrl(`/api/remote/terminal/${encodeURIComponent(name)}?cols=${cols}&rows=${rows}`),
  );
  ws.binaryType = 'arraybuffer';
  const encoder = new TextEncoder();
  let writes = 0;
  let paused = false;
  const send = (type: number, payload: Uint8Array = new Uint8Array()): void => {
    if (ws.readyState !== WebSocket.OPEN) return;
    const frame = new Uint8Array(payload.length + 1);
    frame[0] = type;
    frame.set(payload, 1);
    ws.send(frame);
  };
  ws.addEventListener('message', (e: MessageEvent<ArrayBuffer>) => {
    const bytes = new Uint8Array(e.data);
    if (bytes[0] === DATA) {
      writes++;
      sink.write(bytes.subarray(1), () => {
        writes--;
        if (paused && writes < LOW_WRITES) {
          paused = false;
          send(RESUME);
        }
      });
      if (!paused && writes > HIGH_WRITES) {
        paused = true;
        send(PAUSE);
      }
      return;
    }
    const event = JSON.parse(new TextDecoder().decode(bytes.subarray(1))) as { type: string } & Record<
      string,
      never
    >;
    if (event.type === 'ready') sink.onReady(event as unknown as { id: string; recording: boolean });
    if (event.type === 'exit') sink.onExit(event as unknown as Parameters<TerminalSink['onExit']>[0]);
  });
  ws.addEventListener('close', (e) => sink.onClose(e.code, e.reason));
  return {
    input: (text) => send(DATA, encoder.encode(text)),
    resize: (c, r) => send(RESIZE, encoder.encode(JSON.stringify({ cols: c, rows: r }))),
    close: () => ws.close(1000, 'closed by the user'),
  };
}
