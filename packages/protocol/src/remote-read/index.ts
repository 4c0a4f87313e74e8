export { decodeReadRequest, decodeReadResponse } from './decode.js';
export { encodeReadRequest, encodeReadResponse } from './encode.js';
export { READ_RESPONSE_SAMPLES, READ_RESPONSE_STREAMED_XOR_CHUNKS } from './types.js';
export type {
  DecodedReadRequest,
  DecodedReadResponse,
  ReadQuery,
  ReadQueryInput,
  ReadResultInput,
} from './types.js';
