import { describeConformanceScripts } from '../../apps/nester/src/query/conformance/suite.js';
import { postgresScriptStores } from './postgres-script-store.js';

// Prometheus' PromQL test scripts with the PostgreSQL engine as the store: the same runner and
// classification as the in-memory run (apps/nester/src/query/conformance/conformance.test.ts),
// each script file in a database of its own on a throwaway PostgreSQL.
describeConformanceScripts('Prometheus conformance scripts on the PostgreSQL engine', postgresScriptStores());
