/**
 * Terminal session frames (docs/remote.md, "Terminal frames"): binary WebSocket messages whose
 * first byte says what follows. The same frames travel browser ↔ nester ↔ harvester, so the
 * nester relays them as they are.
 *
 * To the PTY: 0 input bytes, 1 resize JSON `{cols, rows}`, 2 pause output, 3 resume output.
 * From the PTY: 0 output bytes, 1 event JSON (`{type:'exit', exitCode, signal, reason}`).
 */
export const FRAME = { data: 0, resize: 1, pause: 2, resume: 3 } as const;
export const EVENT = 1;

/** Columns and rows a terminal may have (a bound against hostile sizes). */
export const MAX_COLS = 1000;
export const MAX_ROWS = 500;

export type ClientFrame =
  | { readonly type: 'data'; readonly bytes: Buffer }
  | { readonly type: 'resize'; readonly cols: number; readonly rows: number }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' };

/** Why a session ended, as told to the browser and kept in the audit log. */
export interface ExitEvent {
  readonly type: 'exit';
  readonly exitCode: number | null;
  readonly signal: number | null;
  /** `exit` (the shell ended), `idle` (idle timeout), `error` (the PTY could not start). */
  readonly reason: 'exit' | 'idle' | 'error';
  readonly message?: string;
}

/** A frame from the browser side; throws `Error` with a precise message on a malformed one. */
export function decodeClientFrame(frame: Buffer): ClientFrame {
  const kind = frame[0];
  switch (kind) {
    case FRAME.data:
      return { type: 'data', bytes: frame.subarray(1) };
    case FRAME.resize: {
      const size = JSON.parse(frame.subarray(1).toString('utf8')) as { cols?: unknown; rows?: unknown };
      const { cols, rows } = size;
      if (!isSize(cols, MAX_COLS) || !isSize(rows, MAX_ROWS)) {
        throw new Error(`cannot resize: cols 1..${MAX_COLS} and rows 1..${MAX_ROWS} expected`);
      }
      return { type: 'resize', cols, rows };
    }
    case FRAME.pause:
      return { type: 'pause' };
    case FRAME.resume:
      return { type: 'resume' };
    default:
      throw new Error(`cannot decode terminal frame: unknown type ${String(kind)}`);
  }
}

export function isSize(v: unknown, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= max;
}

/** Output bytes as a frame. */
export function dataFrame(bytes: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(bytes.length + 1);
  out[0] = FRAME.data;
  out.set(bytes, 1);
  return out;
}

/** An event (exit) as a frame. */
export function eventFrame(event: ExitEvent): Buffer {
  return Buffer.concat([Buffer.of(EVENT), Buffer.from(JSON.stringify(event), 'utf8')]);
}
