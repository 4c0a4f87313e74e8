export { openPostgresStorage, redactUrl } from './open-postgres.js';
export type { PostgresStorage, PostgresStorageStats } from './postgres-storage.js';
export type { PostgresLogger, PostgresOptions, TimescaleChoice } from './options.js';
export type { SamplesLayout } from './migrations.js';
export type { WritePath } from './sample-writer.js';
