import { SeahawksError } from '@seahawks/model';

/** A receiver refused or did not answer; the delivery retries it. */
export class NotifyError extends SeahawksError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('notify', message, options);
  }
}

/** POSTs JSON and throws `NotifyError` unless the answer is 2xx. */
export async function postJson(
  url: string,
  body: unknown,
  timeoutMs: number,
  headers: Readonly<Record<string, string>> = {},
): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Seahawks-nester', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    throw new NotifyError(`cannot POST to ${redact(url)}: ${(err as Error).message}${cause}`, { cause: err });
  }
  const text = await res.text();
  if (res.status < 200 || res.status >= 300) {
    throw new NotifyError(`cannot POST to ${redact(url)}: HTTP ${res.status}: ${text.slice(0, 300)}`);
  }
}

/** A URL without its credentials, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.username || u.password) {
      u.username = '***';
      u.password = '';
    }
    return u.toString();
  } catch {
    return '<invalid URL>';
  }
}
