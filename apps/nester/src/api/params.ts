import { InvalidInputError } from '@seahawks/model';
import type { FastifyRequest } from 'fastify';

/**
 * Reads the Prometheus API's parameters from the query string and, for POST (and PUT for the
 * admin API), from a form-encoded body, as Go's `Request.Form` does: a body's values come
 * first, then the query string's. A single-valued parameter takes the first (the body wins);
 * a repeated one such as `match[]` keeps both lists.
 */
export function promParams(req: FastifyRequest): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (source: unknown): void => {
    if (typeof source !== 'object' || source === null) return;
    for (const [k, v] of Object.entries(source as Record<string, unknown>)) {
      const values = Array.isArray(v) ? v.map(String) : [String(v)];
      out.set(k, [...(out.get(k) ?? []), ...values]);
    }
  };
  if (req.method === 'POST' || req.method === 'PUT') add(req.body);
  add(req.query);
  return out;
}

export function requiredParam(params: Map<string, string[]>, name: string): string {
  const v = params.get(name)?.[0];
  if (v === undefined || v === '') throw new InvalidInputError(`invalid parameter "${name}": missing`);
  return v;
}

export function optionalParam(params: Map<string, string[]>, name: string): string | undefined {
  const v = params.get(name)?.[0];
  return v === undefined || v === '' ? undefined : v;
}
