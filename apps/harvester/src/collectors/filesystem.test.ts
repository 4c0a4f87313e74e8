import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { MetricFamily } from './collector.js';
import {
  DEFAULT_FS_TYPES_EXCLUDE,
  DEFAULT_MOUNT_POINTS_EXCLUDE,
  FilesystemCollector,
  rootfsStripPrefix,
} from './filesystem.js';
import { FixtureTree } from './fixture-tree.js';
import { MountStatter, goErrorText, type StatfsFunction, type StatfsResult } from './mount-stat.js';

const DISK: StatfsResult = { bsize: 4096, blocks: 100, bfree: 60, bavail: 50, files: 1000, ffree: 900 };

function series(families: MetricFamily[], name: string): Array<Record<string, string | number>> {
  return (families.find((f) => f.name === name)?.metrics ?? []).map((m) => ({ ...m.labels, value: m.value }));
}

describe('filesystem collector', async () => {
  const tree = await FixtureTree.create({
    'proc/1/mounts': '/dev/sda1 / ext4 rw 0 0\n/dev/sda1 / ext4 rw 0 0\n/dev/sdb1 /data xfs ro 0 0\n',
  });
  after(() => tree.remove());

  it('statfs each mount once at <rootfs>/<mountpoint> and multiplies blocks by the block size', async () => {
    const paths: string[] = [];
    const statfs: StatfsFunction = (path) => {
      paths.push(path);
      return Promise.resolve(DISK);
    };
    const families = await new FilesystemCollector({ statfs }).collect({ ...tree.ctx, rootfs: '/host' });
    assert.deepEqual(paths.sort(), ['/host', '/host/data']);
    assert.deepEqual(series(families, 'node_filesystem_size_bytes'), [
      { device: '/dev/sda1', mountpoint: '/', fstype: 'ext4', device_error: '', value: 409600 },
      { device: '/dev/sdb1', mountpoint: '/data', fstype: 'xfs', device_error: '', value: 409600 },
    ]);
    assert.equal(series(families, 'node_filesystem_avail_bytes')[0]!.value, 204800);
    assert.equal(series(families, 'node_filesystem_free_bytes')[0]!.value, 245760);
    assert.equal(series(families, 'node_filesystem_files_free')[0]!.value, 900);
    assert.deepEqual(
      series(families, 'node_filesystem_readonly').map((s) => s.value),
      [0, 1],
    );
  });

  it('marks only the mount whose statfs fails, with Go error text in the device_error label', async () => {
    const statfs: StatfsFunction = (path) =>
      path === '/data'
        ? Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }))
        : Promise.resolve(DISK);
    const families = await new FilesystemCollector({ statfs }).collect(tree.ctx);
    assert.deepEqual(series(families, 'node_filesystem_device_error'), [
      { device: '/dev/sda1', mountpoint: '/', fstype: 'ext4', device_error: '', value: 0 },
      {
        device: '/dev/sdb1',
        mountpoint: '/data',
        fstype: 'xfs',
        device_error: 'permission denied',
        value: 1,
      },
    ]);
    assert.deepEqual(
      series(families, 'node_filesystem_size_bytes').map((s) => s.mountpoint),
      ['/'],
      'no size series for the failed mount',
    );
    assert.equal(series(families, 'node_filesystem_readonly').length, 2, 'readonly still reported');
  });

  it('falls back to <procRoot>/mounts when PID 1 is hidden', async () => {
    const hidden = await FixtureTree.create({ 'proc/mounts': '/dev/root / ext4 rw 0 0\n' });
    try {
      const families = await new FilesystemCollector({ statfs: () => Promise.resolve(DISK) }).collect(
        hidden.ctx,
      );
      assert.deepEqual(
        series(families, 'node_filesystem_size_bytes').map((s) => s.device),
        ['/dev/root'],
      );
    } finally {
      await hidden.remove();
    }
  });

  it('refuses invalid filter patterns', () => {
    assert.throws(() => new FilesystemCollector({ fsTypes: { exclude: '(' } }), {
      message: /cannot compile the filesystem types pattern/,
    });
  });
});

describe('MountStatter', () => {
  it('times out a hung statfs, keeps the mount stuck without new calls, and recovers when it returns', async () => {
    let calls = 0;
    let release: (r: StatfsResult) => void = () => {};
    const statfs: StatfsFunction = () => {
      calls++;
      return new Promise((resolve) => (release = resolve));
    };
    const statter = new MountStatter(statfs, 10);
    assert.deepEqual(await statter.stat('/mnt/nas', '/mnt/nas'), { ok: false, error: 'mountpoint timeout' });
    assert.deepEqual(statter.stuckMountPoints(), ['/mnt/nas']);
    assert.deepEqual(await statter.stat('/mnt/nas', '/mnt/nas'), { ok: false, error: 'mountpoint timeout' });
    assert.equal(calls, 1, 'no second call while the first is outstanding');
    release(DISK);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(statter.stuckMountPoints(), []);
    const next = statter.stat('/mnt/nas', '/mnt/nas');
    release(DISK);
    assert.deepEqual(await next, { ok: true, stats: DISK });
    assert.equal(calls, 2);
  });

  const errors: Array<[unknown, string]> = [
    [Object.assign(new Error('x'), { code: 'EACCES' }), 'permission denied'],
    [Object.assign(new Error('x'), { code: 'ENOTCONN' }), 'transport endpoint is not connected'],
    [Object.assign(new Error('x'), { code: 'EWHATEVER' }), 'EWHATEVER'],
    [new Error('plain'), 'plain'],
    ['text', 'text'],
  ];
  for (const [err, want] of errors) {
    it(`reports ${want} as node_exporter would`, () => assert.equal(goErrorText(err), want));
  }
});

describe('filesystem defaults', () => {
  const mountPoints: Array<[string, boolean]> = [
    ['/', false],
    ['/home', false],
    ['/run', false],
    ['/run/user/1000', false],
    ['/mnt/nas', false],
    ['/dev', true],
    ['/dev/shm', true],
    ['/proc/sys/fs/binfmt_misc', true],
    ['/sys/fs/cgroup', true],
    ['/run/credentials/systemd-sysusers.service', true],
    ['/var/lib/docker/overlay2/x/merged', true],
    ['/var/lib/docker', false],
    ['/var/lib/containers/storage/overlay', true],
    ['/devices', false],
  ];
  for (const [mountPoint, excluded] of mountPoints) {
    it(`${excluded ? 'excludes' : 'keeps'} mount point ${mountPoint}`, () => {
      assert.equal(new RegExp(DEFAULT_MOUNT_POINTS_EXCLUDE).test(mountPoint), excluded);
    });
  }
  const types: Array<[string, boolean]> = [
    ['ext4', false],
    ['tmpfs', false],
    ['nfs4', false],
    ['fuse.sshfs', false],
    ['overlay', true],
    ['squashfs', true],
    ['erofs', true],
    ['cgroup', true],
    ['cgroup2', true],
    ['autofs', true],
    ['devtmpfs', true],
  ];
  for (const [type, excluded] of types) {
    it(`${excluded ? 'excludes' : 'keeps'} fs type ${type}`, () => {
      assert.equal(new RegExp(DEFAULT_FS_TYPES_EXCLUDE).test(type), excluded);
    });
  }

  const strips: Array<[string, string, string]> = [
    ['/data', '/', '/data'],
    ['/host/data', '/host', '/data'],
    ['/host', '/host', '/'],
    ['/host/data', '/host/', '/data'],
    ['/hostile', '/host', '/hostile'],
    ['/data', '/host', '/data'],
  ];
  for (const [mountPoint, rootfs, want] of strips) {
    it(`labels ${mountPoint} under rootfs ${rootfs} as ${want}`, () => {
      assert.equal(rootfsStripPrefix(mountPoint, rootfs), want);
    });
  }
});
