import { memoryScriptStore } from './runner.js';
import { describeConformanceScripts } from './suite.js';

// The scripts over the in-memory store; every storage engine runs the same suite over its own
// (test/postgres/promql-conformance.test.ts for PostgreSQL).
describeConformanceScripts('Prometheus conformance scripts', () =>
  Promise.resolve({ ...memoryScriptStore(), close: () => Promise.resolve() }),
);
