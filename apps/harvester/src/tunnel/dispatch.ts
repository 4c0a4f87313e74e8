import { describeError, SeahawksError } from '@seahawks/model';
import type { JsonValue, ReplyMessage, RequestMessage } from '@seahawks/protocol';
import type { RequestContext, RequestHandlers } from './handlers.js';

/** Error codes a reply may carry: `[a-z][a-z0-9_]*`, as the protocol requires. */
const CODE_RE = /^[a-z][a-z0-9_]{0,63}$/;
/** Longest error message a reply carries (the protocol's bound). */
const MAX_MESSAGE = 4096;

/**
 * Runs the handler of a request and builds its reply; never throws. An unknown method is an
 * `unknown_method` error; a handler's error keeps its `code` when it is a `SeahawksError`.
 */
export async function dispatchRequest(
  request: RequestMessage,
  handlers: RequestHandlers,
  ctx: RequestContext,
): Promise<ReplyMessage> {
  const handler = handlers.get(request.method);
  if (!handler) {
    return replyError(
      request.id,
      'unknown_method',
      `cannot call ${request.method}: this harvester has no such method`,
    );
  }
  try {
    const result: JsonValue = await handler(request.params, ctx);
    return { type: 'reply', id: request.id, result };
  } catch (err) {
    const code = err instanceof SeahawksError && CODE_RE.test(err.code) ? err.code : 'internal';
    ctx.logger('warn', `cannot answer ${request.method} (request ${request.id}): ${describeError(err)}`);
    return replyError(request.id, code, describeError(err));
  }
}

function replyError(id: number, code: string, message: string): ReplyMessage {
  return { type: 'reply', id, error: { code, message: message.slice(0, MAX_MESSAGE) } };
}
