// A throwaway PostgreSQL server for tests and benchmarks outside the nester: `initdb` into a
// temporary directory, `postgres` on a free loopback port (as an unprivileged user when running
// as root), a database per caller, stop and restart for failure tests. The implementation lives
// beside the PostgreSQL engine because the nester's own tests start it too, and they may only
// import from the nester's src/ (its TypeScript project's root).
export { startTempPostgres } from '../../apps/nester/src/tsdb/postgres/temp-postgres.js';
export type { TempPostgres, TempPostgresOptions } from '../../apps/nester/src/tsdb/postgres/temp-postgres.js';
export { findPostgresBin } from '../../apps/nester/src/tsdb/postgres/temp-postgres-exec.js';
