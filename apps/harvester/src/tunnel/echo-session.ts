import type { RawData } from 'ws';
import type { SessionHandler } from './handlers.js';

/**
 * The `echo` session kind: every message comes back as it was sent (text as text, bytes as
 * bytes). It exercises the session path end to end without a PTY or a VNC server.
 */
export const echoSession: SessionHandler = (socket) => {
  socket.on('message', (data: RawData, isBinary: boolean) => socket.send(data, { binary: isBinary }));
};
