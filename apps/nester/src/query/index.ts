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
