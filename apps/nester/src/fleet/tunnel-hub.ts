import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { describeError } from '@seahawks/model';
import { CLOSE_CODES, HEARTBEAT_INTERVAL_MS, SILENCE_TIMEOUT_MS } from '@seahawks/protocol';
import type { HelloMessage, JsonValue } from '@seahawks/protocol';
import type { WebSocket } from 'ws';
import type { FleetRegistry, Presence } from './registry.js';
import { SessionBroker } from './session-broker.js';
import type { PendingSession } from './session-broker.js';
import { ControlConnection } from './tunnel-connection.js';
import type { TunnelPeer } from './tunnel-connection.js';
import { TunnelError } from './tunnel-errors.js';

export interface TunnelHubOptions {
  readonly fleet: FleetRegistry;
  readonly logger: FastifyBaseLogger;
  /** ms since the epoch; default `Date.now`. */
  readonly clock?: () => number;
  /** Heartbeat period towards harvesters, ms. Default 2000. */
  readonly heartbeatMs?: number;
  /** Silence (no frame) after which a harvester is dropped and offline, ms. Default 5000. */
  readonly silenceMs?: number;
  /** Life of a session token, ms. Default 10 000. */
  readonly sessionTokenTtlMs?: number;
}

/** `lastSeen` is written at most this often while a harvester stays connected, ms. */
const TOUCH_EVERY_MS = 10_000;

/**
 * Every harvester's control connection, one per harvester: a second connection of the same
 * harvester replaces the first (closed with 4000). A harvester is online from its `welcome` until
 * its connection closes or stays silent for `silenceMs`. Online state lives here, not on disk;
 * `lastSeen` in the registry is kept for the offline view. One ticker serves every connection
 * (heartbeats, silence), so thousands of harvesters cost one timer.
 */
export class TunnelHub implements Presence {
  private readonly connections = new Map<string, ControlConnection>();
  private readonly lastTouched = new Map<string, number>();
  private readonly clock: () => number;
  private readonly heartbeatMs: number;
  private readonly silenceMs: number;
  private readonly sessions: SessionBroker;
  private readonly ticker: NodeJS.Timeout;
  private closing = false;

  constructor(private readonly opts: TunnelHubOptions) {
    this.clock = opts.clock ?? Date.now;
    this.heartbeatMs = opts.heartbeatMs ?? HEARTBEAT_INTERVAL_MS;
    this.silenceMs = opts.silenceMs ?? SILENCE_TIMEOUT_MS;
    this.sessions = new SessionBroker(this, {
      ttlMs: opts.sessionTokenTtlMs ?? 10_000,
      clock: this.clock,
      newToken: () => randomBytes(32).toString('base64url'),
    });
    this.ticker = setInterval(() => this.tick(), Math.min(500, this.heartbeatMs / 2));
    this.ticker.unref();
  }

  /** Takes over an upgraded control socket of an authenticated harvester. */
  attach(socket: WebSocket, peer: TunnelPeer): void {
    if (this.closing) {
      socket.close(CLOSE_CODES.shutdown, 'nester shutting down');
      return;
    }
    const previous = this.connections.get(peer.name);
    const conn = new ControlConnection(socket, peer, this.events, this.clock, this.heartbeatMs);
    this.connections.set(peer.name, conn);
    if (previous) void previous.close(CLOSE_CODES.replaced, 'replaced by a newer connection');
  }

  /** True while `name` has a control connection that completed hello/welcome. */
  isOnline(name: string): boolean {
    return this.connections.get(name)?.state === 'online';
  }

  /** Names of the harvesters online now, sorted. */
  online(): string[] {
    return [...this.connections.values()]
      .filter((c) => c.state === 'online')
      .map((c) => c.peer.name)
      .sort();
  }

  /**
   * Calls `method` on harvester `name` and resolves with its result. Rejects with `TunnelError`:
   * `tunnel_offline` (not online), `tunnel_timeout` (no reply within `timeoutMs`),
   * `tunnel_closed` (the connection ended first), `tunnel_remote` (the harvester's error).
   */
  request(name: string, method: string, params: JsonValue, timeoutMs = 10_000): Promise<JsonValue> {
    const conn = this.connections.get(name);
    if (conn?.state !== 'online') {
      return Promise.reject(
        new TunnelError('offline', `cannot call ${method} on ${name}: the harvester is offline`),
      );
    }
    return conn.request(method, params, timeoutMs);
  }

  /**
   * Opens a session socket of `kind` on harvester `name`: issues a one-time token (valid
   * `sessionTokenTtlMs`, single use), asks the harvester (`open_session`) to dial
   * `/tunnel/v1/session/<token>`, and resolves with that socket once the harvester confirmed.
   * The caller owns the socket (pairs it with the browser's, closes it).
   */
  openSession(
    name: string,
    kind: string,
    params: Record<string, JsonValue> = {},
    timeoutMs = 10_000,
  ): Promise<WebSocket> {
    return this.sessions.open(name, kind, params, timeoutMs);
  }

  /** Claims a session token for harvester `name` (single use); undefined when unknown, used, expired or another's. */
  claimSession(token: string, name: string): PendingSession | undefined {
    return this.sessions.claim(token, name);
  }

  /**
   * Tells harvester `name` it is revoked (`revoked`, then close 4001, forced within a second) and
   * closes its session sockets. Revoking the credential itself is the registry's job
   * (`FleetRegistry.revoke`), done first so the harvester cannot reconnect. Resolves with whether
   * a connection was open.
   */
  async revoke(name: string, reason = 'the credential was revoked'): Promise<boolean> {
    this.sessions.closeAll(name, CLOSE_CODES.revoked, 'revoked');
    const conn = this.connections.get(name);
    if (!conn) return false;
    conn.send({ type: 'revoked', reason });
    await conn.close(CLOSE_CODES.revoked, 'revoked', 1000);
    return true;
  }

  /** Closes every connection (1001) and stops the ticker; new connections are refused. */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.ticker);
    await Promise.all(
      [...this.connections.values()].map((c) => c.close(CLOSE_CODES.shutdown, 'nester shutting down', 500)),
    );
  }

  private tick(): void {
    const now = this.clock();
    for (const conn of this.connections.values()) {
      conn.tick(now, this.silenceMs);
      if (conn.state === 'online' && now - (this.lastTouched.get(conn.peer.name) ?? 0) >= TOUCH_EVERY_MS) {
        this.touch(conn.peer, now);
      }
    }
  }

  private touch(peer: TunnelPeer, now: number): void {
    this.lastTouched.set(peer.name, now);
    const h = this.opts.fleet.get(peer.id);
    if (h) this.opts.fleet.touch(h, now);
  }

  private readonly events = {
    onHello: async (conn: ControlConnection, hello: HelloMessage): Promise<void> => {
      const h = this.opts.fleet.get(conn.peer.id);
      if (!h) {
        this.opts.logger.warn(
          { harvester: conn.peer.name },
          'cannot accept hello: the harvester is no longer enrolled',
        );
        throw new TunnelError('closed', `harvester ${conn.peer.name} is no longer enrolled`);
      }
      const now = this.clock();
      this.lastTouched.set(conn.peer.name, now);
      if (JSON.stringify(h.inventory) === JSON.stringify(hello.inventory)) this.opts.fleet.touch(h, now);
      else await this.opts.fleet.setInventory(h, hello.inventory, now);
      if (!conn.welcomed) this.opts.logger.info({ harvester: conn.peer.name }, 'harvester online');
    },
    onClose: (conn: ControlConnection, code: number, reason: string): void => {
      // Replaced by a newer connection: the harvester stays (or becomes) online through that one.
      if (this.connections.get(conn.peer.name) !== conn) return;
      this.connections.delete(conn.peer.name);
      this.lastTouched.delete(conn.peer.name);
      if (!conn.welcomed) return;
      this.touch(conn.peer, this.clock());
      this.opts.logger.info({ harvester: conn.peer.name, code, reason }, 'harvester offline');
    },
    onSocketError: (conn: ControlConnection, err: Error): void => {
      this.opts.logger.warn(
        { harvester: conn.peer.name },
        `control connection failed: ${describeError(err)}`,
      );
    },
  };
}
