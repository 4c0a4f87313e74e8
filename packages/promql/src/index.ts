export * from './ast.js';
export { PromQLParseError } from './parser.js';
export type { FunctionSignature } from './functions.js';
export { FUNCTIONS, argumentCount, argumentType, getFunction } from './functions.js';
export { parseExpr } from './parser.js';
export { formatExpr } from './printer.js';
export { byteOffsetToIndex } from './source.js';
export { documentedType, valueTypeOf } from './check.js';
