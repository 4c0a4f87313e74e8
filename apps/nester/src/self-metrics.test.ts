import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { labelsFromRecord } from '@seahawks/model';
import { startTestNester } from './testing/test-app.js';
import type { TestNester } from './testing/test-app.js';

describe("the nester's /metrics: storage figures", () => {
  let n: TestNester;
  before(async () => {
    n = await startTestNester();
  });
  after(() => n.close());

  it('reports appended and rejected samples by reason, head series, chunks, WAL and compactions', async () => {
    const labels = labelsFromRecord({ __name__: 'm', job: 'x' });
    const now = Date.now();
    await n.deps.appender.append([{ labels, samples: [{ t: now, v: 1 }] }]);
    await n.deps.appender.append([{ labels, samples: [{ t: now, v: 2 }] }]);
    const res = await n.app.inject({ method: 'GET', url: '/metrics', headers: { cookie: n.adminCookie } });
    assert.equal(res.statusCode, 200);
    const text = res.body;
    for (const line of text.split('\n')) {
      if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
      assert.match(line, /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? \S+$/, `a sample line: ${line}`);
    }
    const value = (series: string): number => {
      const line = text.split('\n').find((l) => l.startsWith(`${series} `));
      assert.ok(line !== undefined, `${series} in /metrics`);
      return Number(line.split(' ')[1]);
    };
    assert.equal(value('seahawks_storage_samples_appended_total'), 1);
    assert.equal(value('seahawks_storage_samples_rejected_total{reason="duplicate_timestamp"}'), 1);
    assert.equal(value('seahawks_storage_samples_rejected_total{reason="too_old"}'), 0);
    assert.equal(value('seahawks_storage_head_series'), 1);
    assert.equal(value('seahawks_storage_head_chunks'), 1);
    assert.ok(value('seahawks_storage_wal_bytes') > 0);
    assert.equal(value('seahawks_storage_compaction_duration_seconds_count'), 0);
    assert.match(text, /# TYPE seahawks_storage_compaction_duration_seconds summary/);
    assert.equal(value('seahawks_storage_wal_corruptions_repaired_total'), 0);
  });
});
