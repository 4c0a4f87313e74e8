export { openEmbeddedStorage } from './open-embedded.js';
export type { EmbeddedStorage, EmbeddedStorageStats } from './embedded-storage.js';
export type { EmbeddedLogger, EmbeddedOptions } from './options.js';
