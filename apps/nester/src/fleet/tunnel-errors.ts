import { SeahawksError } from '@seahawks/model';

/**
 * Why a tunnel operation failed, as a stable code:
 * `offline` no control connection; `timeout` no answer in time; `closed` the connection ended
 * while waiting; `remote` the harvester answered with an error (its code is in `remoteCode`);
 * `session` a session socket could not be paired.
 */
export type TunnelErrorCode = 'offline' | 'timeout' | 'closed' | 'remote' | 'session';

/** A request, a session or a revocation over the tunnel failed. */
export class TunnelError extends SeahawksError {
  override readonly code: `tunnel_${TunnelErrorCode}`;

  constructor(
    code: TunnelErrorCode,
    message: string,
    readonly remoteCode?: string,
    options?: { cause?: unknown },
  ) {
    super(`tunnel_${code}`, message, options);
    this.code = `tunnel_${code}`;
  }
}

/**
 * A WebSocket close reason is at most 123 bytes of UTF-8 (RFC 6455 §5.5): longer ones make `ws`
 * throw. Cuts on a character boundary.
 */
export function closeReason(text: string): string {
  let out = text;
  while (Buffer.byteLength(out) > 123) out = out.slice(0, -1);
  return out;
}
