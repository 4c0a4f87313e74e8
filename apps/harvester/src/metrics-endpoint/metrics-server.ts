import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { describeError, InvalidInputError, SeahawksError } from '@seahawks/model';
import type { MetricFamily } from '../collectors/collector.js';
import { LISTEN_ADDRESS } from '../config/schema.js';
import { formatText, TEXT_CONTENT_TYPE } from '../exposition/text-format.js';

const gzipAsync = promisify(gzip);

/** What startMetricsEndpoint serves and where. */
export interface MetricsEndpointOptions {
  /** `host:port` (config `metricsListen`); port 0 takes a free port. */
  readonly listen: string;
  /**
   * The node collectors' families of the latest interval, undefined before the first
   * collection. Read on every scrape; a new array (not a mutated one) marks a new collection.
   */
  readonly families: () => readonly MetricFamily[] | undefined;
  readonly logger?: (level: 'warn', message: string) => void;
}

/** A listening endpoint. */
export interface MetricsEndpoint {
  /** `http://host:port/`, with the port actually bound. */
  readonly url: string;
  /** Stops listening and closes every connection, idle or not. */
  close(): Promise<void>;
}

/** The cannot-listen error: the address is taken or not this machine's. */
export class ListenError extends SeahawksError {
  constructor(listen: string, cause: unknown) {
    super('listen_failed', `cannot listen on ${listen} for /metrics: ${describeError(cause)}`, { cause });
  }
}

const LANDING_PAGE = `<html>
<head><title>Seahawks harvester</title></head>
<body>
<h1>Seahawks harvester</h1>
<p><a href="/metrics">Metrics</a></p>
</body>
</html>
`;

/**
 * Serves the node collectors' metrics as node_exporter does: `GET /metrics` in the text format
 * 0.0.4 (`TEXT_CONTENT_TYPE`), gzip-compressed when the request accepts gzip; `/` a page that
 * links to it; 404 elsewhere, 405 for methods other than GET and HEAD; 503 until the first
 * collection. It serves the last interval's families instead of collecting on each scrape: the
 * machine is read once per interval however many scrape it, stateful collectors (cpu) never run
 * twice at once, and a local Prometheus sees exactly what was shipped to the nester. The text
 * and its gzip form are made once per collection.
 * @throws ListenError when the address cannot be bound.
 */
export async function startMetricsEndpoint(options: MetricsEndpointOptions): Promise<MetricsEndpoint> {
  const { host, port } = splitListen(options.listen);
  const render = renderer();
  const server: Server = createServer((req, res) => {
    handle(req, res, options.families, render).catch((err: unknown) => {
      options.logger?.(
        'warn',
        `cannot serve ${req.url ?? '/'} of the /metrics endpoint: ${describeError(err)}`,
      );
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end();
    });
  });
  // Bounded waits: a client that trickles its request cannot hold a socket for long.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new ListenError(options.listen, err)));
    server.listen({ host, port }, resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

type Render = (families: readonly MetricFamily[], gzip: boolean) => Promise<Buffer>;

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  latest: () => readonly MetricFamily[] | undefined,
  render: Render,
): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
    res.end('405 method not allowed\n');
  } else if (path === '/metrics') {
    const families = latest();
    if (families === undefined) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' });
      res.end('no collection yet\n');
      return;
    }
    const gzipped = acceptsGzip(req.headers['accept-encoding']);
    const body = await render(families, gzipped);
    res.writeHead(200, {
      'content-type': TEXT_CONTENT_TYPE,
      'content-length': body.length,
      vary: 'Accept-Encoding',
      ...(gzipped ? { 'content-encoding': 'gzip' } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  } else if (path === '/') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(req.method === 'HEAD' ? undefined : LANDING_PAGE);
  } else {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('404 page not found\n');
  }
}

/** The text of a collection and its gzip form, each made once (concurrent scrapes share it). */
function renderer(): Render {
  let cache: { families: readonly MetricFamily[]; text: Buffer; gzipped?: Promise<Buffer> } | undefined;
  return (families, compressed) => {
    if (cache?.families !== families) cache = { families, text: Buffer.from(formatText(families)) };
    if (!compressed) return Promise.resolve(cache.text);
    cache.gzipped ??= gzipAsync(cache.text);
    return cache.gzipped;
  };
}

/** Whether Accept-Encoding allows gzip: `gzip` or `*`, without `q=0`. */
export function acceptsGzip(header: string | undefined): boolean {
  for (const part of (header ?? '').split(',')) {
    const [coding = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (coding !== 'gzip' && coding !== '*') continue;
    const q = params.find((p) => p.startsWith('q='));
    if (q === undefined || Number(q.slice(2)) > 0) return true;
  }
  return false;
}

/** `127.0.0.1:9100` → host and port; `[::1]:9100` → `::1` and 9100. */
export function splitListen(listen: string): { host: string; port: number } {
  const m = LISTEN_ADDRESS.exec(listen);
  if (m === null)
    throw new InvalidInputError(`cannot listen on ${JSON.stringify(listen)}: expected host:port`);
  const host = listen.slice(0, listen.length - m[1]!.length - 1).replace(/^\[(.*)\]$/, '$1');
  return { host, port: Number(m[1]) };
}
