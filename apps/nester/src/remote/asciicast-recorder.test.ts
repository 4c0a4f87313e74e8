import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { AsciicastRecorder } from './asciicast-recorder.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seahawks-cast-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('asciicast recorder', () => {
  it('writes asciicast v2: header, output as UTF-8 text (a character cut in two kept whole), resizes', async () => {
    let now = 10_000;
    const path = join(dir, 'x.cast');
    const rec = await AsciicastRecorder.create(
      path,
      { width: 80, height: 24, timestamp: 10, title: 'op@h1' },
      () => now,
    );
    const euro = Buffer.from('€', 'utf8');
    now += 250;
    rec.output(Buffer.concat([Buffer.from('a'), euro.subarray(0, 1)]));
    now += 250;
    rec.output(euro.subarray(1));
    rec.resize(100, 30);
    assert.equal(await rec.close(), undefined);
    const [header, ...events] = (await readFile(path, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    assert.deepEqual(header, {
      version: 2,
      width: 80,
      height: 24,
      timestamp: 10,
      title: 'op@h1',
      env: { TERM: 'xterm-256color' },
    });
    assert.deepEqual(events, [
      [0.25, 'o', 'a'],
      [0.5, 'o', '€'],
      [0.5, 'r', '100x30'],
    ]);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
  });

  it('gathers lines instead of writing each keystroke’s echo, and has them on disk soon after', async () => {
    const path = join(dir, 'y.cast');
    const rec = await AsciicastRecorder.create(
      path,
      { width: 80, height: 24, timestamp: 0, title: 't' },
      Date.now,
    );
    for (const c of 'hello') rec.output(Buffer.from(c));
    await new Promise((r) => setTimeout(r, 400));
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    assert.equal(lines.length, 6, 'the header and five echoes, written within the flush period');
    await rec.close();
  });

  it('refuses to overwrite a recording', async () => {
    const path = join(dir, 'z.cast');
    const rec = await AsciicastRecorder.create(
      path,
      { width: 1, height: 1, timestamp: 0, title: '' },
      Date.now,
    );
    await rec.close();
    await assert.rejects(
      AsciicastRecorder.create(path, { width: 1, height: 1, timestamp: 0, title: '' }, Date.now),
      /EEXIST/,
    );
  });
});
