import { spawn } from '@lydell/node-pty';
import type { IPty } from '@lydell/node-pty';
import { describeError } from '@seahawks/model';
import type { JsonValue } from '@seahawks/protocol';
import type { RawData, WebSocket } from 'ws';
import type { Logger } from '../queue/index.js';
import type { SessionHandler } from '../tunnel/handlers.js';
import { loginEnv, resolveLoginUser } from './login-user.js';
import { pauseVotes } from './pause-votes.js';
import { sessionInbox } from './session-inbox.js';
import type { SessionInbox } from './session-inbox.js';
import { SendGate } from './send-gate.js';
import { dataFrame, decodeClientFrame, eventFrame, isSize, MAX_COLS, MAX_ROWS } from './terminal-frames.js';
import type { ExitEvent } from './terminal-frames.js';

export interface PtyOptions {
  /** Whose login shell; empty = the harvester's user. */
  readonly user: string;
  /** Shell program; empty = the user's login shell. */
  readonly shell: string;
  /** No input and no output this long closes the session, ms; 0 = never. */
  readonly idleMs: number;
  /** Passwd file (tests). */
  readonly passwd?: string;
}

/**
 * The `pty` session kind: a login shell of the configured user on a real PTY
 * (`@lydell/node-pty`), speaking terminal frames (terminal-frames.ts) on the session socket.
 * Output is paused while the browser asks (ttyd-style flow control) or while the tunnel is full;
 * the shell's exit status ends the session with an exit event, then close 1000. Closing the
 * socket hangs the shell up (SIGHUP), as closing a terminal window does.
 */
export function ptySessionHandler(options: PtyOptions): SessionHandler {
  return (socket, params, logger) => {
    void startPty(socket, sessionInbox(socket), params, options, logger);
  };
}

async function startPty(
  socket: WebSocket,
  inbox: SessionInbox,
  params: { readonly [key: string]: JsonValue },
  options: PtyOptions,
  logger: Logger,
): Promise<void> {
  const cols = isSize(params.cols, MAX_COLS) ? params.cols : 80;
  const rows = isSize(params.rows, MAX_ROWS) ? params.rows : 24;
  let pty: IPty;
  try {
    await inbox.started;
  } catch {
    return; // closed before it started: nothing was spawned
  }
  try {
    const user = await resolveLoginUser(options.user, options.passwd);
    const shell = options.shell || user.shell;
    pty = spawn(shell, ['-l'], {
      name: 'xterm-256color',
      cols,
      rows,
      cwd: user.home,
      env: loginEnv(user, { TERM: 'xterm-256color', COLORTERM: 'truecolor' }),
      encoding: null,
      ...(user.uid === undefined ? {} : { uid: user.uid, gid: user.gid }),
    });
  } catch (err) {
    finish(socket, {
      type: 'exit',
      exitCode: null,
      signal: null,
      reason: 'error',
      message: describeError(err),
    });
    logger('warn', `cannot start a terminal: ${describeError(err)}`);
    return;
  }
  servePty(socket, inbox, pty, options.idleMs, logger);
}

function servePty(socket: WebSocket, inbox: SessionInbox, pty: IPty, idleMs: number, logger: Logger): void {
  const vote = pauseVotes(pty);
  const gate = new SendGate(socket, vote('tunnel'));
  const browser = vote('browser');
  let ended = false;
  let idleTimer: NodeJS.Timeout | undefined;
  const touch = (): void => {
    if (idleMs <= 0 || ended) return;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      ended = true;
      finish(socket, { type: 'exit', exitCode: null, signal: null, reason: 'idle' });
      pty.kill('SIGHUP');
    }, idleMs);
  };
  touch();
  // With `encoding: null` node-pty hands out Buffers; its typings say string.
  pty.onData((chunk: string | Buffer) => {
    touch();
    gate.send(dataFrame(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk));
  });
  pty.onExit(({ exitCode, signal }) => {
    clearTimeout(idleTimer);
    if (ended) return;
    ended = true;
    finish(socket, { type: 'exit', exitCode, signal: signal ?? null, reason: 'exit' });
  });
  inbox.take((data: RawData, isBinary: boolean) => {
    if (!isBinary) return socket.close(1003, 'terminal frames are binary');
    try {
      const frame = decodeClientFrame(toBuffer(data));
      switch (frame.type) {
        case 'data':
          touch();
          // node-pty writes Buffers as they are (a cut UTF-8 sequence stays whole); its typings say string.
          pty.write(frame.bytes as unknown as string);
          break;
        case 'resize':
          pty.resize(frame.cols, frame.rows);
          break;
        case 'pause':
          browser.pause();
          break;
        case 'resume':
          browser.resume();
          break;
      }
    } catch (err) {
      logger('warn', `terminal session: ${describeError(err)}`);
      socket.close(1008, describeError(err).slice(0, 120));
    }
  });
  socket.on('close', () => {
    clearTimeout(idleTimer);
    if (ended) return;
    ended = true;
    pty.kill('SIGHUP');
  });
}

/** Sends the last event, then closes normally once it is written. */
function finish(socket: WebSocket, event: ExitEvent): void {
  if (socket.readyState !== socket.OPEN) return;
  socket.send(eventFrame(event), { binary: true }, () => socket.close(1000, event.reason));
}

export function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
