export { acceptsGzip, ListenError, splitListen, startMetricsEndpoint } from './metrics-server.js';
export type { MetricsEndpoint, MetricsEndpointOptions } from './metrics-server.js';
