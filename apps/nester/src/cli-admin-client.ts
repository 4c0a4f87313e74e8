import { request } from 'node:http';
import type { Command } from 'commander';
import { SeahawksError } from '@seahawks/model';
import { loadNesterConfig } from './config/index.js';
import { adminSocketPath } from './fleet/admin-socket.js';

/** Where a CLI command writes: the process's streams, or a test's buffers. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** The process's stdout and stderr. */
export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** The nester's admin socket could not be reached, or refused the request. */
export class AdminClientError extends SeahawksError {
  constructor(code: 'admin_unreachable' | 'admin_refused', message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** `--config` and `--data`, the options every admin command takes to find the data directory. */
export interface DataDirOptions {
  config?: string;
  data?: string;
}

/** Adds `-c, --config <file>` and `--data <dir>` to an admin command. */
export function withDataDirOptions(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', "the nester's JSON config file (for its data directory)")
    .option('--data <dir>', "the nester's data directory (env SEAHAWKS_DATA_DIR; default ./data)");
}

/** The data directory as `serve` would resolve it: flag, then environment, then config file, then default. */
export async function resolveDataDir(o: DataDirOptions): Promise<string> {
  return (await loadNesterConfig(o.config, { dataDir: o.data })).dataDir;
}

const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/**
 * One request to the running nester's admin socket (`<dataDir>/nester.sock`). Resolves with the
 * parsed JSON body of a 2xx answer (undefined for 204); throws `AdminClientError` when nobody
 * listens there (`cannot reach the nester at …: is it running?`) or with the nester's own message
 * when it refuses.
 */
export function adminRequest<T>(dataDir: string, method: string, path: string, body?: unknown): Promise<T> {
  const socketPath = adminSocketPath(dataDir);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise<T>((resolve, reject) => {
    const req = request(
      {
        socketPath,
        method,
        path,
        // One request per command: no keep-alive, so neither side waits on an idle connection.
        agent: false,
        headers: {
          connection: 'close',
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES)
            res.destroy(new Error(`answer larger than ${MAX_RESPONSE_BYTES} bytes`));
          else chunks.push(chunk);
        });
        res.on('error', (err) => reject(refused(method, path, err.message, err)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            const parsed: unknown = text === '' ? undefined : JSON.parse(text);
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) return resolve(parsed as T);
            const message = (parsed as { error?: unknown } | undefined)?.error;
            reject(
              new AdminClientError(
                'admin_refused',
                typeof message === 'string' ? message : `${method} ${path}: HTTP ${status}`,
              ),
            );
          } catch (err) {
            reject(refused(method, path, `unreadable answer: ${(err as Error).message}`, err));
          }
        });
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => reject(unreachable(socketPath, err)));
    req.end(payload);
  });
}

function unreachable(socketPath: string, err: NodeJS.ErrnoException): AdminClientError {
  const why =
    err.code === 'EACCES'
      ? "permission denied: run this as the nester's user (or root)"
      : err.code === 'ENOENT' || err.code === 'ECONNREFUSED'
        ? 'is it running?'
        : `${err.message}; is it running?`;
  return new AdminClientError('admin_unreachable', `cannot reach the nester at ${socketPath}: ${why}`, {
    cause: err,
  });
}

function refused(method: string, path: string, why: string, cause: unknown): AdminClientError {
  return new AdminClientError('admin_refused', `cannot ${method} ${path} on the nester: ${why}`, { cause });
}
