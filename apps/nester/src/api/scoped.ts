import { scopeKey, seriesScope } from '../auth/access.js';
import type { Principal } from '../auth/roles.js';
import { scopedQuerier } from '../storage/scoped-querier.js';
import type { Querier } from '../storage/index.js';
import type { AppDeps } from './deps.js';
import { createPromQueryService } from './prom-query-service.js';
import type { QueryService } from './query-service.js';

/** The querier and PromQL service a principal may use: its teams' series only (auth/access.ts). */
export interface ScopedServices {
  readonly querier: Querier;
  readonly query: QueryService;
}

// One service per distinct scope, not per request: a scope is a handful of teams, so the cache
// stays as small as the number of team combinations in use.
const cache = new WeakMap<AppDeps, Map<string, ScopedServices>>();

export function scopedServices(deps: AppDeps, principal: Principal): ScopedServices {
  const scope = seriesScope(principal);
  if (scope.kind === 'all') return { querier: deps.querier, query: deps.query };
  let perDeps = cache.get(deps);
  if (!perDeps) cache.set(deps, (perDeps = new Map<string, ScopedServices>()));
  const key = scopeKey(scope);
  let services = perDeps.get(key);
  if (!services) {
    const querier = scopedQuerier(deps.querier, scope);
    services = { querier, query: createPromQueryService(querier, deps.config.query) };
    perDeps.set(key, services);
  }
  return services;
}
