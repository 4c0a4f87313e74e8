/**
 * The one way the UI talks to the nester: same-origin `fetch` with the session cookie, the CSRF
 * header on every write, JSON in and out, and errors as data. Any 401 calls the registered
 * unauthorized handler (the app shows the login page) unless the caller opts out (the login form,
 * for which a 401 means "wrong password").
 */

/** Header the nester requires on every cookie-authenticated non-GET request. */
export const CSRF_HEADER = 'X-Seahawks-CSRF';

/** A failed API call: `status` is the HTTP status, 0 when the nester could not be reached. */
export class ApiError extends Error {
  override readonly name: string = 'ApiError';
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Sent as JSON when defined. */
  body?: unknown;
  signal?: AbortSignal;
  /** Call the unauthorized handler on a 401 (default true). */
  notifyUnauthorized?: boolean;
}

let unauthorizedHandler: () => void = () => undefined;

/** Registers what happens when the session is gone (one handler; the last call wins). */
export function setUnauthorizedHandler(handler: () => void): void {
  unauthorizedHandler = handler;
}

/** Performs one API request; resolves to the parsed JSON body (undefined for an empty body). */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') headers[CSRF_HEADER] = '1';
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (cause) {
    if (isAbort(cause)) throw cause;
    throw new ApiError(`cannot reach the nester (${method} ${path}): ${describe(cause)}`, 0, null, { cause });
  }
  const body = await readBody(response);
  if (response.ok) return body as T;
  if (response.status === 401 && options.notifyUnauthorized !== false) unauthorizedHandler();
  const detail = errorText(body) ?? `HTTP ${response.status} ${response.statusText}`.trim();
  throw new ApiError(detail, response.status, body);
}

/** True for the rejection of an aborted fetch (a superseded refresh, an unmounted page). */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function errorText(body: unknown): string | undefined {
  if (typeof body === 'string' && body.trim() !== '') return body.trim().slice(0, 300);
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const error = body.error;
    if (typeof error === 'string' && error !== '') return error;
  }
  return undefined;
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
