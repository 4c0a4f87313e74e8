import type { FastifyBaseLogger } from 'fastify';
import type { ApiTokenStore } from '../auth/api-tokens.js';
import type { SessionStore } from '../auth/sessions.js';
import type { UserStore } from '../auth/users.js';
import type { NesterConfig } from '../config/index.js';
import type { FleetRegistry, Presence } from '../fleet/registry.js';
import type { Appender, Querier } from '../storage/index.js';
import type { QueryService } from './query-service.js';

/** Everything the HTTP layer needs, built by `main.ts` (or by a test) and passed in. */
export interface AppDeps {
  readonly config: NesterConfig;
  /** Milliseconds since the epoch; injected so tests control time. */
  readonly clock: () => number;
  readonly logger: FastifyBaseLogger;
  readonly appender: Appender;
  readonly querier: Querier;
  readonly query: QueryService;
  readonly users: UserStore;
  readonly sessions: SessionStore;
  /** API tokens for automation and Grafana (`Bearer sht_…`). */
  readonly apiTokens: ApiTokenStore;
  readonly fleet: FleetRegistry;
  /** Who is connected (the tunnel hub); without it, online means heard from within `fleet.offlineAfter`. */
  readonly presence?: Presence;
  /** Text of the nester's own `/metrics`. */
  readonly selfMetrics: () => string;
}
