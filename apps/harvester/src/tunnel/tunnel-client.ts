import { describeError } from '@seahawks/model';
import {
  CLOSE_CODES,
  CONTROL_PATH,
  decodeMessage,
  encodeMessage,
  MAX_FRAME_BYTES,
  PROTOCOL_VERSION,
  SILENCE_TIMEOUT_MS,
} from '@seahawks/protocol';
import type { TunnelInventory, TunnelMessage } from '@seahawks/protocol';
import { WebSocket } from 'ws';
import type { RawData } from 'ws';
import type { Logger } from '../queue/index.js';
import { backoffDelay } from '../ship/index.js';
import type { BackoffOptions } from '../ship/index.js';
import { HARVESTER_VERSION } from '../version.js';
import { describeConnectError } from './connect-errors.js';
import { dispatchRequest } from './dispatch.js';
import type { RequestContext, RequestHandlers, SessionHandlers } from './handlers.js';
import { defaultRequestHandlers, defaultSessionHandlers } from './registry.js';
import type { TunnelTransport } from './transport.js';

/**
 * `disconnected` not started; `connecting` TCP, TLS (proxy CONNECT) and the upgrade, where the
 * credential is checked; `authenticating` hello sent, waiting for welcome; `online`;
 * `backing_off` waiting to redial; `revoked` the nester revoked the credential (final);
 * `stopped` (final).
 */
export type TunnelState =
  'disconnected' | 'connecting' | 'authenticating' | 'online' | 'backing_off' | 'revoked' | 'stopped';

/** Timers, injected by tests. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface TunnelClientOptions {
  /** The nester's harvester endpoint, `https://host:5000`. */
  readonly nester: string;
  /** `shc_<id>_<secret>`, sent as `Authorization: Bearer …` on every connection. */
  readonly credential: string;
  readonly transport: TunnelTransport;
  /** Read at every connect and every `inventoryRefreshMs`; a change is sent as a new hello. */
  readonly inventory: () => Promise<TunnelInventory>;
  readonly logger: Logger;
  /** Request methods; default `open_session`. */
  readonly handlers?: RequestHandlers;
  /** Session kinds; default `echo`. */
  readonly sessions?: SessionHandlers;
  /** Redial backoff; default 1 s doubling to 60 s, up to half of it taken off at random. */
  readonly backoff?: BackoffOptions;
  /** ms since the epoch; default `Date.now`. */
  readonly clock?: () => number;
  /** Uniform in [0, 1), for the jitter; default `Math.random`. */
  readonly random?: () => number;
  readonly timers?: Timers;
  /** Redial when the nester is silent this long, ms. Default 5000. */
  readonly silenceMs?: number;
  /** Longest wait for the upgrade, then for the welcome, ms. Default 10 000 each. */
  readonly handshakeTimeoutMs?: number;
  /** How often the inventory is re-read while online, ms. Default 10 min. */
  readonly inventoryRefreshMs?: number;
  /** Told of every state change, with the reason of a failure. */
  readonly onStateChange?: (state: TunnelState, detail: string | undefined) => void;
}

export interface TunnelClient {
  /** Starts dialling (no-op unless `disconnected`). */
  start(): void;
  /** Closes the connection and stops redialling; resolves once the socket is closed. */
  stop(): Promise<void>;
  state(): TunnelState;
  /** The last failure (`cannot connect to …: …`), or undefined. */
  lastError(): string | undefined;
}

const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1000, maxMs: 60_000, factor: 2, jitter: 0.5 };

/**
 * The harvester's end of the tunnel (docs/decisions/0004-tunnel.md): one control WebSocket to
 * `wss://<nester>/tunnel/v1/control` over the pinned TLS and the proxy, hello with the inventory,
 * heartbeats answered, requests dispatched to handlers, redial with jittered exponential backoff
 * after any failure (reset once welcomed), and a full stop on `revoked` (or close 4001).
 */
export function createTunnelClient(options: TunnelClientOptions): TunnelClient {
  const clock = options.clock ?? Date.now;
  const random = options.random ?? Math.random;
  const timers: Timers = options.timers ?? {
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  };
  const silenceMs = options.silenceMs ?? SILENCE_TIMEOUT_MS;
  const handshakeMs = options.handshakeTimeoutMs ?? 10_000;
  const refreshMs = options.inventoryRefreshMs ?? 600_000;
  const handlers = options.handlers ?? defaultRequestHandlers();
  const url = new URL(CONTROL_PATH, options.nester);
  url.protocol = 'wss:';
  const ctx: RequestContext = {
    nester: options.nester,
    credential: options.credential,
    transport: options.transport,
    sessions: options.sessions ?? defaultSessionHandlers(),
    logger: options.logger,
  };

  let state: TunnelState = 'disconnected';
  let socket: WebSocket | undefined;
  let attempt = 0;
  let failure: string | undefined; // why the current connection ended
  let welcomed = false; // whether the current connection came online
  let revokedReason: string | undefined;
  let lastError: string | undefined;
  let lastFrameAt = 0;
  let sentInventory = '';
  let retryTimer: unknown;
  let watchTimer: unknown;
  let refreshTimer: unknown;
  let closed: Promise<void> = Promise.resolve();

  const setState = (next: TunnelState, detail?: string): void => {
    state = next;
    options.onStateChange?.(next, detail);
  };
  const send = (ws: WebSocket, message: TunnelMessage): void => {
    if (ws.readyState === ws.OPEN) ws.send(encodeMessage(message));
  };
  const drop = (ws: WebSocket, code: number, why: string): void => {
    failure ??= why;
    if (ws.readyState === ws.OPEN) ws.close(code, why.slice(0, 120));
    timers.setTimeout(() => ws.terminate(), 1000);
  };

  function connect(): void {
    failure = undefined;
    welcomed = false;
    setState('connecting');
    const ws = new WebSocket(url, {
      ...options.transport.tls,
      agent: options.transport.webSocketAgent(),
      headers: {
        authorization: `Bearer ${options.credential}`,
        'user-agent': `seahawks-harvester/${HARVESTER_VERSION}`,
      },
      handshakeTimeout: handshakeMs,
      maxPayload: MAX_FRAME_BYTES,
      perMessageDeflate: false,
    });
    socket = ws;
    closed = new Promise((resolve) =>
      ws.once('close', (code: number, reason: Buffer) => {
        onClose(ws, code, reason.toString());
        resolve();
      }),
    );
    ws.once('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      failure =
        status === 401 || status === 403
          ? `the nester refused this harvester's credential (HTTP ${status}): it was revoked, or belongs to another nester; join again`
          : `the nester answered HTTP ${status} instead of opening the tunnel`;
      ws.terminate();
    });
    ws.on('error', (err: Error) => {
      failure ??= describeConnectError(err, options.transport.caSource);
    });
    ws.once('open', () => {
      lastFrameAt = clock();
      setState('authenticating');
      watch(ws);
      sendHello(ws).catch((err: unknown) => drop(ws, 1011, `cannot send hello: ${describeError(err)}`));
    });
    ws.on('message', (data: RawData, isBinary: boolean) => receive(ws, data, isBinary));
  }

  async function sendHello(ws: WebSocket): Promise<void> {
    const inventory = await options.inventory();
    sentInventory = JSON.stringify(inventory);
    send(ws, { type: 'hello', version: PROTOCOL_VERSION, inventory });
  }

  /** Every second: drop a silent nester, or one that does not welcome us in time. */
  function watch(ws: WebSocket): void {
    timers.clearTimeout(watchTimer);
    if (socket !== ws || ws.readyState !== ws.OPEN) return;
    const quiet = clock() - lastFrameAt;
    if (state === 'authenticating' && quiet > handshakeMs)
      return drop(ws, CLOSE_CODES.silent, `no welcome within ${handshakeMs} ms`);
    if (state === 'online' && quiet > silenceMs)
      return drop(ws, CLOSE_CODES.silent, `the nester was silent for ${quiet} ms`);
    watchTimer = timers.setTimeout(() => watch(ws), 1000);
  }

  function receive(ws: WebSocket, data: RawData, isBinary: boolean): void {
    if (socket !== ws) return;
    lastFrameAt = clock();
    let message: TunnelMessage;
    try {
      if (isBinary) throw new Error('cannot decode tunnel frame: binary frames are not accepted');
      message = decodeMessage(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer));
    } catch (err) {
      return drop(ws, CLOSE_CODES.invalidFrame, describeError(err));
    }
    switch (message.type) {
      case 'welcome':
        attempt = 0;
        welcomed = true;
        if (state !== 'online') {
          setState('online');
          options.logger('info', `tunnel online: ${options.nester} knows this harvester as ${message.name}`, {
            proxy: options.transport.proxy,
          });
          scheduleRefresh(ws);
        }
        return;
      case 'heartbeat':
        return send(ws, { type: 'heartbeat', time: clock() });
      case 'request':
        void dispatchRequest(message, handlers, ctx).then((reply) => send(ws, reply));
        return;
      case 'revoked':
        revokedReason = message.reason;
        setState('revoked', message.reason);
        return;
      case 'hello':
      case 'reply':
        return drop(
          ws,
          CLOSE_CODES.invalidFrame,
          `cannot accept ${message.type}: a harvester sends it, not the nester`,
        );
    }
  }

  function scheduleRefresh(ws: WebSocket): void {
    timers.clearTimeout(refreshTimer);
    refreshTimer = timers.setTimeout(() => {
      if (socket !== ws || state !== 'online') return;
      options.inventory().then(
        (inventory) => {
          if (JSON.stringify(inventory) !== sentInventory)
            sendHello(ws).catch((err: unknown) =>
              options.logger('warn', `cannot send the inventory: ${describeError(err)}`),
            );
          scheduleRefresh(ws);
        },
        (err: unknown) => {
          options.logger('warn', `cannot read the inventory: ${describeError(err)}`);
          scheduleRefresh(ws);
        },
      );
    }, refreshMs);
  }

  function onClose(ws: WebSocket, code: number, reason: string): void {
    if (socket !== ws) return;
    socket = undefined;
    timers.clearTimeout(watchTimer);
    timers.clearTimeout(refreshTimer);
    const why = failure ?? `the connection closed (${code}${reason === '' ? '' : ` ${reason}`})`;
    if (state === 'stopped') return;
    if (state === 'revoked' || code === CLOSE_CODES.revoked) {
      lastError = `cannot stay connected to ${options.nester}: the nester revoked this harvester (${revokedReason ?? reason}); not reconnecting — join again with a new token`;
      if (state !== 'revoked') setState('revoked', reason);
      options.logger('error', lastError);
      return;
    }
    // A connection that never came online failed to connect; one that did was lost.
    lastError = `cannot ${welcomed ? 'keep the tunnel to' : 'connect to'} ${options.nester}: ${why}`;
    attempt += 1;
    const delay = backoffDelay(attempt, options.backoff ?? DEFAULT_BACKOFF, random);
    options.logger('warn', `${lastError}; retrying in ${delay} ms`);
    setState('backing_off', why);
    retryTimer = timers.setTimeout(connect, delay);
  }

  return {
    start: () => {
      if (state === 'disconnected') connect();
    },
    stop: async () => {
      const was = state;
      setState('stopped');
      timers.clearTimeout(retryTimer);
      timers.clearTimeout(watchTimer);
      timers.clearTimeout(refreshTimer);
      const ws = socket;
      if (ws && was !== 'revoked') {
        if (ws.readyState === ws.CONNECTING) ws.terminate();
        else drop(ws, 1000, 'harvester stopping');
      }
      await closed;
    },
    state: () => state,
    lastError: () => lastError,
  };
}
