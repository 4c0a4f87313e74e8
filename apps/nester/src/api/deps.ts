import type { FastifyBaseLogger } from 'fastify';
import type { AlertingService } from '../alerting/alerting-service.js';
import type { ApiTokenStore } from '../auth/api-tokens.js';
import type { LoginThrottle } from '../auth/login-throttle.js';
import type { SessionStore } from '../auth/sessions.js';
import type { UserStore } from '../auth/users.js';
import type { NesterConfig } from '../config/index.js';
import type { JoinTokenStore } from '../fleet/join-tokens.js';
import type { FleetRegistry, Presence } from '../fleet/registry.js';
import type { Appender, Querier, Storage } from '../storage/index.js';
import type { QueryService } from './query-service.js';

/** Everything the HTTP layer needs, built by `main.ts` (or by a test) and passed in. */
export interface AppDeps {
  readonly config: NesterConfig;
  /** Milliseconds since the epoch; injected so tests control time. */
  readonly clock: () => number;
  readonly logger: FastifyBaseLogger;
  readonly appender: Appender;
  readonly querier: Querier;
  /** Deletion by matcher, for the admin API (`/api/v1/admin/tsdb/delete_series`). */
  readonly storageAdmin: Pick<Storage, 'deleteSeries' | 'cleanTombstones'>;
  readonly query: QueryService;
  readonly users: UserStore;
  readonly sessions: SessionStore;
  /** API tokens for automation and Grafana (`Bearer sht_…`). */
  readonly apiTokens: ApiTokenStore;
  readonly fleet: FleetRegistry;
  /** Who is connected (the tunnel hub); without it, online means heard from within `fleet.offlineAfter`. */
  readonly presence?: Presence;
  /** Rule evaluation, alerts and silences (absent in tests of the HTTP layer alone). */
  readonly alerting?: AlertingService;
  /** Text of the nester's own `/metrics`. */
  readonly selfMetrics: () => string;
  /** Failed-login throttle; absent, the app makes one with the default limits. */
  readonly loginThrottle?: LoginThrottle;
  /** Join tokens and credentials from the web UI (`/api/enrollment/*`); absent, those answer 503. */
  readonly enrollment?: EnrollmentDeps;
}

/** What the enrollment page needs: what the admin socket gets (fleet/admin-socket-routes.ts). */
export interface EnrollmentDeps {
  readonly joinTokens: JoinTokenStore;
  /**
   * The tunnel endpoint harvesters join, as other machines reach it (https://nester:5000); a
   * function because the endpoint listens after the UI app is built.
   */
  readonly tunnelUrl: () => string;
  /** `sha256:<hex>` of the CA harvesters pin. */
  readonly caHash: () => string;
  /** Revokes a credential and drops its tunnel; false when there is no such harvester. */
  readonly revokeHarvester: (name: string) => Promise<boolean>;
}
