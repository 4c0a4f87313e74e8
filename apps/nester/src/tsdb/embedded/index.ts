export { openEmbeddedStorage } from './open-embedded.js';
export type { EmbeddedStorage } from './embedded-storage.js';
export type { EmbeddedStorageStats } from './engine-stats.js';
export type { EmbeddedLogger, EmbeddedOptions } from './options.js';
