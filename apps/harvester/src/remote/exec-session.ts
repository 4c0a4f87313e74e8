import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { describeError } from '@seahawks/model';
import type { JsonValue } from '@seahawks/protocol';
import type { RawData, WebSocket } from 'ws';
import type { Logger } from '../queue/index.js';
import type { SessionHandler } from '../tunnel/handlers.js';
import { STDERR, STDOUT } from './exec-frames.js';
import type { ExecResult } from './exec-frames.js';
import { loginEnv, resolveLoginUser } from './login-user.js';
import { pauseVotes } from './pause-votes.js';
import { SendGate } from './send-gate.js';
import { toBuffer } from './pty-session.js';
import { sessionInbox } from './session-inbox.js';
import type { SessionInbox } from './session-inbox.js';

export interface ExecOptions {
  /** Who runs the command; empty = the harvester's user. */
  readonly user: string;
  /** Longest run allowed, ms; a longer `timeoutMs` asked for is cut to it. */
  readonly maxTimeoutMs: number;
  readonly passwd?: string;
  /** After SIGTERM at a deadline or a cancel, SIGKILL follows this much later, ms. */
  readonly killGraceMs?: number;
  readonly clock?: () => number;
}

/** Longest command text accepted. */
const MAX_COMMAND = 64 * 1024;

/**
 * The `exec` session kind: params `{command, timeoutMs}`. Runs `/bin/sh -c command` as the
 * configured user in a process group of its own, no stdin, streams stdout and stderr as they
 * come (exec-frames.ts), ends with the result frame and close 1000. At the deadline, on cancel or
 * when the socket closes, the whole group gets SIGTERM, then SIGKILL.
 */
export function execSessionHandler(options: ExecOptions): SessionHandler {
  return (socket, params, logger) => {
    void runExec(socket, sessionInbox(socket), params, options, logger);
  };
}

async function runExec(
  socket: WebSocket,
  inbox: SessionInbox,
  params: { readonly [key: string]: JsonValue },
  options: ExecOptions,
  logger: Logger,
): Promise<void> {
  try {
    await inbox.started;
  } catch {
    return; // closed before it started: nothing was run
  }
  const clock = options.clock ?? Date.now;
  const started = clock();
  const fail = (message: string): void =>
    finish(socket, {
      type: 'result',
      exitCode: null,
      signal: null,
      outcome: 'error',
      durationMs: 0,
      message,
    });
  const { command, timeoutMs } = params;
  if (typeof command !== 'string' || command.trim() === '' || command.length > MAX_COMMAND) {
    return fail(`cannot run: command must be a non-empty string of at most ${MAX_COMMAND} characters`);
  }
  const limit =
    typeof timeoutMs === 'number' && Number.isFinite(timeoutMs) && timeoutMs > 0
      ? Math.min(timeoutMs, options.maxTimeoutMs)
      : options.maxTimeoutMs;
  let child: ChildProcess;
  try {
    const user = await resolveLoginUser(options.user, options.passwd);
    child = spawn('/bin/sh', ['-c', command], {
      cwd: user.home,
      env: loginEnv(user),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      ...(user.uid === undefined ? {} : { uid: user.uid, gid: user.gid }),
    });
  } catch (err) {
    return fail(`cannot run: ${describeError(err)}`);
  }
  supervise(socket, inbox, child, { limit, started, clock, graceMs: options.killGraceMs ?? 2000 }, logger);
}

interface Supervision {
  readonly limit: number;
  readonly started: number;
  readonly clock: () => number;
  readonly graceMs: number;
}

function supervise(
  socket: WebSocket,
  inbox: SessionInbox,
  child: ChildProcess,
  s: Supervision,
  logger: Logger,
): void {
  let outcome: ExecResult['outcome'] = 'exit';
  let spawnError: string | undefined;
  const stdout = child.stdout!;
  const stderr = child.stderr!;
  const vote = pauseVotes({
    pause: () => (stdout.pause(), stderr.pause()),
    resume: () => (stdout.resume(), stderr.resume()),
  });
  const gate = new SendGate(socket, vote('tunnel'));
  stdout.on('data', (b: Buffer) => gate.send(Buffer.concat([Buffer.of(STDOUT), b])));
  stderr.on('data', (b: Buffer) => gate.send(Buffer.concat([Buffer.of(STDERR), b])));
  let killTimer: NodeJS.Timeout | undefined;
  const stop = (why: ExecResult['outcome']): void => {
    if (child.exitCode !== null || child.signalCode !== null || killTimer) return;
    outcome = why;
    signalGroup(child, 'SIGTERM');
    killTimer = setTimeout(() => signalGroup(child, 'SIGKILL'), s.graceMs);
  };
  const deadline = setTimeout(() => stop('timeout'), s.limit);
  inbox.take((data: RawData, isBinary: boolean) => {
    if (!isBinary && toBuffer(data).toString('utf8') === '{"type":"cancel"}') stop('cancelled');
  });
  socket.on('close', () => stop('cancelled'));
  child.on('error', (err) => {
    spawnError = describeError(err);
    logger('warn', `cannot run a command: ${spawnError}`);
  });
  // 'close' comes after both pipes ended: every byte of output was handed to the gate.
  child.on('close', (code, signal) => {
    clearTimeout(deadline);
    clearTimeout(killTimer);
    finish(socket, {
      type: 'result',
      exitCode: code,
      signal,
      outcome: spawnError === undefined ? outcome : 'error',
      durationMs: s.clock() - s.started,
      ...(spawnError === undefined ? {} : { message: spawnError }),
    });
  });
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already (ESRCH): nothing left to stop.
  }
}

function finish(socket: WebSocket, result: ExecResult): void {
  if (socket.readyState !== socket.OPEN) return;
  socket.send(JSON.stringify(result), () => socket.close(1000, result.outcome));
}
