import type { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { PeerCertificate } from 'node:tls';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { createHttpsFetch } from './https-fetch.js';
import { pinnedIdentityCheck } from './server-identity.js';

/** How to reach the nester: the CA to pin, the proxy, the name policy. */
export interface TransportOptions {
  /** The pinned CA (PEM), saved at join; undefined = the system's trusted CAs, names checked strictly. */
  readonly caPem: string | undefined;
  /** Where the CA came from, for error messages (its file). */
  readonly caSource: string;
  /** `http://proxy:3128` to tunnel through with CONNECT, or undefined for a direct connection. */
  readonly proxy: string | undefined;
  /** Check the certificate names the host dialled even with a pinned CA (see `pinnedIdentityCheck`). */
  readonly verifyServerName: boolean;
  /** Told when a certificate under another name was accepted thanks to the pinned CA. */
  readonly onNameTolerated?: (host: string, reason: string) => void;
  /**
   * The nester's host name as configured. Names are checked against it rather than against the
   * host Node passes: through a CONNECT proxy, https-proxy-agent leaves the target out of the
   * TLS options and Node would check an address against "localhost".
   */
  readonly host?: string;
}

/** TLS options every connection to the nester carries (`https.request`, `ws`, `tls.connect`). */
export interface PinnedTls {
  readonly ca?: string;
  readonly checkServerIdentity: (host: string, cert: PeerCertificate) => Error | undefined;
}

/**
 * Everything the harvester dials the nester with: the same pinned TLS and the same proxy for the
 * control WebSocket, the session sockets and the metrics POSTs (docs/decisions/0004-tunnel.md).
 */
export interface TunnelTransport {
  readonly tls: PinnedTls;
  readonly caSource: string;
  /** The proxy in use, for logs; undefined = direct. */
  readonly proxy: string | undefined;
  /** An agent for one WebSocket (upgraded sockets never return to a pool): the proxy's, or none. */
  webSocketAgent(): Agent | undefined;
  /** A fetch on `https.request` with the pinned TLS, through the proxy, keeping connections alive. */
  readonly fetch: typeof globalThis.fetch;
  /** Drops pooled connections. */
  close(): void;
}

/** Builds the transport; see `TunnelTransport`. */
export function createTransport(options: TransportOptions): TunnelTransport {
  const pinned = options.caPem !== undefined;
  const check = pinnedIdentityCheck({
    strict: !pinned || options.verifyServerName,
    onTolerated: options.onNameTolerated,
  });
  const host = options.host;
  const tls: PinnedTls = {
    ...(pinned ? { ca: options.caPem } : {}),
    checkServerIdentity: host === undefined ? check : (_h, cert) => check(host, cert),
  };
  // The TLS options go with each request, never to the proxy agent's constructor: there they
  // would apply to an https:// proxy's own certificate, which the nester's CA did not sign.
  const pool: Agent = options.proxy
    ? new HttpsProxyAgent(options.proxy, { keepAlive: true })
    : new HttpsAgent({ keepAlive: true, maxSockets: 4 });
  return {
    tls,
    caSource: options.caSource,
    proxy: options.proxy,
    webSocketAgent: () => (options.proxy ? new HttpsProxyAgent(options.proxy) : undefined),
    fetch: createHttpsFetch({ agent: pool, tls, caSource: options.caSource }),
    close: () => pool.destroy(),
  };
}
