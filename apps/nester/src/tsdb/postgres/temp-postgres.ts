import type { ChildProcess } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeError } from '@seahawks/model';
import pg from 'pg';
import {
  findPostgresBin,
  freeLoopbackPort,
  hasExited,
  runToEnd,
  spawnAs,
  stopChild,
  unprivileged,
} from './temp-postgres-exec.js';
import type { RunAs } from './temp-postgres-exec.js';

// A throwaway PostgreSQL server for tests and benchmarks, re-exported by test/support/postgres.ts.
// It lives in src/ because the nester's own tests start it, and they may only import from src/.

/** A PostgreSQL server of its own: a temporary data directory, loopback only, trust auth. */
export interface TempPostgres {
  /** `postgres://seahawks@127.0.0.1:<port>/postgres`, the maintenance database. */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Creates an empty database and returns its URL. */
  createDatabase(): Promise<string>;
  /** Drops a database made by `createDatabase`, closing its connections first. */
  dropDatabase(url: string): Promise<void>;
  /** Fast shutdown (SIGINT; SIGKILL after 10 s), keeping the data; `start` brings it back. */
  stopTemporarily(): Promise<void>;
  /** Starts the server (again) on the same port and data; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops the server and deletes its directory. Idempotent, never throws. */
  stop(): Promise<void>;
  /** The last 64 KiB the server printed. */
  output(): string;
}

export interface TempPostgresOptions {
  /** Extra server settings, each passed as `-c name=value`. */
  readonly settings?: Readonly<Record<string, string>>;
}

const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 10_000;

class TempServer implements TempPostgres {
  readonly url: string;
  readonly dataDir: string;
  private child: ChildProcess | undefined;
  private out: () => string = () => '';
  private spawnError = '';
  private databases = 0;
  private removed = false;
  private readonly killGuard = (): void => {
    if (this.child !== undefined && !hasExited(this.child)) this.child.kill('SIGKILL');
  };

  constructor(
    private readonly bin: string,
    private readonly as: RunAs | undefined,
    private readonly dir: string,
    readonly port: number,
    private readonly settings: Readonly<Record<string, string>>,
  ) {
    this.dataDir = join(dir, 'data');
    this.url = `postgres://seahawks@127.0.0.1:${port}/postgres`;
  }

  output(): string {
    return `${this.out()}${this.spawnError}`;
  }

  private noteSpawnError(err: Error): void {
    this.spawnError = `\n${describeError(err)}`;
  }

  async start(): Promise<void> {
    if (this.child !== undefined && !hasExited(this.child)) return;
    const args = ['-D', this.dataDir, '-k', this.dir, '-p', String(this.port)];
    const settings = { listen_addresses: '127.0.0.1', fsync: 'on', ...this.settings };
    for (const [name, value] of Object.entries(settings)) args.push('-c', `${name}=${value}`);
    const { child, output } = spawnAs(this.as, join(this.bin, 'postgres'), args);
    // A spawn failure also ends the child: waitReady reports it with the output.
    child.on('error', (err) => this.noteSpawnError(err));
    this.child = child;
    this.out = output;
    // A crashed or interrupted test run must not leave a server behind.
    process.once('exit', this.killGuard);
    await this.waitReady(child);
  }

  async stopTemporarily(): Promise<void> {
    if (this.child === undefined) return;
    await stopChild(this.child, 'SIGINT', STOP_GRACE_MS);
    process.removeListener('exit', this.killGuard);
  }

  async stop(): Promise<void> {
    await this.stopTemporarily();
    if (this.removed) return;
    this.removed = true;
    await rm(this.dir, { recursive: true, force: true });
  }

  async createDatabase(): Promise<string> {
    const name = `seahawks_${++this.databases}`;
    await this.admin(`CREATE DATABASE ${name}`);
    return this.url.replace(/\/postgres$/, `/${name}`);
  }

  async dropDatabase(url: string): Promise<void> {
    const name = new URL(url).pathname.slice(1);
    if (!/^seahawks_\d+$/.test(name))
      throw new Error(`cannot drop database ${name}: not made by createDatabase`);
    await this.admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }

  private async admin(statement: string): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 5000 });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  }

  private async waitReady(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let last: unknown;
    while (Date.now() < deadline) {
      if (hasExited(child) || this.spawnError !== '') {
        throw new Error(
          `cannot start PostgreSQL: exited with ${child.exitCode ?? child.signalCode}: ${this.output().trim()}`,
        );
      }
      const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 1000 });
      try {
        await client.connect();
        await client.end();
        return;
      } catch (err) {
        // Not accepting connections yet (or still starting up): a refused client needs no end().
        last = err;
        await sleep(100);
      }
    }
    await stopChild(child, 'SIGKILL', 0);
    throw new Error(
      `cannot start PostgreSQL: not ready after ${READY_TIMEOUT_MS} ms (${describeError(last)}): ${this.output()}`,
    );
  }
}

/**
 * Starts a PostgreSQL server for tests: `initdb` into a new temporary directory, then `postgres`
 * on a free loopback port, its socket in that directory, `fsync=on` (durability is under test),
 * as an unprivileged user when running as root. Resolves once it accepts connections.
 * Throws naming the Debian package `postgresql` when the binaries are missing.
 */
export async function startTempPostgres(options: TempPostgresOptions = {}): Promise<TempPostgres> {
  const bin = await findPostgresBin();
  const as = await unprivileged();
  const dir = await mkdtemp(join(tmpdir(), 'seahawks-postgres-'));
  let lastError: unknown;
  try {
    if (as !== undefined) await chown(dir, as.uid, as.gid);
    const initdb = [
      '-D',
      join(dir, 'data'),
      '-U',
      'seahawks',
      '--auth=trust',
      '-E',
      'UTF8',
      '--locale=C',
      '-N',
    ];
    await runToEnd(as, join(bin, 'initdb'), initdb, 60_000);
    // The port may be taken between choosing and binding it: try another.
    for (let attempt = 0; attempt < 3; attempt++) {
      const server = new TempServer(bin, as, dir, await freeLoopbackPort(), options.settings ?? {});
      try {
        await server.start();
        return server;
      } catch (err) {
        lastError = err;
        await server.stopTemporarily();
        if (!/could not bind|already in use/i.test(server.output())) break;
      }
    }
  } catch (err) {
    lastError = err;
  }
  await rm(dir, { recursive: true, force: true });
  throw lastError;
}
