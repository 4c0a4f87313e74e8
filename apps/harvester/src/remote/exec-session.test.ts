import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RawData } from 'ws';
import { STDERR, STDOUT } from './exec-frames.js';
import type { ExecResult } from './exec-frames.js';
import { execSessionHandler } from './exec-session.js';
import { toBuffer } from './pty-session.js';
import { sessionPair } from './remote-test-pair.js';

interface Run {
  stdout: string;
  stderr: string;
  result: ExecResult | undefined;
  code: number;
}

async function run(command: unknown, timeoutMs: number | undefined, cancelAfterMs?: number): Promise<Run> {
  const pair = await sessionPair(execSessionHandler({ user: '', maxTimeoutMs: 5000, killGraceMs: 200 }), {
    command,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  try {
    const out: Run = { stdout: '', stderr: '', result: undefined, code: 0 };
    pair.client.on('message', (data: RawData, isBinary: boolean) => {
      const b = toBuffer(data);
      if (!isBinary) out.result = JSON.parse(b.toString('utf8')) as ExecResult;
      else if (b[0] === STDOUT) out.stdout += b.subarray(1).toString('utf8');
      else if (b[0] === STDERR) out.stderr += b.subarray(1).toString('utf8');
    });
    pair.start();
    if (cancelAfterMs !== undefined) {
      setTimeout(() => pair.client.send('{"type":"cancel"}'), cancelAfterMs);
    }
    out.code = await new Promise<number>((r) => pair.client.once('close', (c) => r(c)));
    return out;
  } finally {
    await pair.close();
  }
}

describe('exec session', () => {
  it('streams stdout and stderr and returns the exit code', async () => {
    const r = await run('echo out; echo err >&2; exit 7', 5000);
    assert.equal(r.stdout, 'out\n');
    assert.equal(r.stderr, 'err\n');
    assert.equal(r.result?.exitCode, 7);
    assert.equal(r.result?.outcome, 'exit');
    assert.equal(r.code, 1000);
  });

  it('kills the whole process group at the deadline', async () => {
    const started = Date.now();
    const r = await run('sleep 30 & sleep 30; echo never', 300);
    assert.equal(r.result?.outcome, 'timeout');
    assert.equal(r.result?.signal, 'SIGTERM');
    assert.ok(Date.now() - started < 3000);
  });

  it('cuts a timeout above the configured maximum', async () => {
    const r = await run('echo $$ >/dev/null; exit 0', 10_000_000);
    assert.equal(r.result?.outcome, 'exit');
  });

  it('cancels on request', async () => {
    const r = await run('echo started; sleep 30', 5000, 300);
    assert.equal(r.stdout, 'started\n');
    assert.equal(r.result?.outcome, 'cancelled');
  });

  it('refuses an empty command with an error result', async () => {
    const r = await run('   ', 1000);
    assert.equal(r.result?.outcome, 'error');
    assert.match(r.result?.message ?? '', /non-empty string/);
  });
});
