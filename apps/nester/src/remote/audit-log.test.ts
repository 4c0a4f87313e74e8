import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { auditCsv, auditJsonLines } from './audit-export.js';
import { AuditLog } from './audit-log.js';
import type { AuditEntry, AuditStart } from './audit-types.js';

let dir: string;
let now: number;
const clock = (): number => now;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seahawks-audit-'));
  now = Date.UTC(2025, 0, 2, 3, 4, 5);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const start = (over: Partial<AuditStart> = {}): AuditStart => ({
  kind: 'terminal',
  user: 'op',
  role: 'operator',
  via: 'session',
  remoteAddress: '127.0.0.1',
  harvesters: ['h1'],
  ...over,
});

describe('audit log', () => {
  it('keeps every entry across a restart, with how it ended', async () => {
    const log = await AuditLog.open(dir, clock);
    const t = await log.start(start({ recorded: true }));
    now += 1500;
    await log.end(t, {
      outcome: 'ok',
      bytesIn: 12,
      bytesOut: 3400,
      detail: 'the shell exited with status 0',
    });
    const r = await log.start(start({ kind: 'run', harvesters: ['h1', 'h2'], command: 'uname -n' }));
    now += 200;
    await log.end(r, {
      outcome: 'failed',
      results: {
        h1: { exitCode: 0, signal: null, outcome: 'exit' },
        h2: { exitCode: 1, signal: null, outcome: 'exit' },
      },
    });
    await log.deny(start({ user: 'viewer', role: 'viewer' }), 'viewers cannot open sessions');
    await log.close();

    const file = join(dir, 'audit.jsonl');
    assert.equal((await stat(file)).mode & 0o777, 0o600, 'only the nester reads it');
    assert.equal(
      (await readFile(file, 'utf8')).trim().split('\n').length,
      6,
      'an open and a close line each',
    );

    const again = await AuditLog.open(dir, clock);
    const [denied, run, term] = again.query({});
    assert.equal(term!.id, t.id);
    assert.deepEqual(
      {
        outcome: term!.outcome,
        durationMs: term!.durationMs,
        bytesIn: term!.bytesIn,
        bytesOut: term!.bytesOut,
      },
      { outcome: 'ok', durationMs: 1500, bytesIn: 12, bytesOut: 3400 },
    );
    assert.equal(term!.recorded, true);
    assert.equal(run!.command, 'uname -n');
    assert.equal(run!.results?.h2?.exitCode, 1);
    assert.equal(denied!.outcome, 'denied');
    assert.equal(denied!.detail, 'viewers cannot open sessions');
    await again.close();
  });

  it('marks sessions still open when the nester stopped as interrupted, and survives a torn last line', async () => {
    const log = await AuditLog.open(dir, clock);
    const open = await log.start(start({ kind: 'desktop' }));
    await log.close();
    await appendFile(join(dir, 'audit.jsonl'), '{"event":"close","id":"tor');
    const again = await AuditLog.open(dir, clock);
    assert.equal(again.get(open.id)?.outcome, 'interrupted');
    await again.close();
  });

  it('records an end once', async () => {
    const log = await AuditLog.open(dir, clock);
    const e = await log.start(start());
    await log.end(e, { outcome: 'cancelled' });
    await log.end(e, { outcome: 'ok' });
    assert.equal(log.get(e.id)?.outcome, 'cancelled');
    await log.close();
    assert.equal((await readFile(join(dir, 'audit.jsonl'), 'utf8')).trim().split('\n').length, 2);
  });

  it('answers queries newest first, filtered, limited and scoped', async () => {
    const log = await AuditLog.open(dir, clock);
    const made: AuditEntry[] = [];
    for (const [user, kind, harvester] of [
      ['op', 'terminal', 'h1'],
      ['op', 'desktop', 'h2'],
      ['admin', 'run', 'h1'],
      ['op', 'terminal', 'h3'],
    ] as const) {
      now += 1000;
      made.push(await log.start(start({ user, kind, harvesters: [harvester] })));
    }
    await log.end(made[1]!, { outcome: 'failed' });
    const ids = (q: Parameters<AuditLog['query']>[0], visible?: (e: AuditEntry) => boolean): number[] =>
      log.query(q, visible).map((e) => made.indexOf(made.find((m) => m.id === e.id)!));
    assert.deepEqual(ids({}), [3, 2, 1, 0]);
    assert.deepEqual(ids({ user: 'op' }), [3, 1, 0]);
    assert.deepEqual(ids({ kind: 'terminal' }), [3, 0]);
    assert.deepEqual(ids({ harvester: 'h1' }), [2, 0]);
    assert.deepEqual(ids({ outcome: 'failed' }), [1]);
    assert.deepEqual(ids({ since: made[1]!.startedAt, until: made[2]!.startedAt }), [2, 1]);
    assert.deepEqual(ids({ limit: 2 }), [3, 2]);
    assert.deepEqual(
      ids({}, (e) => !e.harvesters.includes('h3')),
      [2, 1, 0],
    );
    await log.close();
  });

  it('exports CSV that a spreadsheet cannot run, and JSON lines', async () => {
    const log = await AuditLog.open(dir, clock);
    const e = await log.start(
      start({ kind: 'run', harvesters: ['h1', 'h2'], command: '=HYPERLINK("http://x")' }),
    );
    now += 42;
    await log.end(e, {
      outcome: 'ok',
      detail: 'line one,\nline "two"',
      results: {
        h1: { exitCode: 0, signal: null, outcome: 'exit' },
        h2: { exitCode: null, signal: 9, outcome: 'timeout' },
      },
    });
    const entries = log.query({});
    const csv = auditCsv(entries);
    const [header, row, tail] = csv.split('\r\n');
    assert.equal(
      header,
      'id,kind,user,role,via,remoteAddress,harvesters,command,startedAt,endedAt,durationMs,bytesIn,bytesOut,outcome,detail,exitCodes,recorded',
    );
    assert.equal(tail, '', 'every row ends with CRLF');
    assert.ok(row!.includes(`,h1;h2,"'=HYPERLINK(""http://x"")",`), row);
    assert.ok(row!.includes(',2025-01-02T03:04:05.000Z,2025-01-02T03:04:05.042Z,42,0,0,ok,'), row);
    assert.ok(row!.includes(',"line one,\nline ""two""",h1=0;h2=timeout,no'), row);
    for (const lead of ['+', '-', '@']) {
      const cell = auditCsv([{ ...e, user: `${lead}1+1` }])
        .split('\r\n')[1]!
        .split(',')[2];
      assert.equal(cell, `"'${lead}1+1"`);
    }
    const lines = auditJsonLines(entries).trim().split('\n');
    assert.deepEqual(
      lines.map((l) => (JSON.parse(l) as AuditEntry).id),
      [e.id],
    );
    await log.close();
  });
});
