import { OPEN_SESSION_METHOD } from '@seahawks/protocol';
import type { JsonValue } from '@seahawks/protocol';
import type { WebSocket } from 'ws';
import { closeReason, TunnelError } from './tunnel-errors.js';

/** What the broker needs of the hub: a request over a harvester's control connection. */
export interface SessionRequester {
  request(name: string, method: string, params: JsonValue, timeoutMs: number): Promise<JsonValue>;
}

/** A claimed token: hand it the harvester's upgraded socket. */
export interface PendingSession {
  readonly harvester: string;
  readonly kind: string;
  deliver(socket: WebSocket): void;
}

interface Waiting extends PendingSession {
  readonly expiresAt: number;
  fail(err: Error): void;
}

/**
 * One-time session tokens and the sockets they pair (docs/decisions/0004-tunnel.md, Sessions).
 * A token is valid for one harvester, for `ttlMs`, once: claiming it removes it whether or not the
 * claim succeeds, so a replayed, late or stolen token finds nothing.
 */
export class SessionBroker {
  private readonly waiting = new Map<string, Waiting>();
  private readonly live = new Map<string, Set<WebSocket>>();

  constructor(
    private readonly requester: SessionRequester,
    private readonly opts: { ttlMs: number; clock: () => number; newToken: () => string },
  ) {}

  /** See `TunnelHub.openSession`. */
  open(name: string, kind: string, params: Record<string, JsonValue>, timeoutMs: number): Promise<WebSocket> {
    const token = this.opts.newToken();
    const what = `cannot open ${kind} session on ${name}`;
    const arrived = new Promise<WebSocket>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(token);
        reject(
          new TunnelError('timeout', `${what}: the harvester did not connect within ${this.opts.ttlMs} ms`),
        );
      }, this.opts.ttlMs);
      this.waiting.set(token, {
        harvester: name,
        kind,
        expiresAt: this.opts.clock() + this.opts.ttlMs,
        deliver: (socket) => {
          clearTimeout(timer);
          this.track(name, socket);
          resolve(socket);
        },
        fail: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      });
    });
    const confirmed = this.requester.request(name, OPEN_SESSION_METHOD, { token, kind, params }, timeoutMs);
    return Promise.all([arrived, confirmed]).then(
      ([socket]) => socket,
      async (err: unknown) => {
        this.waiting.get(token)?.fail(err as Error);
        this.waiting.delete(token);
        // Whichever side did succeed must not leak: close a socket that arrived anyway.
        const socket = await arrived.catch(() => undefined);
        socket?.close(1011, closeReason(`${what}: the harvester refused`));
        throw err instanceof TunnelError
          ? err
          : new TunnelError('session', `${what}: ${String(err)}`, undefined, { cause: err });
      },
    );
  }

  /** Takes the token out (single use); returns it only when valid for `name` and not expired. */
  claim(token: string, name: string): PendingSession | undefined {
    const w = this.waiting.get(token);
    if (!w) return undefined;
    this.waiting.delete(token);
    if (w.harvester !== name) {
      w.fail(
        new TunnelError(
          'session',
          `cannot open ${w.kind} session on ${w.harvester}: its token was presented by ${name}`,
        ),
      );
      return undefined;
    }
    if (this.opts.clock() > w.expiresAt) {
      w.fail(new TunnelError('timeout', `cannot open ${w.kind} session on ${name}: its token expired`));
      return undefined;
    }
    return w;
  }

  /** Closes every session socket of `name` and forgets its tokens (revocation). */
  closeAll(name: string, code: number, reason: string): void {
    for (const [token, w] of this.waiting) {
      if (w.harvester !== name) continue;
      this.waiting.delete(token);
      w.fail(new TunnelError('closed', `cannot open ${w.kind} session on ${name}: ${reason}`));
    }
    for (const socket of this.live.get(name) ?? []) socket.close(code, closeReason(reason));
  }

  private track(name: string, socket: WebSocket): void {
    let set = this.live.get(name);
    if (!set) this.live.set(name, (set = new Set()));
    set.add(socket);
    socket.once('close', () => {
      set.delete(socket);
      if (set.size === 0 && this.live.get(name) === set) this.live.delete(name);
    });
  }
}
