// The PromQL engine: evaluates parsed expressions (@seahawks/promql) over a storage `Querier`
// with Prometheus 3's semantics. Layout: engine.ts (entry, options, result shaping via
// results.ts) → evaluator.ts (one `eval` per node type, steps, limits) → eval-*.ts (selectors,
// calls, aggregations, binary operators, subqueries) → functions/ (one file per family, each a
// table of definitions collected by functions/index.ts). conformance/ runs Prometheus' own test
// scripts against it; testing/ holds the in-memory querier and tree builders for tests.
export { createQueryEngine } from './engine.js';
export type { QueryEngine, QueryEngineOptions, QueryOptions } from './engine.js';
export { QueryError } from './errors.js';
export type { QueryErrorType } from './errors.js';
export { supportedFunctionNames } from './functions/index.js';
export type {
  MatrixElement,
  MatrixResult,
  QueryData,
  QueryResult,
  ScalarResult,
  StringResult,
  VectorElement,
  VectorResult,
} from './values.js';
