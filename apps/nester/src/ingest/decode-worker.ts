// A remote_write decoder thread: uncompresses, decodes and checks request bodies, keeping the
// label runs it has seen, and hands back columns. One request at a time, in arrival order.
import { parentPort } from 'node:worker_threads';
import { describeError, InvalidInputError } from '@seahawks/model';
import { columnsTransfer, decodeRemoteWriteColumns } from './columnar-decode.js';
import type { DecodedColumns } from './columnar-decode.js';
import { LabelRunCache } from './label-run-cache.js';
import { ForbiddenSeriesError } from './validate.js';
import type { WriterIdentity } from './validate.js';

export interface DecodeRequest {
  readonly body: Uint8Array;
  readonly contentEncoding: string | undefined;
  readonly maxDecodedBytes: number;
  readonly writer: WriterIdentity | undefined;
}

/** Which error class the main thread re-creates: they decide the HTTP status. */
export type DecodeFailureKind = 'invalid' | 'forbidden' | 'internal';

export type DecodeReply =
  | { readonly ok: true; readonly columns: DecodedColumns }
  | { readonly ok: false; readonly kind: DecodeFailureKind; readonly message: string };

const cache = new LabelRunCache();

function handle(req: DecodeRequest): { reply: DecodeReply; transfer: ArrayBuffer[] } {
  try {
    const columns = decodeRemoteWriteColumns(
      req.body,
      req.contentEncoding,
      req.maxDecodedBytes,
      req.writer,
      cache,
    );
    return { reply: { ok: true, columns }, transfer: columnsTransfer(columns) };
  } catch (err) {
    const kind: DecodeFailureKind =
      err instanceof ForbiddenSeriesError
        ? 'forbidden'
        : err instanceof InvalidInputError
          ? 'invalid'
          : 'internal';
    return { reply: { ok: false, kind, message: describeError(err) }, transfer: [] };
  }
}

const port = parentPort;
if (port === null) throw new Error('cannot run the remote_write decoder: not in a worker thread');
port.on('message', (req: DecodeRequest) => {
  const { reply, transfer } = handle(req);
  port.postMessage(reply, transfer);
});
