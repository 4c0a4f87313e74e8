import { InvalidInputError } from '@seahawks/model';
import { PROTOCOL_VERSION } from '../version.js';
import { MAX_FRAME_BYTES, TUNNEL_MESSAGE_TYPES } from './messages.js';
import type { ReplyMessage, TunnelInventory, TunnelMessage, TunnelMessageType } from './messages.js';
import { describe, fail, readArray, readJson, readNumber, readObject, readString } from './validate.js';

const METHOD_RE = /^[a-z][a-z0-9_.]{0,63}$/;
const CODE_RE = /^[a-z][a-z0-9_]{0,63}$/;
const MAX_ID = 2 ** 31 - 1;
const MAX_TIME_MS = 2 ** 53 - 1;
const TEXT = 256;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes and validates one control frame. Everything a peer sends is hostile: the frame must be
 * at most `MAX_FRAME_BYTES` of UTF-8 JSON, one object of a known `type`, with exactly that type's
 * fields, every string, number and array bounded. Throws `InvalidInputError`
 * (`cannot decode tunnel frame: <path>: <problem>`) otherwise; the receiver closes with 1008.
 */
export function decodeMessage(frame: string | Uint8Array): TunnelMessage {
  const text = frameText(frame);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InvalidInputError(`cannot decode tunnel frame: not JSON: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return validateMessage(value);
}

/**
 * Encodes one message as a text frame, validating it as the receiver will (so a bug here shows
 * up at the sender). Throws `InvalidInputError` when it is invalid or larger than `MAX_FRAME_BYTES`.
 */
export function encodeMessage(message: TunnelMessage): string {
  const text = JSON.stringify(validateMessage(message));
  if (exceedsFrameLimit(text)) {
    throw new InvalidInputError(
      `cannot encode tunnel ${message.type}: ${encoder.encode(text).byteLength} bytes exceed the frame limit of ${MAX_FRAME_BYTES}`,
    );
  }
  return text;
}

/** Checks a parsed value is a valid `TunnelMessage`; returns a clean copy (no extra fields). */
export function validateMessage(value: unknown): TunnelMessage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail('(frame)', `expected an object, got ${describe(value)}`);
  }
  const type: unknown = Object.hasOwn(value, 'type') ? (value as { type: unknown }).type : undefined;
  if (typeof type !== 'string' || !TUNNEL_MESSAGE_TYPES.includes(type as TunnelMessageType)) {
    const shown = typeof type === 'string' ? `"${type.slice(0, 32)}"` : describe(type);
    fail('type', `unknown message type ${shown}`);
  }
  const t = type as TunnelMessageType;
  switch (t) {
    case 'hello': {
      const o = readObject(value, t, ['type', 'version', 'inventory']);
      return {
        type: t,
        version: readNumber(o.version, `${t}.version`, 1, 65535, true),
        inventory: readInventory(o.inventory, `${t}.inventory`),
      };
    }
    case 'welcome': {
      const o = readObject(value, t, ['type', 'version', 'name', 'serverTime', 'heartbeatMs']);
      return {
        type: t,
        version: readNumber(o.version, `${t}.version`, 1, 65535, true),
        name: readString(o.name, `${t}.name`, 253),
        serverTime: readNumber(o.serverTime, `${t}.serverTime`, 0, MAX_TIME_MS),
        heartbeatMs: readNumber(o.heartbeatMs, `${t}.heartbeatMs`, 100, 60_000, true),
      };
    }
    case 'heartbeat': {
      const o = readObject(value, t, ['type', 'time']);
      return { type: t, time: readNumber(o.time, `${t}.time`, 0, MAX_TIME_MS) };
    }
    case 'request': {
      const o = readObject(value, t, ['type', 'id', 'method', 'params']);
      return {
        type: t,
        id: readNumber(o.id, `${t}.id`, 0, MAX_ID, true),
        method: readString(o.method, `${t}.method`, 64, METHOD_RE),
        params: readJson(o.params, `${t}.params`),
      };
    }
    case 'reply':
      return readReply(value);
    case 'revoked': {
      const o = readObject(value, t, ['type', 'reason']);
      return { type: t, reason: readString(o.reason, `${t}.reason`, 1024) };
    }
  }
}

function readReply(value: unknown): ReplyMessage {
  const o = readObject(value, 'reply', ['type', 'id', 'result', 'error'], ['type', 'id']);
  const id = readNumber(o.id, 'reply.id', 0, MAX_ID, true);
  const hasResult = Object.hasOwn(o, 'result');
  if (hasResult === Object.hasOwn(o, 'error')) fail('reply', 'expected exactly one of "result" and "error"');
  if (hasResult) return { type: 'reply', id, result: readJson(o.result, 'reply.result') };
  const e = readObject(o.error, 'reply.error', ['code', 'message']);
  return {
    type: 'reply',
    id,
    error: {
      code: readString(e.code, 'reply.error.code', 64, CODE_RE),
      message: readString(e.message, 'reply.error.message', 4096),
    },
  };
}

const INVENTORY_FIELDS = [
  'hostname',
  'os',
  'kernel',
  'arch',
  'cpus',
  'cpuModel',
  'memoryBytes',
  'ips',
  'bootTime',
  'version',
] as const;

/** The same bounds as the nester's former `POST /api/agent/hello` (strings ≤ 256, ≤ 256 IPs). */
function readInventory(value: unknown, path: string): TunnelInventory {
  const o = readObject(value, path, INVENTORY_FIELDS, []);
  const out: Record<string, unknown> = {};
  for (const key of INVENTORY_FIELDS) {
    if (!Object.hasOwn(o, key)) continue;
    const p = `${path}.${key}`;
    switch (key) {
      case 'cpus':
        out[key] = readNumber(o[key], p, 0, 1_000_000, true);
        break;
      case 'memoryBytes':
        out[key] = readNumber(o[key], p, 0, 2 ** 60);
        break;
      case 'bootTime':
        out[key] = readNumber(o[key], p, 0, 2 ** 40);
        break;
      case 'ips':
        out[key] = readArray(o[key], p, 256, (v, ip) => readString(v, ip, 64));
        break;
      default:
        out[key] = readString(o[key], p, TEXT);
    }
  }
  return out;
}

function frameText(frame: string | Uint8Array): string {
  if (typeof frame === 'string') {
    if (exceedsFrameLimit(frame)) {
      throw new InvalidInputError(
        `cannot decode tunnel frame: larger than the limit of ${MAX_FRAME_BYTES} bytes`,
      );
    }
    return frame;
  }
  if (frame.byteLength > MAX_FRAME_BYTES) {
    throw new InvalidInputError(
      `cannot decode tunnel frame: ${frame.byteLength} bytes exceed the limit of ${MAX_FRAME_BYTES}`,
    );
  }
  try {
    return decoder.decode(frame);
  } catch (err) {
    throw new InvalidInputError('cannot decode tunnel frame: not valid UTF-8', { cause: err });
  }
}

/** True when `text` is more than `MAX_FRAME_BYTES` of UTF-8. */
function exceedsFrameLimit(text: string): boolean {
  // Each UTF-16 unit is one to three UTF-8 bytes: decide without encoding where the bounds allow.
  if (text.length > MAX_FRAME_BYTES) return true;
  if (text.length * 3 <= MAX_FRAME_BYTES) return false;
  return encoder.encode(text).byteLength > MAX_FRAME_BYTES;
}

/** The protocol versions this build speaks; a peer's `hello` must name one of them. */
export const SUPPORTED_VERSIONS: readonly number[] = [PROTOCOL_VERSION];
