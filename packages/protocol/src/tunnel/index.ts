export { decodeMessage, encodeMessage, SUPPORTED_VERSIONS, validateMessage } from './codec.js';
export {
  CLOSE_CODES,
  HEARTBEAT_INTERVAL_MS,
  MAX_FRAME_BYTES,
  SILENCE_TIMEOUT_MS,
  TUNNEL_MESSAGE_TYPES,
} from './messages.js';
export type {
  HeartbeatMessage,
  HelloMessage,
  JsonValue,
  ReplyError,
  ReplyMessage,
  RequestMessage,
  RevokedMessage,
  TunnelInventory,
  TunnelMessage,
  TunnelMessageType,
  WelcomeMessage,
} from './messages.js';
export {
  CA_PATH,
  CONTROL_PATH,
  OPEN_SESSION_METHOD,
  parseOpenSessionParams,
  SESSION_KIND_RE,
  SESSION_PATH_PREFIX,
  SESSION_TOKEN_RE,
} from './session.js';
export type { OpenSessionParams } from './session.js';
export { MAX_JSON_DEPTH, MAX_JSON_ENTRIES, MAX_JSON_STRING } from './validate.js';
