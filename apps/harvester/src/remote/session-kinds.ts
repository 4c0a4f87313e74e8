import { join } from 'node:path';
import { parseDuration } from '@seahawks/model';
import type { Logger } from '../queue/index.js';
import { echoSession } from '../tunnel/echo-session.js';
import type { SessionHandler, SessionHandlers } from '../tunnel/handlers.js';
import type { RemoteConfig } from './config-schema.js';
import { DesktopSupervisor } from './desktop-supervisor.js';
import { execSessionHandler } from './exec-session.js';
import { ptySessionHandler } from './pty-session.js';
import { vncSessionHandler } from './vnc-session.js';

/** The session kinds a harvester serves, and what must stop with it (the managed desktop). */
export interface RemoteSessions {
  readonly handlers: SessionHandlers;
  close(): Promise<void>;
}

/**
 * Session kinds from the `remote:` config (docs/remote.md): `echo` always, `pty`, `vnc` and
 * `exec` unless switched off (a switched-off kind answers `unknown_session_kind`).
 */
export function remoteSessions(config: RemoteConfig, dataDir: string, logger: Logger): RemoteSessions {
  const kinds = new Map<string, SessionHandler>([['echo', echoSession]]);
  const { terminal, desktop, exec } = config;
  if (terminal.enabled) {
    kinds.set(
      'pty',
      ptySessionHandler({
        user: terminal.user,
        shell: terminal.shell,
        idleMs: parseDuration(terminal.idleTimeout),
      }),
    );
  }
  let supervisor: DesktopSupervisor | undefined;
  if (desktop.enabled) {
    const m = desktop.managed;
    supervisor = m.enabled
      ? new DesktopSupervisor({
          display: m.display,
          geometry: m.geometry,
          startup: m.startup,
          idleStopMs: parseDuration(m.idleStop),
          stateDir: join(dataDir, 'desktop'),
          logger,
        })
      : undefined;
    const [, host = '127.0.0.1', port = '5902'] = /^\[?(.*?)\]?:(\d+)$/.exec(desktop.vnc) ?? [];
    kinds.set(
      'vnc',
      vncSessionHandler({
        host,
        port: Number(port),
        ...(desktop.passwordFile === undefined ? {} : { passwordFile: desktop.passwordFile }),
        ...(supervisor ? { supervisor } : {}),
      }),
    );
  }
  if (exec.enabled) {
    kinds.set('exec', execSessionHandler({ user: exec.user, maxTimeoutMs: parseDuration(exec.maxTimeout) }));
  }
  return { handlers: kinds, close: async () => supervisor?.close() };
}
