import { describeError } from '@seahawks/model';
import { parseRetryAfter } from './backoff.js';
import { classifyStatus } from './request.js';
import type { Verdict } from './request.js';
import type { ShipperOptions } from './types.js';

/** How much of the nester's answer goes into logs: enough for its error message, no more. */
const MAX_MESSAGE_CHARS = 512;

export interface SendOutcome {
  readonly verdict: Verdict;
  /** HTTP status, undefined when no answer came (network error, timeout). */
  readonly status: number | undefined;
  /** For failures: `cannot send … to <url>: <cause>`, with the nester's own message. */
  readonly message: string;
  readonly retryAfterMs: number | undefined;
}

/**
 * POSTs one remote_write body and classifies the outcome; never throws. A network error or a
 * timeout is a `retry`. `stop` aborts the request (the batches stay queued).
 */
export async function post(
  options: Pick<ShipperOptions, 'url' | 'fetch' | 'timeoutMs'>,
  headers: Record<string, string>,
  body: Uint8Array,
  stop: AbortSignal,
  clock: () => number,
): Promise<SendOutcome> {
  const fetchFn = options.fetch ?? globalThis.fetch;
  const what = `cannot send remote_write request (${body.length} bytes) to ${options.url}`;
  let res: Response;
  try {
    const signal = AbortSignal.any([stop, AbortSignal.timeout(options.timeoutMs ?? 30_000)]);
    res = await fetchFn(options.url, { method: 'POST', headers, body, signal });
  } catch (err) {
    return {
      verdict: 'retry',
      status: undefined,
      message: `${what}: ${networkCause(err)}`,
      retryAfterMs: undefined,
    };
  }
  const verdict = classifyStatus(res.status);
  const text = await readMessage(res, verdict === 'ok');
  const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), clock());
  const message = verdict === 'ok' ? '' : `${what}: HTTP ${res.status}${text === '' ? '' : ` ${text}`}`;
  return { verdict, status: res.status, message, retryAfterMs };
}

/** Reads (a bounded prefix of) the answer's text; always consumes the body so the socket is reused. */
async function readMessage(res: Response, discard: boolean): Promise<string> {
  try {
    const text = await res.text();
    if (discard) return '';
    const flat = text.trim().replace(/\s+/g, ' ');
    return flat.length > MAX_MESSAGE_CHARS ? `${flat.slice(0, MAX_MESSAGE_CHARS)}…` : flat;
  } catch (err) {
    return `(answer unreadable: ${describeError(err)})`;
  }
}

/** undici hides the useful part (ECONNREFUSED, a TLS error) in `cause`. */
function networkCause(err: unknown): string {
  const cause = err instanceof Error && err.cause !== undefined ? `: ${describeError(err.cause)}` : '';
  return `${describeError(err)}${cause}`;
}
