export { describeConnectError } from './connect-errors.js';
export { dispatchRequest } from './dispatch.js';
export { echoSession } from './echo-session.js';
export type {
  RequestContext,
  RequestHandler,
  RequestHandlers,
  SessionHandler,
  SessionHandlers,
} from './handlers.js';
export { fitInventory } from './fit-inventory.js';
export { createHttpsFetch } from './https-fetch.js';
export { openSessionHandler, SessionOpenError } from './open-session.js';
export { defaultRequestHandlers, defaultSessionHandlers } from './registry.js';
export { pinnedIdentityCheck } from './server-identity.js';
export type { IdentityPolicy } from './server-identity.js';
export { createTransport } from './transport.js';
export type { PinnedTls, TransportOptions, TunnelTransport } from './transport.js';
export { createTunnelClient } from './tunnel-client.js';
export type { Timers, TunnelClient, TunnelClientOptions, TunnelState } from './tunnel-client.js';
