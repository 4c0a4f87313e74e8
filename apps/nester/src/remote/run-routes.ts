import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AuditEntry, AuditOutcome, HostResult } from './audit-types.js';
import type { RemoteDeps } from './remote-deps.js';
import { runOnHost } from './run-host.js';
import type { HostRun, RunEvent } from './run-host.js';
import { resolveSelection, selectionSchema } from './run-selection.js';
import { auditStart } from './session-access.js';

const runBody = z
  .object({
    command: z.string().min(1).max(65_536),
    /** Seconds; the harvester cuts it to its own `remote.exec.maxTimeout`. */
    timeout: z.number().positive().max(86_400).default(60),
    targets: selectionSchema,
  })
  .strict();

/** At most this many harvesters are dialled at once; the rest wait their turn. */
const PARALLEL = 32;

interface ActiveRun {
  readonly entry: AuditEntry;
  cancel(): void;
}

/**
 * Run-command: `POST /api/remote/run` with `{command, timeout?, targets: {names?, labels?, team?}}`
 * answers a stream of JSON lines (`application/x-ndjson`): `run` (id, targets, refused, unknown),
 * then `output` and `result` per harvester as they come, then `end`. Cookie callers need the CSRF
 * header (the app's hook); viewers get 403. `POST /api/remote/runs/:id/cancel` stops a run (its
 * user or an admin); so does dropping the response. Every run is one audit entry.
 */
export function registerRunRoutes(app: FastifyInstance, deps: RemoteDeps): void {
  const active = new Map<string, ActiveRun>();
  app.post('/api/remote/run', async (req, reply) => {
    const p = req.principal;
    if (p?.kind !== 'user') return reply.code(403).send({ error: 'cannot run commands: users only' });
    const parsed = runBody.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return reply.code(400).send({
        error: `cannot run: ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}; expected {command, timeout?, targets: {names?, labels?, team?}}`,
      });
    }
    const { command, timeout, targets } = parsed.data;
    const sel = resolveSelection(targets, deps.fleet, p);
    if (p.role === 'viewer' || (sel.targets.length === 0 && sel.refused.length > 0)) {
      const why = 'cannot run commands: viewers cannot operate harvesters';
      const denied =
        p.role === 'viewer' ? why : 'cannot run: none of the selected harvesters is yours to operate';
      await deps.audit.deny(auditStart(req, 'run', [...sel.targets, ...sel.refused], command), denied);
      return reply.code(403).send({ error: denied, refused: sel.refused });
    }
    if (sel.targets.length === 0) {
      return reply
        .code(404)
        .send({ error: 'cannot run: the selection matches no harvester', unknown: sel.unknown });
    }
    const entry = await deps.audit.start(auditStart(req, 'run', sel.targets, command));
    return stream(reply, deps, active, { entry, command, timeoutMs: timeout * 1000, sel });
  });

  app.post<{ Params: { id: string } }>('/api/remote/runs/:id/cancel', (req, reply) => {
    const p = req.principal;
    const run = active.get(req.params.id);
    if (!run || p?.kind !== 'user' || (p.role !== 'admin' && p.name !== run.entry.user)) {
      return reply
        .code(404)
        .send({ error: `cannot cancel run ${req.params.id}: no such run of yours in progress` });
    }
    run.cancel();
    return reply.send({ cancelled: req.params.id });
  });
}

interface RunPlan {
  readonly entry: AuditEntry;
  readonly command: string;
  readonly timeoutMs: number;
  readonly sel: { targets: string[]; refused: string[]; unknown: string[] };
}

function stream(
  reply: FastifyReply,
  deps: RemoteDeps,
  active: Map<string, ActiveRun>,
  plan: RunPlan,
): FastifyReply {
  const out = new PassThrough();
  const write = (o: object): void => {
    if (!out.writableEnded) out.write(`${JSON.stringify(o)}\n`);
  };
  const { entry, sel } = plan;
  write({
    type: 'run',
    id: entry.id,
    command: plan.command,
    targets: sel.targets,
    refused: sel.refused,
    unknown: sel.unknown,
  });
  let cancelled = false;
  const runs: HostRun[] = [];
  const cancel = (): void => {
    cancelled = true;
    for (const r of runs) r.cancel();
  };
  active.set(entry.id, { entry, cancel });
  // The client hung up before the end: nobody reads the output any more, so stop the run.
  reply.raw.on('close', () => {
    if (!out.writableEnded) cancel();
  });
  void (async () => {
    const results: Record<string, HostResult> = {};
    let bytesOut = 0;
    const queue = [...sel.targets];
    const worker = async (): Promise<void> => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
        const run = runOnHost(
          deps.hub,
          name,
          plan.command,
          plan.timeoutMs,
          (e: RunEvent) => write(e),
          deps.clock,
        );
        runs.push(run);
        if (cancelled) run.cancel();
        const r = await run.done;
        bytesOut += r.bytes;
        results[name] = {
          exitCode: r.exitCode,
          signal: r.signal,
          outcome: r.outcome,
          ...(r.message ? { message: r.message } : {}),
        };
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
    const outcome = runOutcome(results, cancelled);
    await deps.audit.end(entry, { outcome, results, bytesIn: Buffer.byteLength(plan.command), bytesOut });
    active.delete(entry.id);
    write({ type: 'end', id: entry.id, outcome, durationMs: deps.clock() - entry.startedAt });
    out.end();
  })().catch((err: unknown) => {
    deps.logger.error({ err, run: entry.id }, 'run-command failed');
    active.delete(entry.id);
    out.end();
  });
  return reply.type('application/x-ndjson; charset=utf-8').header('cache-control', 'no-store').send(out);
}

function runOutcome(results: Record<string, HostResult>, cancelled: boolean): Exclude<AuditOutcome, 'open'> {
  if (cancelled) return 'cancelled';
  const all = Object.values(results);
  if (all.some((r) => r.outcome === 'timeout')) return 'timeout';
  return all.every((r) => r.outcome === 'exit' && r.exitCode === 0) ? 'ok' : 'failed';
}
