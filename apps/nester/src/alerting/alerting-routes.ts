// Seahawks' own alerting API under `/api/alerting/`: the alerts page (alerts with resolved ones
// and silences, history, dead letters), rule files (read by anyone; validated, written, deleted
// and reloaded by admins only), silences and maintenance windows (operators and admins).
// Everyone sees the rules; alerts, history, undelivered notifications and silences only as far
// as their teams go (alert-scope.ts; the decisions are auth/access.ts's and auth/roles.ts's).
import { labelsToRecord } from '@seahawks/model';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../api/deps.js';
import { sendApiError } from '../api/envelope.js';
import { allowed } from '../api/guard.js';
import { TEAM_LABEL } from '../auth/access.js';
import { can } from '../auth/roles.js';
import type { Principal } from '../auth/roles.js';
import { AlertScope } from './alert-scope.js';
import type { AlertingService } from './alerting-service.js';
import { goJsonTime, promRule } from './prom-api-format.js';
import { parseRuleFile } from './rules/rule-file.js';
import { formatProblem } from './rules/rule-types.js';
import { silenceInputSchema, silenceStatus } from './silences/silence.js';
import type { Matcher, Silence } from './silences/silence.js';

/** History entries and dead letters the alerts page shows at most. */
const PAGE_LIMIT = 200;

export function registerAlertingRoutes(app: FastifyInstance, deps: AppDeps): void {
  const svc = (reply: FastifyReply): AlertingService | undefined => {
    if (!deps.alerting) void reply.code(503).send({ error: 'alerting is switched off (alerting.enabled)' });
    return deps.alerting;
  };

  app.get('/api/alerting/alerts', (req, reply) => {
    const s = svc(reply);
    if (!s) return reply;
    const now = deps.clock();
    const scope = AlertScope.of(req.principal);
    return reply.send({
      alerts: listAlerts(s, scope, now),
      history: s.history.filter((e) => scope.seesHistory(e)).slice(0, PAGE_LIMIT),
      deadLetters: s
        .deadLetters()
        .filter((d) => scope.seesDeadLetter(d))
        .slice(0, PAGE_LIMIT),
    });
  });

  app.get('/api/alerting/rules', (req, reply) => {
    const s = svc(reply);
    if (!s) return reply;
    const scope = AlertScope.of(req.principal);
    const groups = s.groups().map((g) => ({
      name: g.spec.name,
      file: g.spec.file,
      interval: g.intervalMs / 1000,
      lastEvaluation: goJsonTime(g.lastEvaluation),
      evaluationTime: g.durationMs / 1000,
      rules: g.rules.map((_r, i) => promRule(g, i, scope, true)),
    }));
    const files = [...s.sources.files.values()].map((f) => ({
      name: f.name,
      origin: f.origin,
      editable: f.origin !== 'builtin',
      text: f.text,
      loadedAt: f.loadedAt,
      rejectedText: f.rejectedText,
      problems: f.problems.map((p) => ({ ...p, message: formatProblem(p) })),
    }));
    const p = req.principal;
    return reply.send({ groups, files, canEdit: p !== undefined && can(p, 'edit_rules') });
  });

  app.post<{ Body: { name?: unknown; text?: unknown } }>(
    '/api/alerting/rule-files/validate',
    (req, reply) => {
      const s = svc(reply);
      if (!s || !allowed(req, reply, 'edit_rules', 'validate rule files')) return reply;
      const r = parseRuleFile(textOf(req.body?.name, 'rules.yml'), textOf(req.body?.text, ''));
      return reply.send({
        ok: r.ok,
        problems: r.ok ? [] : r.problems.map((p) => ({ ...p, message: formatProblem(p) })),
      });
    },
  );

  app.put<{ Body: { name?: unknown; text?: unknown } }>('/api/alerting/rule-files', async (req, reply) => {
    const s = svc(reply);
    if (!s || !allowed(req, reply, 'edit_rules', 'edit rule files')) return reply;
    try {
      const name = textOf(req.body?.name, '');
      const text = textOf(req.body?.text, '');
      const path = s.sources.files.has(name) ? name : s.sources.uiPath(name);
      const problems = await s.writeFile(path, text);
      if (problems.length > 0) {
        return reply.code(400).send({
          error: `cannot save ${path}: ${problems.length} problem(s), the previous rules keep running`,
          problems: problems.map((p) => ({ ...p, message: formatProblem(p) })),
        });
      }
      deps.logger.info({ file: path, by: principalName(req.principal) }, 'rule file saved');
      return reply.send({ ok: true, name: path });
    } catch (err) {
      return sendApiError(reply, err, deps);
    }
  });

  app.delete<{ Querystring: { name?: string } }>('/api/alerting/rule-files', async (req, reply) => {
    const s = svc(reply);
    if (!s || !allowed(req, reply, 'edit_rules', 'delete rule files')) return reply;
    try {
      const removed = await s.removeFile(String(req.query.name ?? ''));
      return removed ? reply.send({ ok: true }) : reply.code(404).send({ error: 'no such rule file' });
    } catch (err) {
      return sendApiError(reply, err, deps);
    }
  });

  app.post('/api/alerting/reload', async (req, reply) => {
    const s = svc(reply);
    if (!s || !allowed(req, reply, 'edit_rules', 'reload rule files')) return reply;
    const refused = await s.reload();
    return reply.send({
      ok: refused.length === 0,
      refused: refused.map((f) => ({ name: f.name, problems: f.problems.map(formatProblem) })),
    });
  });

  app.get('/api/alerting/silences', (req, reply) => {
    const s = svc(reply);
    if (!s) return reply;
    const now = deps.clock();
    const scope = AlertScope.of(req.principal);
    const teams = scope.silenceTeams();
    return reply.send({
      silences: s.silences
        .list(now)
        .filter((x) => scope.seesSilence(x.matchers))
        .map((x) => silenceJson(x, now)),
      // What the UI's form needs: whether this person may silence, and the teams to pin to.
      canCreate: teams === undefined || teams.length > 0,
      ...(teams !== undefined ? { teams } : {}),
    });
  });

  app.post('/api/alerting/silences', async (req, reply) => {
    const s = svc(reply);
    if (!s || !allowed(req, reply, 'manage_alerts', 'create silences')) return reply;
    const parsed = silenceInputSchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return reply
        .code(400)
        .send({ error: `cannot create silence: ${issue.path.join('.')}: ${issue.message}` });
    }
    const scope = AlertScope.of(req.principal);
    if (!scope.maySilence(parsed.data.matchers)) {
      return reply.code(403).send({ error: pinProblem(req.principal, parsed.data.matchers) });
    }
    try {
      const now = deps.clock();
      const created = await s.silences.create(parsed.data, principalName(req.principal), now);
      return reply.code(201).send({ silence: silenceJson(created, now) });
    } catch (err) {
      return sendApiError(reply, err, deps);
    }
  });

  app.delete<{ Params: { id: string } }>('/api/alerting/silences/:id', async (req, reply) => {
    const s = svc(reply);
    if (!s || !allowed(req, reply, 'manage_alerts', 'expire silences')) return reply;
    const scope = AlertScope.of(req.principal);
    const found = s.silences.get(req.params.id);
    // A silence of another team is not there, as far as this person can tell.
    if (!found || !scope.seesSilence(found.matchers))
      return reply.code(404).send({ error: 'no active silence with that id' });
    if (!scope.maySilence(found.matchers))
      return reply.code(403).send({ error: 'cannot expire the silence: it is not one of your teams' });
    const ok = await s.silences.expire(req.params.id, deps.clock());
    return ok ? reply.send({ ok: true }) : reply.code(404).send({ error: 'no active silence with that id' });
  });
}

/** A string field of a JSON body; anything else reads as `fallback`. */
function textOf(v: unknown, fallback: string): string {
  return typeof v === 'string' ? v : fallback;
}

function principalName(p: Principal | undefined): string {
  return p?.name ?? 'unknown';
}

function silenceJson(s: Silence, now: number) {
  return {
    ...s,
    startsAt: new Date(s.startsAt).toISOString(),
    endsAt: new Date(s.endsAt).toISOString(),
    createdAt: new Date(s.createdAt).toISOString(),
    status: silenceStatus(s, now),
  };
}

/** Why a silence was refused to an operator bound to teams (silences must name one of them). */
function pinProblem(p: Principal | undefined, matchers: readonly Matcher[]): string {
  const teams = p?.kind === 'user' ? [...p.teams].sort() : [];
  if (teams.length === 0)
    return 'cannot create silence: you belong to no team, so there is no alert you may silence';
  const given = matchers.find((m) => m.name === TEAM_LABEL);
  const why = given
    ? `its team matcher (team${given.isEqual ? '' : '!'}${given.isRegex ? '~' : '='}"${given.value}") is not one of them`
    : 'it has no team matcher, so it could mute the alerts of other teams';
  return `cannot create silence: add the matcher team="<team>" for one of your teams (${teams.join(', ')}); ${why}`;
}

/** Every visible alert (pending, firing, resolved within 15 min) with its rule and silences. */
function listAlerts(s: AlertingService, scope: AlertScope, now: number) {
  return s.groups().flatMap((g) =>
    g.rules.flatMap((r) => {
      if (r.kind !== 'alert') return [];
      return [...r.active.values()]
        .filter((a) => a.state !== 'inactive' || a.firedAt !== 0)
        .flatMap((a) => {
          const labels = labelsToRecord(a.labels);
          if (!scope.sees(labels)) return [];
          return {
            rule: r.name,
            group: g.spec.name,
            file: g.spec.file,
            state: a.state === 'inactive' ? 'resolved' : a.state,
            labels,
            annotations: a.annotations,
            value: a.value,
            activeAt: a.activeAt,
            firedAt: a.firedAt || undefined,
            resolvedAt: a.resolvedAt || undefined,
            silencedBy: a.state === 'inactive' ? [] : s.silences.silencedBy(labels, now),
          };
        });
    }),
  );
}
