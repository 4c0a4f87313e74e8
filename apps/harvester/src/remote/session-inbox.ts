import type { RawData, WebSocket } from 'ws';

/** The text frame that opens every remote session: the nester is listening from then on. */
export const START_FRAME = 'start';

export type MessageListener = (data: RawData, isBinary: boolean) => void;

/** A session socket's incoming side while the session starts. */
export interface SessionInbox {
  /** Resolves at the nester's `start` frame; rejects when the socket closes first. */
  readonly started: Promise<void>;
  /** Hands the messages after `start` to `listener`: those queued meanwhile first, then live ones. */
  take(listener: MessageListener): void;
}

/**
 * Holds a session socket's messages from the moment it opens. The harvester never speaks first:
 * the nester takes the socket only once `open_session` has been answered over the control
 * connection, so bytes sent earlier would find no listener there. It sends `start` when it
 * listens. Messages that arrive while the session starts (a PTY spawning, a VNC server dialled)
 * are queued, never dropped.
 */
export function sessionInbox(socket: WebSocket): SessionInbox {
  const queued: Array<[RawData, boolean]> = [];
  let listener: MessageListener | undefined;
  let begin: () => void = () => undefined;
  let abort: (err: Error) => void = () => undefined;
  let seenStart = false;
  const started = new Promise<void>((resolve, reject) => {
    begin = resolve;
    abort = reject;
  });
  socket.on('message', (data: RawData, isBinary: boolean) => {
    if (!seenStart) {
      if (isBinary || textOf(data) !== START_FRAME) {
        socket.close(1008, 'a session begins with the start frame');
        return;
      }
      seenStart = true;
      begin();
      return;
    }
    if (listener) listener(data, isBinary);
    else queued.push([data, isBinary]);
  });
  socket.once('close', () => abort(new Error('the session socket closed before it started')));
  return {
    started,
    take: (l) => {
      listener = l;
      for (const [data, isBinary] of queued.splice(0)) l(data, isBinary);
    },
  };
}

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}
