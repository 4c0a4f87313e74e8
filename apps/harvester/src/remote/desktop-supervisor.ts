import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError, SeahawksError } from '@seahawks/model';
import type { Logger } from '../queue/index.js';
import { startHelper, stopHelper, waitReady } from './child-process.js';
import type { Helper } from './child-process.js';

export interface DesktopSupervisorOptions {
  readonly display: number;
  /** Xvfb screen, WIDTHxHEIGHTxDEPTH. */
  readonly geometry: string;
  /** Programs started on the display once it is up (argv each). */
  readonly startup: readonly (readonly string[])[];
  /** Stop this long after the last session was released, ms. */
  readonly idleStopMs: number;
  /** Where the VNC password file is written (mode 0600). */
  readonly stateDir: string;
  readonly logger: Logger;
  readonly xvfb?: string;
  readonly vncServer?: string;
  /** Where X keeps its sockets and lock files (tests). */
  readonly x11Dir?: string;
  readonly startTimeoutMs?: number;
}

/** A VNC server to use, for as long as the lease is held. */
export interface DesktopLease {
  readonly host: string;
  readonly port: number;
  readonly password: string;
  release(): void;
}

export class DesktopStartError extends SeahawksError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('desktop_start', message, options);
  }
}

interface Running {
  readonly helpers: Helper[];
  readonly password: string;
}

/**
 * The managed desktop of a headless machine (the seeds' tightvncserver on :2): Xvfb on display
 * `:n`, the startup programs, and x11vnc on 127.0.0.1:(5900 + n) with a fresh random password
 * (a 0600 file, given to x11vnc by path, never on a command line and never to a browser).
 * Started by the first `acquire`, stopped `idleStopMs` after the last lease is released, or
 * when any of its programs exits (the next `acquire` starts afresh).
 */
export class DesktopSupervisor {
  private running: Promise<Running> | undefined;
  private current: Running | undefined;
  private leases = 0;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly o: DesktopSupervisorOptions) {}

  get port(): number {
    return 5900 + this.o.display;
  }

  async acquire(): Promise<DesktopLease> {
    clearTimeout(this.idleTimer);
    this.leases++;
    try {
      this.running ??= this.start();
      const r = await this.running;
      let released = false;
      return {
        host: '127.0.0.1',
        port: this.port,
        password: r.password,
        release: () => {
          if (released) return;
          released = true;
          this.release();
        },
      };
    } catch (err) {
      this.leases--;
      throw err;
    }
  }

  /** Stops everything now (the harvester is stopping). */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    await this.stop();
  }

  private release(): void {
    this.leases--;
    if (this.leases > 0) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.stop(), this.o.idleStopMs);
    this.idleTimer.unref();
  }

  private async stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    this.current = undefined;
    if (!running) return;
    const r = await running.catch(() => undefined);
    if (!r) return;
    for (const h of [...r.helpers].reverse()) await stopHelper(h);
    this.o.logger('info', `managed desktop :${this.o.display} stopped`);
  }

  private async start(): Promise<Running> {
    const n = this.o.display;
    const x11Dir = this.o.x11Dir ?? '/tmp';
    const timeout = this.o.startTimeoutMs ?? 10_000;
    const helpers: Helper[] = [];
    try {
      if (existsSync(join(x11Dir, `.X${n}-lock`))) {
        throw new Error(`display :${n} is in use (${join(x11Dir, `.X${n}-lock`)} exists)`);
      }
      // -noreset: without it the server resets (root colour and all) when its last client leaves.
      const xvfb = startHelper(
        this.o.xvfb ?? 'Xvfb',
        [`:${n}`, '-screen', '0', this.o.geometry, '-nolisten', 'tcp', '-noreset'],
        { detached: true },
      );
      helpers.push(xvfb);
      const socket = join(x11Dir, '.X11-unix', `X${n}`);
      await waitReady(xvfb, `its socket ${socket}`, timeout, () => existsSync(socket));
      const env = { ...process.env, DISPLAY: `:${n}` };
      for (const argv of this.o.startup)
        helpers.push(startHelper(argv[0]!, argv.slice(1), { env, detached: true }));
      const password = randomBytes(6).toString('base64url');
      await mkdir(this.o.stateDir, { recursive: true, mode: 0o700 });
      const passwordFile = join(this.o.stateDir, 'vnc-password');
      await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
      const vnc = startHelper(
        this.o.vncServer ?? 'x11vnc',
        [
          '-display',
          `:${n}`,
          '-rfbport',
          String(this.port),
          '-localhost',
          '-passwdfile',
          passwordFile,
          '-forever',
          '-shared',
          '-noxdamage',
        ],
        { env, detached: true },
      );
      helpers.push(vnc);
      await waitReady(vnc, `PORT=${this.port}`, timeout, () => vnc.output().includes(`PORT=${this.port}`));
      for (const h of helpers) void h.exited.then(() => this.onExit(h, helpers));
      this.o.logger('info', `managed desktop :${n} started, VNC on 127.0.0.1:${this.port}`);
      this.current = { helpers, password };
      return this.current;
    } catch (err) {
      for (const h of helpers.reverse()) await stopHelper(h);
      throw new DesktopStartError(`cannot start the managed desktop :${n}: ${describeError(err)}`, {
        cause: err,
      });
    }
  }

  private onExit(h: Helper, helpers: readonly Helper[]): void {
    const isCore = h === helpers[0] || h === helpers[helpers.length - 1];
    if (!isCore || this.current?.helpers !== helpers) return;
    this.o.logger('warn', `managed desktop: ${h.name} exited: ${h.output() || 'no output'}`);
    void this.stop();
  }
}
