import type { FastifyBaseLogger, FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { InvalidInputError } from '@seahawks/model';
import { inventorySchema } from '../fleet/inventory-schema.js';
import { checkJoinLabels } from '../fleet/join-labels.js';
import { DEFAULT_JOIN_RATE_LIMIT, FailureRateLimiter } from '../fleet/join-rate-limit.js';
import { JoinTokenRefusedError } from '../fleet/join-token-errors.js';
import type { JoinTokenStore } from '../fleet/join-tokens.js';
import type { FleetRegistry } from '../fleet/registry.js';
import { sendApiError } from './envelope.js';

/** What `POST /tunnel/v1/join` needs; `AppDeps` plus a `joinTokens` store satisfies it. */
export interface JoinRouteDeps {
  readonly joinTokens: JoinTokenStore;
  readonly fleet: FleetRegistry;
  readonly clock: () => number;
  readonly logger: FastifyBaseLogger;
  /** Failed attempts per source address; defaults to 10 a minute. */
  readonly joinRateLimiter?: FailureRateLimiter;
}

/** The same rule as the registry's, checked here so a bad name is a 400 before any token work. */
const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,252}$/;
const joinBody = z
  .object({
    token: z.string().max(64),
    name: z.string().regex(NAME_RE, 'a node name is 1-253 of [a-zA-Z0-9._-], starting alphanumeric'),
    labels: z.record(z.string().max(64), z.string().max(256)).optional(),
    inventory: inventorySchema.optional(),
  })
  .strict();

const REFUSED =
  'cannot join: the join token is invalid, expired, used up or revoked; ask the operator for a new one (seahawks nester token create)';

/**
 * `POST /tunnel/v1/join` `{token, name, labels?, inventory?}` → `{name, credential, labels}`:
 * trades a join token for a harvester credential. Every refused token is the same 401 (the precise
 * reason goes to the nester's log); a name already enrolled is a 409; labels from the token win
 * over the harvester's own. Failed attempts are limited per source address (429 beyond).
 */
export function registerJoinRoutes(app: FastifyInstance, deps: JoinRouteDeps): void {
  const limiter = deps.joinRateLimiter ?? new FailureRateLimiter(DEFAULT_JOIN_RATE_LIMIT);
  app.post('/tunnel/v1/join', { bodyLimit: 64 * 1024 }, async (req, reply) => {
    const now = deps.clock();
    const source = rateKey(req.ip);
    const wait = limiter.retryAfter(source, now);
    if (wait > 0) {
      deps.logger.warn({ ip: req.ip }, 'join refused: too many failed attempts from this address');
      const seconds = Math.ceil(wait / 1000);
      return reply
        .code(429)
        .header('retry-after', String(seconds))
        .send({ error: `cannot join: too many failed attempts from ${req.ip}; retry in ${seconds} s` });
    }
    const fail = (status: number, error: string): FastifyReply => {
      limiter.fail(source, now);
      return reply.code(status).send({ error });
    };
    const parsed = joinBody.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return fail(400, `cannot join: ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
    }
    const { token, name, inventory } = parsed.data;
    let own: Record<string, string>;
    try {
      own = checkJoinLabels(parsed.data.labels ?? {}, `the labels of harvester "${name}"`);
    } catch (err) {
      return fail(400, (err as Error).message);
    }
    try {
      // Checked, not spent, until the name is known to be free: a 409 must not cost a use.
      deps.joinTokens.check(token, now);
      if (deps.fleet.byName(name)) return reply.code(409).send({ error: nameTaken(name) });
      const grant = await deps.joinTokens.consume(token, now);
      // The token is the operator's word: its labels win where they clash with the harvester's.
      const labels = { ...own, ...grant.labels };
      let credential: string;
      try {
        credential = await deps.fleet.enroll(name, labels, now);
      } catch (err) {
        await deps.joinTokens.release(grant.id);
        // Another join took the name between the check and the enrollment.
        if (err instanceof InvalidInputError && deps.fleet.byName(name))
          return reply.code(409).send({ error: nameTaken(name) });
        throw err;
      }
      const record = deps.fleet.byName(name);
      if (inventory && record) await deps.fleet.setInventory(record, inventory, now);
      deps.logger.info({ name, labels, token: grant.id, ip: req.ip }, 'harvester joined');
      return reply.send({ name, credential, labels });
    } catch (err) {
      if (err instanceof JoinTokenRefusedError) {
        deps.logger.warn(
          { ip: req.ip, name, token: err.tokenId, reason: err.reason },
          `join refused: ${err.message}`,
        );
        return fail(401, REFUSED);
      }
      return sendApiError(reply, err, deps);
    }
  });
}

function nameTaken(name: string): string {
  return (
    `cannot join as "${name}": a harvester of that name is already enrolled; ` +
    `join with another --name, or revoke the old one on the nester (seahawks nester harvesters revoke ${name})`
  );
}

/**
 * The key failures are counted under: the IPv4 address, or the /64 of an IPv6 one (one machine
 * usually holds a whole /64, so counting single addresses there would limit nothing).
 */
export function rateKey(ip: string): string {
  if (!ip.includes(':') || ip.startsWith('::ffff:')) return ip;
  const [head = '', tail = ''] = ip.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === '' ? [] : tail.split(':');
  const groups = [...h, ...new Array<string>(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}
