import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import type { OnReadOpts, Socket } from 'node:net';
import { describeError } from '@seahawks/model';
import type { RawData, WebSocket } from 'ws';
import type { Logger } from '../queue/index.js';
import type { SessionHandler } from '../tunnel/handlers.js';
import { ByteReader } from './byte-reader.js';
import type { DesktopLease, DesktopSupervisor } from './desktop-supervisor.js';
import { toBuffer } from './pty-session.js';
import { slabReads } from './read-slabs.js';
import { acceptClient, authenticateToServer } from './rfb-handshake.js';
import { SendGate } from './send-gate.js';
import { sessionInbox } from './session-inbox.js';

/** Close code of a session socket whose session could not start; the reason says why. */
export const SESSION_FAILED = 4010;

export interface VncOptions {
  /** The VNC server to forward to, when not managed. */
  readonly host: string;
  readonly port: number;
  /** File with the server's password (first line), when it asks for one. */
  readonly passwordFile?: string;
  /** Managed Xvfb + x11vnc, started on demand; takes precedence over host/port. */
  readonly supervisor?: DesktopSupervisor;
  readonly connectTimeoutMs?: number;
}

/**
 * The `vnc` session kind: a TCP forward to the local VNC server. The harvester authenticates to
 * the server itself (rfb-handshake.ts) and offers the browser security None, so the password
 * stays on this machine; from ClientInit on, bytes pass through untouched, with backpressure
 * both ways. A failure before that closes the socket with 4010 and the reason.
 */
export function vncSessionHandler(options: VncOptions): SessionHandler {
  return (socket, _params, logger) => {
    void serveVnc(socket, options, logger);
  };
}

async function serveVnc(socket: WebSocket, o: VncOptions, logger: Logger): Promise<void> {
  const inbox = sessionInbox(socket);
  const fromBrowser = new ByteReader();
  // Browser bytes feed the handshake first, then go to the VNC server (see pipe).
  let forward: (data: RawData) => void = (data) => fromBrowser.push(toBuffer(data));
  socket.once('close', () => fromBrowser.fail(new Error('the session socket closed')));
  let lease: DesktopLease | undefined;
  let tcp: Socket | undefined;
  try {
    await inbox.started;
    inbox.take((data) => forward(data));
    lease = o.supervisor ? await o.supervisor.acquire() : undefined;
    const host = lease?.host ?? o.host;
    const port = lease?.port ?? o.port;
    const password = lease?.password ?? (o.passwordFile ? await readPassword(o.passwordFile) : undefined);
    const reads = slabReads();
    const fromServer = new ByteReader();
    reads.setSink((c) => fromServer.push(c));
    tcp = await dial(host, port, o.connectTimeoutMs ?? 5000, reads.onread);
    tcp.on('error', (err) => fromServer.fail(err));
    tcp.once('close', () => fromServer.fail(new Error('the VNC server closed the connection')));
    const server = tcp;
    await authenticateToServer(fromServer, (b) => server.write(b), password);
    await acceptClient(fromBrowser, (b) => socket.send(b, { binary: true }));
    forward = pipe(socket, server, reads.setSink, fromServer.rest(), fromBrowser.rest(), lease);
  } catch (err) {
    lease?.release();
    tcp?.destroy();
    const why = `cannot open the desktop: ${describeError(err)}`;
    logger('warn', why);
    if (socket.readyState === socket.OPEN) socket.close(SESSION_FAILED, why.slice(0, 120));
  }
}

/** Relays both ways from now on; returns what to do with each later browser message. */
function pipe(
  socket: WebSocket,
  tcp: Socket,
  fromServer: (sink: (chunk: Buffer) => void) => void,
  serverRest: Buffer,
  browserRest: Buffer,
  lease?: DesktopLease,
): (data: RawData) => void {
  const gate = new SendGate(socket, tcp);
  if (serverRest.length > 0) gate.send(serverRest);
  if (browserRest.length > 0) tcp.write(browserRest);
  fromServer((c) => gate.send(c));
  let done = false;
  const end = (): void => {
    if (done) return;
    done = true;
    lease?.release();
    tcp.destroy();
    if (socket.readyState === socket.OPEN) socket.close(1000, 'the VNC server closed the connection');
  };
  tcp.once('close', end);
  tcp.on('error', () => end());
  socket.once('close', end);
  // One drain listener at a time: messages already parsed keep coming after pause().
  let waiting = false;
  return (data) => {
    if (!tcp.write(toBuffer(data)) && !waiting) {
      waiting = true;
      socket.pause();
      tcp.once('drain', () => {
        waiting = false;
        socket.resume();
      });
    }
  };
}

function dial(host: string, port: number, timeoutMs: number, onread: OnReadOpts): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host, port, noDelay: true, onread });
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error(`cannot connect to the VNC server ${host}:${port}: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    s.once('connect', () => {
      clearTimeout(timer);
      resolve(s);
    });
    s.once('error', (err) => {
      clearTimeout(timer);
      reject(
        new Error(`cannot connect to the VNC server ${host}:${port}: ${describeError(err)}`, { cause: err }),
      );
    });
  });
}

async function readPassword(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).split('\n')[0] ?? '';
  } catch (err) {
    throw new Error(`cannot read the VNC password file ${file}: ${describeError(err)}`, { cause: err });
  }
}
