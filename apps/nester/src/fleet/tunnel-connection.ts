import { describeError, InvalidInputError } from '@seahawks/model';
import {
  CLOSE_CODES,
  decodeMessage,
  encodeMessage,
  PROTOCOL_VERSION,
  SUPPORTED_VERSIONS,
} from '@seahawks/protocol';
import type { HelloMessage, JsonValue, ReplyMessage, TunnelMessage } from '@seahawks/protocol';
import type { RawData, WebSocket } from 'ws';
import { closeReason, TunnelError } from './tunnel-errors.js';

/** Who is on the other end, from the credential that opened the connection. */
export interface TunnelPeer {
  readonly id: string;
  readonly name: string;
}

/** What a connection tells its hub. */
export interface ConnectionEvents {
  /** A valid `hello` arrived; the welcome is sent once this resolves. */
  onHello(conn: ControlConnection, hello: HelloMessage): Promise<void>;
  onClose(conn: ControlConnection, code: number, reason: string): void;
  /** The socket failed (a bad frame at the WebSocket layer, a reset); `close` follows. */
  onSocketError(conn: ControlConnection, err: Error): void;
}

interface Pending {
  resolve(result: JsonValue): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/** Fewest ms between two `hello`s; a harvester re-sends it only when its inventory changes. */
const MIN_HELLO_GAP_MS = 1000;

/**
 * One harvester's control connection, seen from the nester: validates every frame (an invalid
 * one closes with 1008 and the reason), answers `hello` with `welcome`, tracks when the peer was
 * last heard, and matches replies to requests. Timers belong to the hub (`tick`).
 */
export class ControlConnection {
  state: 'awaiting_hello' | 'online' | 'closed' = 'awaiting_hello';
  /** Whether a `welcome` was ever sent: the harvester was online through this connection. */
  welcomed = false;
  /** When the last frame arrived (or the connection opened), ms. */
  lastFrameAt: number;
  /** When the last frame was sent, ms. */
  lastSentAt: number;
  private lastHelloAt = -Infinity;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly closed: Promise<void>;

  constructor(
    readonly socket: WebSocket,
    readonly peer: TunnelPeer,
    private readonly events: ConnectionEvents,
    private readonly clock: () => number,
    private readonly heartbeatMs: number,
  ) {
    this.lastFrameAt = this.lastSentAt = clock();
    this.closed = new Promise((resolve) => {
      socket.once('close', (code: number, reason: Buffer) => {
        this.state = 'closed';
        for (const p of this.pending.values()) {
          clearTimeout(p.timer);
          p.reject(
            new TunnelError(
              'closed',
              `cannot get a reply from ${peer.name}: the connection closed (${code})`,
            ),
          );
        }
        this.pending.clear();
        events.onClose(this, code, reason.toString());
        resolve();
      });
    });
    socket.on('message', (data: RawData, isBinary: boolean) => this.receive(data, isBinary));
    // ws emits 'error' before 'close' (oversized or malformed frames, resets); 'close' does the bookkeeping.
    socket.on('error', (err: Error) => events.onSocketError(this, err));
  }

  /** Sends a message; false when the socket is no longer open (the close handler cleans up). */
  send(message: TunnelMessage): boolean {
    if (this.socket.readyState !== this.socket.OPEN) return false;
    this.socket.send(encodeMessage(message));
    this.lastSentAt = this.clock();
    return true;
  }

  /** Sends `request` and resolves with the reply's result; see `TunnelHub.request`. */
  request(method: string, params: JsonValue, timeoutMs: number): Promise<JsonValue> {
    const id = this.nextId;
    this.nextId = this.nextId >= 2 ** 31 - 1 ? 1 : this.nextId + 1;
    return new Promise<JsonValue>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new TunnelError(
            'timeout',
            `cannot call ${method} on ${this.peer.name}: no reply within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      const fail = (err: Error): void => {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(err);
      };
      try {
        if (!this.send({ type: 'request', id, method, params })) {
          fail(
            new TunnelError(
              'offline',
              `cannot call ${method} on ${this.peer.name}: the connection is closing`,
            ),
          );
        }
      } catch (err) {
        // Params the protocol refuses (too large, too deep) fail here, not at the harvester.
        fail(err as Error);
      }
    });
  }

  /** Closes with `code` and `reason`; terminates the socket if the peer does not finish within `graceMs`. */
  close(code: number, reason: string, graceMs = 1000): Promise<void> {
    if (this.state !== 'closed') {
      this.socket.close(code, closeReason(reason));
      const timer = setTimeout(() => this.socket.terminate(), graceMs);
      void this.closed.then(() => clearTimeout(timer));
    }
    return this.closed;
  }

  /** Called by the hub's ticker: heartbeat when due, drop when silent or without hello too long. */
  tick(now: number, silenceMs: number): void {
    if (this.state === 'closed') return;
    if (now - this.lastFrameAt > silenceMs) {
      const what = this.state === 'online' ? 'no frame' : 'no hello';
      void this.close(CLOSE_CODES.silent, `${what} for ${now - this.lastFrameAt} ms`, 0);
      return;
    }
    if (this.state === 'online' && now - this.lastSentAt >= this.heartbeatMs) {
      this.send({ type: 'heartbeat', time: now });
    }
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (this.state === 'closed') return;
    this.lastFrameAt = this.clock();
    let message: TunnelMessage;
    try {
      if (isBinary) throw new InvalidInputError('cannot decode tunnel frame: binary frames are not accepted');
      message = decodeMessage(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer));
    } catch (err) {
      void this.close(CLOSE_CODES.invalidFrame, describeError(err));
      return;
    }
    this.handle(message);
  }

  private handle(message: TunnelMessage): void {
    if (this.state === 'awaiting_hello' && message.type !== 'hello') {
      // Otherwise a peer could hold a connection open with heartbeats without ever saying who it is.
      void this.close(CLOSE_CODES.invalidFrame, `cannot accept ${message.type}: expected hello first`);
      return;
    }
    switch (message.type) {
      case 'hello':
        this.onHello(message);
        return;
      case 'heartbeat':
        return; // lastFrameAt is all a heartbeat is for
      case 'reply':
        this.onReply(message);
        return;
      case 'request':
        // Harvesters call nothing on the nester yet; answering keeps a newer harvester informed.
        this.send({
          type: 'reply',
          id: message.id,
          error: { code: 'unknown_method', message: `cannot call ${message.method}: unknown method` },
        });
        return;
      case 'welcome':
      case 'revoked':
        void this.close(
          CLOSE_CODES.invalidFrame,
          `cannot accept ${message.type}: the nester sends it, not a harvester`,
        );
        return;
    }
  }

  private onHello(hello: HelloMessage): void {
    const now = this.clock();
    if (!SUPPORTED_VERSIONS.includes(hello.version)) {
      void this.close(
        CLOSE_CODES.invalidFrame,
        `cannot speak protocol version ${hello.version}: this nester speaks ${SUPPORTED_VERSIONS.join(', ')}`,
      );
      return;
    }
    if (now - this.lastHelloAt < MIN_HELLO_GAP_MS) {
      void this.close(
        CLOSE_CODES.invalidFrame,
        `cannot accept hello: more than one per ${MIN_HELLO_GAP_MS} ms`,
      );
      return;
    }
    this.lastHelloAt = now;
    this.events.onHello(this, hello).then(
      () => {
        if (this.state === 'closed') return;
        this.send({
          type: 'welcome',
          version: PROTOCOL_VERSION,
          name: this.peer.name,
          serverTime: this.clock(),
          heartbeatMs: this.heartbeatMs,
        });
        this.state = 'online';
        this.welcomed = true;
      },
      (err: unknown) => void this.close(1011, `cannot accept hello: ${describeError(err)}`),
    );
  }

  private onReply(reply: ReplyMessage): void {
    const p = this.pending.get(reply.id);
    // A reply to nothing (late, after a timeout, or made up) changes nothing: drop it.
    if (!p) return;
    this.pending.delete(reply.id);
    clearTimeout(p.timer);
    if ('result' in reply) p.resolve(reply.result);
    else p.reject(new TunnelError('remote', reply.error.message, reply.error.code));
  }
}
