import type { Agent, IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { describeConnectError } from './connect-errors.js';
import type { PinnedTls } from './transport.js';

/** Largest answer read, bytes: the nester's answers to a harvester are a few hundred bytes. */
const MAX_ANSWER_BYTES = 1 << 20;
/** Statuses whose `Response` must have no body. */
const NULL_BODY = new Set([204, 205, 304]);

/**
 * A `fetch` for the shipper on `https.request`, so its POSTs use the pinned CA and the proxy
 * agent (the global fetch takes neither). Supports what the shipper uses: a method, headers, a
 * string or byte body, an abort signal; answers are read whole (at most 1 MiB). Network and TLS
 * failures reject like undici's (`TypeError('fetch failed')`) with a worded `cause`.
 */
export function createHttpsFetch(opts: {
  agent: Agent;
  tls: PinnedTls;
  caSource: string;
}): typeof globalThis.fetch {
  return (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.protocol !== 'https:') {
      return Promise.reject(new TypeError(`cannot fetch ${url.href}: the nester is reached over https only`));
    }
    const body = init.body;
    if (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof Uint8Array)) {
      return Promise.reject(
        new TypeError(`cannot fetch ${url.href}: only string and byte bodies are supported`),
      );
    }
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    return new Promise<Response>((resolve, reject) => {
      const req = request(
        url,
        {
          method: init.method ?? 'GET',
          headers,
          agent: opts.agent,
          ...opts.tls,
          signal: init.signal ?? undefined,
        },
        (res) => readAnswer(res, resolve, reject),
      );
      req.on('error', (err: Error) => {
        if (err.name === 'AbortError') reject(err);
        else
          reject(
            new TypeError('fetch failed', {
              cause: new Error(describeConnectError(err, opts.caSource), { cause: err }),
            }),
          );
      });
      req.end(body ?? undefined);
    });
  };
}

function readAnswer(
  res: IncomingMessage,
  resolve: (r: Response) => void,
  reject: (err: Error) => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  res.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_ANSWER_BYTES)
      res.destroy(new Error(`cannot read the nester's answer: larger than ${MAX_ANSWER_BYTES} bytes`));
    else chunks.push(chunk);
  });
  res.on('error', (err) => reject(new TypeError('fetch failed', { cause: err })));
  res.on('end', () => {
    const status = res.statusCode ?? 0;
    if (status < 200 || status > 599) {
      reject(new TypeError('fetch failed', { cause: new Error(`unexpected HTTP status ${status}`) }));
      return;
    }
    const payload = NULL_BODY.has(status) ? null : Buffer.concat(chunks);
    resolve(
      new Response(payload, { status, statusText: res.statusMessage ?? '', headers: toHeaders(res.headers) }),
    );
  });
}

function toHeaders(raw: IncomingHttpHeaders): Headers {
  const h = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) h.append(name, v);
  }
  return h;
}
