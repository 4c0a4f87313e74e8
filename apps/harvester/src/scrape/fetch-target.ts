import { describeError, SeahawksError } from '@seahawks/model';
import { HARVESTER_VERSION } from '../version.js';

/** Prometheus' Accept header for a scrape without protobuf: OpenMetrics first, then text 0.0.4. */
export const SCRAPE_ACCEPT =
  'application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.3,*/*;q=0.1';

/** Largest body (after decompression) a scrape reads, bytes; a bigger one fails the scrape. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** A scrape failed: unreachable, timed out, not 200, too big, unparsable, over a limit. */
export class ScrapeError extends SeahawksError {
  constructor(url: string, detail: string, options?: { cause?: unknown }) {
    super('scrape_failed', `cannot scrape ${url}: ${detail}`, options);
  }
}

/** A scraped body and the format its Content-Type names. */
export interface ScrapeBody {
  readonly text: string;
  /** `openmetrics` for `application/openmetrics-text`, else the text format 0.0.4. */
  readonly format: 'openmetrics' | 'text';
}

/** How fetchTarget fetches. */
export interface FetchTargetOptions {
  readonly url: string;
  readonly timeoutMs: number;
  /** Aborts the scrape (the harvester stops). */
  readonly stop?: AbortSignal;
  readonly maxBodyBytes?: number;
  readonly fetch?: typeof globalThis.fetch;
}

/**
 * GETs a target as Prometheus does: its Accept header, `X-Prometheus-Scrape-Timeout-Seconds`,
 * gzip accepted (fetch decompresses), redirects followed, only 200 accepted. The timeout covers
 * the whole scrape, body included; the body is read up to maxBodyBytes (default MAX_BODY_BYTES)
 * of decompressed text and the scrape fails beyond, so neither a runaway exporter nor a gzip
 * bomb can swell the harvester. Invalid UTF-8 becomes U+FFFD.
 * @throws ScrapeError `cannot scrape <url>: <cause>`.
 */
export async function fetchTarget(options: FetchTargetOptions): Promise<ScrapeBody> {
  const { url, timeoutMs, maxBodyBytes = MAX_BODY_BYTES } = options;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.stop === undefined ? timeout : AbortSignal.any([options.stop, timeout]);
  try {
    const res = await (options.fetch ?? globalThis.fetch)(url, {
      headers: {
        accept: SCRAPE_ACCEPT,
        'accept-encoding': 'gzip',
        'user-agent': `Seahawks-Harvester/${HARVESTER_VERSION}`,
        'x-prometheus-scrape-timeout-seconds': String(timeoutMs / 1000),
      },
      signal,
    });
    if (res.status !== 200) {
      await res.body?.cancel();
      throw new ScrapeError(url, `server returned HTTP status ${res.status} ${res.statusText}`.trimEnd());
    }
    const length = Number(res.headers.get('content-length') ?? 0);
    if (length > maxBodyBytes) {
      await res.body?.cancel();
      throw new ScrapeError(url, `body of ${length} bytes exceeds the limit of ${maxBodyBytes}`);
    }
    const text = new TextDecoder().decode(await readBounded(res, url, maxBodyBytes));
    const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    return { text, format: type === 'application/openmetrics-text' ? 'openmetrics' : 'text' };
  } catch (err) {
    if (err instanceof ScrapeError) throw err;
    if (timeout.aborted) throw new ScrapeError(url, `timed out after ${timeoutMs} ms`, { cause: err });
    if (options.stop?.aborted) throw new ScrapeError(url, 'the harvester is stopping', { cause: err });
    throw new ScrapeError(url, networkCause(err), { cause: err });
  }
}

/** The body, refused as soon as it grows past `max` bytes. */
async function readBounded(res: Response, url: string, max: number): Promise<Uint8Array> {
  if (res.body === null) return new Uint8Array();
  // lib.dom types the stream's chunks as any; fetch's are bytes.
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new ScrapeError(url, `body exceeds the limit of ${max} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** undici hides the useful part (ECONNREFUSED, a TLS error) in `cause`. */
function networkCause(err: unknown): string {
  const cause = err instanceof Error && err.cause !== undefined ? `: ${describeError(err.cause)}` : '';
  return `${describeError(err)}${cause}`;
}
