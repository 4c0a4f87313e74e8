import type { Agent } from 'node:http';
import { request } from 'node:https';
import type { PeerCertificate } from 'node:tls';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { proxyForNester } from '../config/proxy.js';
import { pinnedIdentityCheck } from '../tunnel/server-identity.js';

/** One HTTPS call of the join: the CA fetch (unverified) or the join itself (CA pinned). */
export interface HttpsCall {
  readonly url: URL;
  readonly method: 'GET' | 'POST';
  /** Sent as JSON. */
  readonly body?: unknown;
  /**
   * The CA certificate (PEM) the nester must present a certificate from. `undefined` means the
   * nester is not verified at all, which is only right for fetching the CA whose hash is then
   * checked — nothing secret travels on that call.
   */
  readonly ca: string | undefined;
  readonly timeoutMs: number;
  /** Largest answer read, bytes; a larger one is an error (a hostile server cannot fill memory). */
  readonly maxBytes: number;
  /** The proxy for a URL, undefined for none; defaults to `HTTPS_PROXY`/`NO_PROXY` (`proxyForNester`). */
  readonly proxyFor?: (url: string) => string | undefined;
  /**
   * With a pinned CA: also require the certificate to name the host dialled. Off by default, as
   * for `harvester run` (`verifyServerName`): the nester's own CA signing it is the identity.
   */
  readonly verifyServerName?: boolean;
  /** Told when a certificate under another name was accepted thanks to the pinned CA. */
  readonly onNameTolerated?: (host: string, reason: string) => void;
}

/** What came back. */
export interface HttpsAnswer {
  readonly status: number;
  readonly text: string;
}

/**
 * Makes one HTTPS request, through the proxy the environment names (CONNECT, so TLS stays end to
 * end with the nester), with a timeout and a bound on the answer's size. Rejects with the
 * underlying error (TLS, network, timeout, size); the caller words it.
 */
export function httpsCall(call: HttpsCall): Promise<HttpsAnswer> {
  const proxy = (call.proxyFor ?? proxyForNester)(call.url.href);
  // The host is handed to the identity check here: through a proxy, https-proxy-agent leaves the
  // target host out of the TLS options, and Node would check an IP target as "localhost".
  const host = call.url.hostname.replace(/^\[(.*)\]$/, '$1');
  const identity = pinnedIdentityCheck({
    strict: call.verifyServerName ?? false,
    onTolerated: call.onNameTolerated,
  });
  const tls =
    call.ca === undefined
      ? { rejectUnauthorized: false }
      : {
          ca: [call.ca],
          rejectUnauthorized: true,
          checkServerIdentity: (_host: string, cert: PeerCertificate) => identity(host, cert),
        };
  // TLS options go with the request, not to the agent: there they would apply to an https://
  // proxy's own certificate, which the nester's CA did not sign.
  const agent: Agent | false = proxy === undefined || proxy === '' ? false : new HttpsProxyAgent(proxy);
  const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
  return new Promise<HttpsAnswer>((resolve, reject) => {
    const req = request(
      call.url,
      {
        method: call.method,
        agent,
        ...tls,
        headers: {
          accept: 'application/json, application/x-pem-file, text/plain',
          connection: 'close',
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > call.maxBytes)
            res.destroy(new Error(`the answer is larger than ${call.maxBytes} bytes`));
          else chunks.push(chunk);
        });
        res.on('error', reject);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.setTimeout(call.timeoutMs, () => req.destroy(new Error(`no answer within ${call.timeoutMs} ms`)));
    req.on('error', reject);
    req.on('close', () => {
      if (agent) agent.destroy();
    });
    req.end(payload);
  });
}
