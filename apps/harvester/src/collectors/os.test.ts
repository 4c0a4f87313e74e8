import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import type { CollectContext } from './collector.js';
import { FixtureTree } from './fixture-tree.js';
import { OsCollector, parseDateOnly } from './os.js';
import { HOST_CONTEXT, SKIP_OFF_LINUX, fixtureContext, valueOf } from './testdata.js';

const EMPTY = {
  build_id: '',
  id: '',
  id_like: '',
  image_id: '',
  image_version: '',
  name: '',
  pretty_name: '',
  variant: '',
  variant_id: '',
  version: '',
  version_codename: '',
  version_id: '',
};

/** Runs the collector on a throwaway rootfs holding `files`. */
async function collectRootfs(files: Record<string, string>) {
  const tree = await FixtureTree.create(files);
  try {
    const ctx: CollectContext = { ...tree.ctx, rootfs: tree.root };
    return await new OsCollector().collect(ctx);
  } finally {
    await tree.remove();
  }
}

describe('os collector', () => {
  it('reads the x86 fixture (Ubuntu)', async () => {
    const families = await new OsCollector().collect(fixtureContext('x86'));
    assert.deepEqual(families, [
      {
        name: 'node_os_info',
        help:
          "A metric with a constant '1' value labeled by build_id, id, id_like, image_id, image_version, " +
          'name, pretty_name, variant, variant_id, version, version_codename, version_id.',
        type: 'gauge',
        metrics: [
          {
            labels: {
              ...EMPTY,
              id: 'ubuntu',
              id_like: 'debian',
              name: 'Ubuntu',
              pretty_name: 'Ubuntu 24.04.1 LTS',
              version: '24.04.1 LTS (Noble Numbat)',
              version_codename: 'noble',
              version_id: '24.04',
            },
            value: 1,
          },
        ],
      },
      {
        name: 'node_os_version',
        help: 'Metric containing the major.minor part of the OS version.',
        type: 'gauge',
        metrics: [{ labels: { id: 'ubuntu', id_like: 'debian', name: 'Ubuntu' }, value: 24.04 }],
      },
    ]);
  });

  it('falls back to /usr/lib/os-release (the Raspberry Pi fixture)', async () => {
    const families = await new OsCollector().collect(fixtureContext('rpi'));
    assert.equal(valueOf(families, 'node_os_version', { id: 'debian' }), 12);
    assert.equal(families[0]!.metrics[0]!.labels.version_codename, 'bookworm');
  });

  const versions: Array<{ versionId: string; want: number | undefined }> = [
    { versionId: '3.18.4', want: 3.18 },
    { versionId: '40', want: 40 },
    { versionId: '2.', want: 2 },
    { versionId: 'rolling', want: undefined },
    { versionId: '0', want: undefined },
  ];
  for (const v of versions) {
    it(`takes ${String(v.want)} as the version of VERSION_ID=${v.versionId}`, async () => {
      const families = await collectRootfs({ 'etc/os-release': `ID=x\nVERSION_ID=${v.versionId}\n` });
      assert.equal(valueOf(families, 'node_os_version'), v.want);
    });
  }

  it('exports SUPPORT_END as a timestamp (Fedora)', async () => {
    const families = await collectRootfs({
      'etc/os-release':
        'NAME="Fedora Linux"\nID=fedora\nVERSION_ID=40\nSUPPORT_END=2025-05-13\nVARIANT_ID=workstation\n',
    });
    assert.equal(valueOf(families, 'node_os_support_end_timestamp_seconds'), 1747094400);
    assert.equal(families[0]!.metrics[0]!.labels.variant_id, 'workstation');
  });

  it('reads another rootfs when told to', async () => {
    const ctx = { ...HOST_CONTEXT, rootfs: '/nonexistent' };
    const families = await new OsCollector({ rootfs: fixtureContext('x86').rootfs }).collect(ctx);
    assert.equal(valueOf(families, 'node_os_version', { id: 'ubuntu' }), 24.04);
  });

  it('emits nothing without an os-release file', async () => {
    assert.deepEqual(await collectRootfs({ 'etc/hostname': 'x\n' }), []);
  });

  it('fails on a garbled file, naming it and the line', async () => {
    await assert.rejects(collectRootfs({ 'etc/os-release': 'ID=x\nNAME="unterminated\n' }), {
      message: 'cannot parse /etc/os-release line 2: unmatched "',
    });
  });

  const dates: Array<{ text: string; want?: number }> = [
    { text: '2025-05-13', want: 1747094400 },
    { text: '2024-02-29', want: 1709164800 },
    { text: '0099-01-01', want: -59042995200 },
    { text: '2023-02-29' },
    { text: '2025-13-01' },
    { text: '2025-5-13' },
    { text: '2025-05-13T00:00:00Z' },
  ];
  for (const d of dates) {
    it(`parseDateOnly ${d.text}`, () => {
      if (d.want !== undefined) assert.equal(parseDateOnly(d.text, '/etc/os-release'), d.want);
      else
        assert.throws(() => parseDateOnly(d.text, '/etc/os-release'), {
          message: `cannot parse /etc/os-release: SUPPORT_END ${JSON.stringify(d.text)} is not a YYYY-MM-DD date`,
        });
    });
  }

  describe('on this machine', { skip: SKIP_OFF_LINUX }, () => {
    it('agrees with /etc/os-release', async () => {
      const families = await new OsCollector().collect(HOST_CONTEXT);
      const text = await readFile('/etc/os-release', 'utf8').catch(() =>
        readFile('/usr/lib/os-release', 'utf8'),
      );
      const id = /^ID="?([^"\n]*)"?$/m.exec(text)?.[1];
      assert.equal(families[0]?.metrics[0]?.labels.id, id);
    });
  });
});
