import type { FastifyInstance, FastifyRequest } from 'fastify';
import { describeError } from '@seahawks/model';
import type { WebSocket } from 'ws';
import { teamOf } from '../auth/access.js';
import { AsciicastRecorder } from './asciicast-recorder.js';
import type { AuditEntry } from './audit-types.js';
import { originProblem } from './origin-check.js';
import { asBuffer, relay } from './relay.js';
import type { RelayEnd } from './relay.js';
import { CLOSE } from './remote-deps.js';
import type { RemoteDeps } from './remote-deps.js';
import { auditStart, sessionAccess } from './session-access.js';
import { terminalOutcome, TerminalWatch } from './terminal-watch.js';

/** How long a harvester may take to open a session, ms. */
const OPEN_TIMEOUT_MS = 10_000;

type Kind = 'terminal' | 'desktop';
const SESSION_KIND: Record<Kind, string> = { terminal: 'pty', desktop: 'vnc' };

/**
 * The browser's session sockets: `GET /api/remote/terminal/:name?cols=&rows=` (terminal frames,
 * docs/remote.md) and `GET /api/remote/desktop/:name` (RFB, for noVNC). Before the upgrade: the
 * session cookie (the app's hook answers 401) and `Origin` (403). After it: access
 * (`canOperateHarvester`) and presence (closed 4403/4404 with the reason, audited as denied),
 * then the harvester's session socket through the tunnel, relayed both ways and audited.
 */
export function registerSessionRoutes(app: FastifyInstance, deps: RemoteDeps): void {
  for (const kind of ['terminal', 'desktop'] as const) {
    app.get<{ Params: { name: string } }>(
      `/api/remote/${kind}/:name`,
      {
        websocket: true,
        preHandler: async (req, reply) => {
          const problem = originProblem(req);
          if (problem === undefined) return;
          await deps.audit.deny(auditStart(req, kind, [req.params.name]), problem);
          await reply.code(403).send({ error: problem });
          return reply;
        },
      },
      (socket, req) => {
        serveSession(kind, socket, req as FastifyRequest<{ Params: { name: string } }>, deps).catch(
          (err: unknown) => {
            deps.logger.error({ err, harvester: req.params.name }, `${kind} session failed`);
            if (socket.readyState === socket.OPEN) socket.close(1011, 'internal error');
          },
        );
      },
    );
  }
}

async function serveSession(
  kind: Kind,
  browser: WebSocket,
  req: FastifyRequest<{ Params: { name: string } }>,
  deps: RemoteDeps,
): Promise<void> {
  const name = req.params.name;
  // Browser messages that arrive while the harvester dials back are kept, in order.
  const early: Buffer[] = [];
  const keep = (data: Buffer): void => void early.push(asBuffer(data));
  browser.on('message', keep);
  const verdict = sessionAccess(req, deps, kind, name);
  if (!verdict.ok) {
    await deps.audit.deny(auditStart(req, kind, [name]), verdict.reason);
    browser.close(verdict.code, verdict.reason.slice(0, 120));
    return;
  }
  const query = req.query as { cols?: string; rows?: string };
  const size = { cols: clampInt(query.cols, 80, 1000), rows: clampInt(query.rows, 24, 500) };
  const record = kind === 'terminal' && deps.recording.records(teamOf(verdict.harvester.labels));
  const entry = await deps.audit.start({ ...auditStart(req, kind, [name]), recorded: record });
  let harvester: WebSocket;
  try {
    harvester = await deps.hub.openSession(
      name,
      SESSION_KIND[kind],
      kind === 'terminal' ? size : {},
      OPEN_TIMEOUT_MS,
    );
  } catch (err) {
    const why = `cannot open a ${kind} on ${name}: ${describeError(err)}`;
    await deps.audit.end(entry, { outcome: 'failed', detail: why });
    browser.close(CLOSE.failed, why.slice(0, 120));
    return;
  }
  if (browser.readyState !== browser.OPEN) {
    harvester.close(1000, 'the browser left');
    await deps.audit.end(entry, {
      outcome: 'cancelled',
      detail: 'the browser left while the session opened',
    });
    return;
  }
  browser.off('message', keep);
  if (kind === 'terminal') {
    await relayTerminal(browser, harvester, early, entry, size, record, deps);
    return;
  }
  const end = await relayDesktop(browser, harvester, early);
  await deps.audit.end(entry, { ...desktopOutcome(end), bytesIn: end.bytesIn, bytesOut: end.bytesOut });
}

async function relayTerminal(
  browser: WebSocket,
  harvester: WebSocket,
  early: Buffer[],
  entry: AuditEntry,
  size: { cols: number; rows: number },
  record: boolean,
  deps: RemoteDeps,
): Promise<void> {
  const name = entry.harvesters[0]!;
  let recorder: AsciicastRecorder | undefined;
  if (record) {
    try {
      recorder = await AsciicastRecorder.create(
        deps.audit.recordingPath(entry.id),
        {
          width: size.cols,
          height: size.rows,
          timestamp: Math.floor(entry.startedAt / 1000),
          title: `${entry.user}@${name}`,
        },
        deps.clock,
      );
    } catch (err) {
      deps.logger.error({ err, harvester: name }, 'cannot record a terminal session; it goes on unrecorded');
    }
  }
  const watch = new TerminalWatch(recorder);
  browser.send(
    TerminalWatch.readyFrame({ id: entry.id, harvester: name, recording: recorder !== undefined }),
  );
  harvester.send('start');
  const end = await relay(browser, harvester, early, {
    fromBrowser: (b) => watch.fromBrowser(b),
    fromHarvester: (b) => watch.fromHarvester(b),
  });
  const failure = await recorder?.close();
  if (failure) deps.logger.error({ err: failure, harvester: name }, 'cannot write a terminal recording');
  await deps.audit.end(entry, {
    ...terminalOutcome(end, watch.exit, name),
    bytesIn: end.bytesIn,
    bytesOut: end.bytesOut,
  });
}

function relayDesktop(browser: WebSocket, harvester: WebSocket, early: Buffer[]): Promise<RelayEnd> {
  harvester.send('start');
  return relay(browser, harvester, early);
}

function desktopOutcome(end: RelayEnd): { outcome: 'ok' | 'failed'; detail?: string } {
  if (end.by === 'harvester' && end.code !== 1000) {
    return { outcome: 'failed', detail: `closed by the harvester (${end.code}): ${end.reason}` };
  }
  return { outcome: 'ok', detail: `closed by the ${end.by}` };
}

function clampInt(text: string | undefined, fallback: number, max: number): number {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= max ? n : fallback;
}
