export { crc32 } from './crc32.js';
export { DiskQueue } from './disk-queue.js';
export { QueueClosedError, QueueError } from './types.js';
export type {
  BatchMeta,
  Clock,
  DiskQueueOptions,
  Logger,
  LogLevel,
  QueuedBatch,
  QueueStats,
} from './types.js';
