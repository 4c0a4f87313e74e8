import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { validateNesterConfig } from './config/index.js';
import { openStorage } from './storage-factory.js';

const quiet = { warn: () => undefined, info: () => undefined };

describe('storage engine choice', () => {
  it('validates the postgres engine settings', () => {
    assert.throws(() => validateNesterConfig({ storage: { engine: 'postgres' } }, 'test'), {
      code: 'invalid_input',
      message: /storage\.postgres: storage\.postgres\.url is required when storage\.engine is postgres/,
    });
    assert.throws(
      () => validateNesterConfig({ storage: { engine: 'postgres', postgres: { url: 'mysql://x' } } }, 'test'),
      /storage\.postgres\.url: must start with postgres:\/\//,
    );
    assert.throws(() => validateNesterConfig({ storage: { engine: 'sqlite' } }, 'test'), /storage\.engine/);
    const config = validateNesterConfig(
      { storage: { engine: 'postgres', postgres: { url: 'postgres://h/db' } } },
      'test',
    );
    assert.deepEqual(config.storage.postgres, { url: 'postgres://h/db', poolSize: 8 });
    assert.equal(validateNesterConfig({}, 'test').storage.engine, 'embedded');
  });

  it('opens the engine the config names', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'seahawks-factory-'));
    try {
      const embedded = await openStorage(validateNesterConfig({ dataDir: dir }, 'test'), Date.now, quiet);
      assert.equal(embedded.stats().series, 0);
      await embedded.close();
      // Port 1 on loopback refuses at once: the postgres engine was chosen, and says where it failed.
      const postgres = validateNesterConfig(
        {
          dataDir: dir,
          storage: { engine: 'postgres', postgres: { url: 'postgres://u:secret@127.0.0.1:1/db' } },
        },
        'test',
      );
      await assert.rejects(openStorage(postgres, Date.now, quiet), (err: Error & { code?: string }) => {
        assert.equal(err.code, 'storage_io');
        assert.match(err.message, /^cannot open postgres storage postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/db: /);
        assert.doesNotMatch(err.message, /secret/);
        return true;
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
