export { decodeWriteRequest } from './decode.js';
export { decodeKnownRun, decodeWriteRequestColumns } from './columns.js';
export type { ColumnarWriteRequest, LabelRunLookup } from './columns.js';
export { encodeWriteRequest } from './encode.js';
export { snappyCompress, snappyDeclaredLength, snappyUncompress } from './snappy.js';
export type {
  DecodedWriteRequest,
  RemoteWriteSeries,
  RemoteWriteSeriesInput,
  SkippedParts,
} from './types.js';
