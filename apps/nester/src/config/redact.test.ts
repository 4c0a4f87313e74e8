import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { loadNesterConfig } from './load.js';
import { redactedConfig, redactPostgresUrl } from './redact.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

describe('config: PostgreSQL URL from the environment, secrets masked when printed', () => {
  it('masks the password in the user part and in the query string', () => {
    assert.equal(
      redactPostgresUrl('postgres://seahawks:s3cret@db.example.net:5432/metrics?sslmode=require'),
      'postgres://seahawks:***@db.example.net:5432/metrics?sslmode=require',
    );
    assert.equal(
      redactPostgresUrl('postgresql://seahawks@db/metrics?password=s3cret&sslmode=require'),
      'postgresql://seahawks@db/metrics?password=***&sslmode=require',
    );
    assert.equal(redactPostgresUrl('postgres://seahawks@db/metrics'), 'postgres://seahawks@db/metrics');
    assert.equal(redactPostgresUrl('postgres://u:p@[::1'), '(unparsable URL of 19 characters)');
  });

  it('takes SEAHAWKS_POSTGRES_URL and SEAHAWKS_STORAGE_ENGINE over the file', async () => {
    const config = await loadNesterConfig(
      undefined,
      {},
      { SEAHAWKS_STORAGE_ENGINE: 'postgres', SEAHAWKS_POSTGRES_URL: 'postgres://u:pw@h:5432/db' },
    );
    assert.equal(config.storage.engine, 'postgres');
    assert.deepEqual(config.storage.postgres, { url: 'postgres://u:pw@h:5432/db', poolSize: 8 });
    const urlOnly = await loadNesterConfig(undefined, {}, { SEAHAWKS_POSTGRES_URL: 'postgres://h/db' });
    assert.equal(urlOnly.storage.engine, 'embedded');
    await assert.rejects(
      loadNesterConfig(undefined, {}, { SEAHAWKS_POSTGRES_URL: 'mysql://h/db' }),
      /storage\.postgres\.url: must start with postgres:\/\//,
    );
    await assert.rejects(
      loadNesterConfig(undefined, {}, { SEAHAWKS_STORAGE_ENGINE: 'postgres' }),
      /storage\.postgres\.url is required/,
    );
  });

  it('masks secrets in a copy and leaves the config as it was', async () => {
    const config = await loadNesterConfig(
      undefined,
      {},
      {
        SEAHAWKS_STORAGE_ENGINE: 'postgres',
        SEAHAWKS_POSTGRES_URL: 'postgres://u:pw@h/db',
        SEAHAWKS_ADMIN_PASSWORD: 'first-admin',
      },
    );
    const printed = JSON.stringify(redactedConfig(config));
    assert.doesNotMatch(printed, /pw@|first-admin/);
    assert.match(printed, /"url":"postgres:\/\/u:\*\*\*@h\/db"/);
    assert.match(printed, /"initialAdminPassword":"\*\*\*"/);
    assert.equal(config.storage.postgres?.url, 'postgres://u:pw@h/db');
  });

  it('prints the masked config with --check-config', () => {
    const r = spawnSync(
      process.execPath,
      [
        '--conditions=seahawks-source',
        '--import',
        'tsx',
        'bin/seahawks.js',
        'nester',
        'serve',
        '--check-config',
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          ...process.env,
          SEAHAWKS_STORAGE_ENGINE: 'postgres',
          SEAHAWKS_POSTGRES_URL: 'postgres://seahawks:hunter2@db.example.net/metrics',
        },
      },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^config ok\n/);
    assert.match(r.stdout, /"url": "postgres:\/\/seahawks:\*\*\*@db\.example\.net\/metrics"/);
    assert.doesNotMatch(r.stdout + r.stderr, /hunter2/);
  });
});
