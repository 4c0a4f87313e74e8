import { chmod, lstat, unlink } from 'node:fs/promises';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger } from 'fastify';
import { SeahawksError } from '@seahawks/model';
import { registerAdminRoutes } from './admin-socket-routes.js';
import type { AdminRouteDeps } from './admin-socket-routes.js';

/** The admin socket's file name inside the data directory. */
export const ADMIN_SOCKET_NAME = 'nester.sock';

/** Longest Unix socket path Linux accepts (sun_path is 108 bytes with its NUL). */
const MAX_SOCKET_PATH = 107;

/** The admin socket could not be set up. */
export class AdminSocketError extends SeahawksError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('admin_socket', message, options);
  }
}

/** What `startAdminSocket` needs. */
export interface AdminSocketDeps extends AdminRouteDeps {
  /** The nester's data directory; the socket is `<dataDir>/nester.sock`. */
  readonly dataDir: string;
  /** Where token creations and revocations are logged; silent when absent. */
  readonly logger?: FastifyBaseLogger;
}

/** A listening admin socket. */
export interface AdminSocket {
  /** Absolute or relative path of the socket file, as derived from the data directory. */
  readonly path: string;
  /** Stops listening, drops open connections, removes the socket file. */
  close(): Promise<void>;
}

/** `<dataDir>/nester.sock`: the CLI derives it the same way. */
export function adminSocketPath(dataDir: string): string {
  return join(dataDir, ADMIN_SOCKET_NAME);
}

/**
 * Serves the local administration API (join tokens, harvesters) on the Unix socket
 * `<dataDir>/nester.sock`, mode 0600. **Whoever can open the socket is the nester's
 * administrator** — as with Docker's socket, file permissions are the only access control: the
 * socket is owned by the nester's user and the data directory is 0700, so that means root and the
 * nester's own user. No network port is involved. A socket file left by a crashed nester is
 * removed; one that still answers means another nester uses this data directory, and is an error.
 */
export async function startAdminSocket(deps: AdminSocketDeps): Promise<AdminSocket> {
  const path = adminSocketPath(deps.dataDir);
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH)
    throw new AdminSocketError(
      `cannot listen on ${path}: a Unix socket path is at most ${MAX_SOCKET_PATH} bytes; use a shorter data directory`,
    );
  await clearStaleSocket(path);
  const app = deps.logger
    ? // The routes log what they change; a line per request would add nothing.
      Fastify({
        loggerInstance: deps.logger,
        bodyLimit: 16 * 1024,
        logController: new LogController({ disableRequestLogging: true }),
      })
    : Fastify({ logger: false, bodyLimit: 16 * 1024 });
  registerAdminRoutes(app, deps);
  await app.ready();
  try {
    await listenPrivately(app.server, path);
    // The umask already made it 0600; chmod states it whatever the platform did.
    await chmod(path, 0o600).catch((err: Error) => {
      throw new AdminSocketError(`cannot chmod ${path}: ${err.message}`, { cause: err });
    });
  } catch (err) {
    await app.close();
    throw err;
  }
  return {
    path,
    close: async () => {
      app.server.closeAllConnections();
      await app.close();
      await unlink(path).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT')
          throw new AdminSocketError(`cannot remove ${path}: ${err.message}`, { cause: err });
      });
    },
  };
}

/**
 * Binds with umask 0177, so the socket is 0600 from its first instant instead of being briefly
 * open to others until a chmod. `listen` on a path binds synchronously, so the process-wide umask
 * is changed for exactly that call and nothing else in the process can create a file meanwhile.
 */
async function listenPrivately(server: Server, path: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => {
      reject(new AdminSocketError(`cannot listen on ${path}: ${err.message}`, { cause: err }));
    };
    server.once('error', onError);
    const previous = process.umask(0o177);
    try {
      server.listen(path, () => {
        server.off('error', onError);
        resolve();
      });
    } finally {
      process.umask(previous);
    }
  });
}

async function clearStaleSocket(path: string): Promise<void> {
  let isSocket: boolean;
  try {
    isSocket = (await lstat(path)).isSocket();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new AdminSocketError(`cannot inspect ${path}: ${(err as Error).message}`, { cause: err });
  }
  if (!isSocket)
    throw new AdminSocketError(`cannot listen on ${path}: a file that is not a socket is in the way`);
  if (await answers(path))
    throw new AdminSocketError(
      `cannot listen on ${path}: another nester is running with this data directory`,
    );
  await unlink(path);
}

/** True when something accepts connections on the socket (a live nester), false when it is stale. */
function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ path });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(true);
    });
    // ECONNREFUSED is the stale case; any other failure also means nobody answers there.
    socket.once('error', () => resolve(false));
  });
}
