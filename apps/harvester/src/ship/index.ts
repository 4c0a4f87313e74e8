export { backoffDelay, parseRetryAfter } from './backoff.js';
export { createShipper } from './shipper.js';
export type {
  BackoffOptions,
  FlushResult,
  Shipper,
  ShipperOptions,
  ShipperQueue,
  ShipperState,
  ShipperStats,
} from './types.js';
