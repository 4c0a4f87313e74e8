import { getProxyForUrl } from 'proxy-from-env';

/**
 * The proxy to reach the nester through, from `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY` (either
 * case) unless `NO_PROXY` matches, or undefined for a direct connection. Asked for the nester's
 * `https://` URL on purpose: the control connection's `wss://` URL would look for a `WSS_PROXY`
 * nobody sets. Both the WebSocket and the metrics POSTs use the answer (HTTP CONNECT, TLS end
 * to end). Lives in `config/` because it reads the environment (proxy-from-env reads `process.env`).
 */
export function proxyForNester(nesterUrl: string): string | undefined {
  const url = new URL(nesterUrl);
  url.protocol = 'https:';
  const proxy = getProxyForUrl(url.href);
  return proxy === '' ? undefined : proxy;
}
