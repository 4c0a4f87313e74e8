/**
 * The tunnel's control protocol (docs/decisions/0004-tunnel.md): JSON text frames on the control
 * WebSocket between a harvester and the nester. Every frame is one `TunnelMessage`.
 */

/** Largest frame either side accepts, bytes (UTF-8). */
export const MAX_FRAME_BYTES = 1 << 20;
/** How often each side hears a heartbeat when nothing else flows, ms. */
export const HEARTBEAT_INTERVAL_MS = 2000;
/** A peer silent this long (no frame at all) is gone: offline on the nester, redial on the harvester, ms. */
export const SILENCE_TIMEOUT_MS = 5000;

/** WebSocket close codes the tunnel uses. 1008 is the standard "policy violation". */
export const CLOSE_CODES = {
  /** A frame was invalid (or arrived out of order); the reason says why. */
  invalidFrame: 1008,
  /** The same harvester opened a newer control connection. */
  replaced: 4000,
  /** The harvester's credential was revoked: do not reconnect. */
  revoked: 4001,
  /** No frame within `SILENCE_TIMEOUT_MS`. */
  silent: 4002,
  /** The nester is shutting down; reconnect later. */
  shutdown: 1001,
} as const;

/** Any JSON value; what `request` params and `reply` results carry. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** What a harvester tells about its machine (SPEC §2 Inventory). Every field optional, all bounded. */
export interface TunnelInventory {
  readonly hostname?: string;
  readonly os?: string;
  readonly kernel?: string;
  readonly arch?: string;
  readonly cpus?: number;
  readonly cpuModel?: string;
  readonly memoryBytes?: number;
  readonly ips?: readonly string[];
  /** Unix seconds. */
  readonly bootTime?: number;
  readonly version?: string;
}

/** Harvester → nester, first frame on every connection and again whenever the inventory changes. */
export interface HelloMessage {
  readonly type: 'hello';
  /** The sender's `PROTOCOL_VERSION`. */
  readonly version: number;
  readonly inventory: TunnelInventory;
}

/** Nester → harvester, the answer to `hello`: from here on the harvester is online. */
export interface WelcomeMessage {
  readonly type: 'welcome';
  readonly version: number;
  /** The harvester's name as the nester knows it (from its credential). */
  readonly name: string;
  /** The nester's clock, ms since the epoch. */
  readonly serverTime: number;
  /** How often the nester sends heartbeats, ms. */
  readonly heartbeatMs: number;
}

/** Both ways: the nester every `heartbeatMs`, the harvester in answer to each. */
export interface HeartbeatMessage {
  readonly type: 'heartbeat';
  /** The sender's clock, ms since the epoch. */
  readonly time: number;
}

/** Nester → harvester: call `method`; the harvester answers with a `reply` of the same id. */
export interface RequestMessage {
  readonly type: 'request';
  /** Unique among the sender's requests in flight, 0 ≤ id < 2^31. */
  readonly id: number;
  /** `[a-z][a-z0-9_.]*`, at most 64 characters. */
  readonly method: string;
  readonly params: JsonValue;
}

/** A failed request: a stable code and a `cannot <verb> <object>: <cause>` message. */
export interface ReplyError {
  readonly code: string;
  readonly message: string;
}

/** Harvester → nester: the outcome of a request, exactly one of `result` and `error`. */
export type ReplyMessage =
  | { readonly type: 'reply'; readonly id: number; readonly result: JsonValue }
  | { readonly type: 'reply'; readonly id: number; readonly error: ReplyError };

/** Nester → harvester: the credential is revoked; the connection closes with 4001 next. */
export interface RevokedMessage {
  readonly type: 'revoked';
  readonly reason: string;
}

/** Every control frame. Switch exhaustively on `type`. */
export type TunnelMessage =
  HelloMessage | WelcomeMessage | HeartbeatMessage | RequestMessage | ReplyMessage | RevokedMessage;

export type TunnelMessageType = TunnelMessage['type'];

/** Every `type` a frame may carry; anything else is refused. */
export const TUNNEL_MESSAGE_TYPES: readonly TunnelMessageType[] = [
  'hello',
  'welcome',
  'heartbeat',
  'request',
  'reply',
  'revoked',
];
