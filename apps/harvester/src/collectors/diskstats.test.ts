import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import type { MetricFamily } from './collector.js';
import { DEFAULT_DISKSTATS_DEVICE_EXCLUDE, DiskstatsCollector } from './diskstats.js';
import { FixtureTree } from './fixture-tree.js';
import { HOST_CONTEXT, SKIP_OFF_LINUX, fixtureContext } from './testdata.js';

/** The series of family `name` as `{ ...labels, value }` rows, compact to compare with deepEqual. */
function rows(families: readonly MetricFamily[], name: string): Array<Record<string, string | number>> {
  return families
    .filter((f) => f.name === name)
    .flatMap((f) => f.metrics.map((m) => ({ ...m.labels, value: m.value })));
}

const devices = (families: MetricFamily[], name: string): string[] =>
  rows(families, name).map((r) => String(r.device));

const ALL_FAMILIES = [
  'node_disk_reads_completed_total',
  'node_disk_reads_merged_total',
  'node_disk_read_bytes_total',
  'node_disk_read_time_seconds_total',
  'node_disk_writes_completed_total',
  'node_disk_writes_merged_total',
  'node_disk_written_bytes_total',
  'node_disk_write_time_seconds_total',
  'node_disk_io_now',
  'node_disk_io_time_seconds_total',
  'node_disk_io_time_weighted_seconds_total',
  'node_disk_discards_completed_total',
  'node_disk_discards_merged_total',
  'node_disk_discarded_sectors_total',
  'node_disk_discard_time_seconds_total',
  'node_disk_flush_requests_total',
  'node_disk_flush_requests_time_seconds_total',
];

describe('diskstats collector', () => {
  it('reads the x86 fixture: whole disks only, udev labels, ATA attributes of the SATA disk', async () => {
    const families = await new DiskstatsCollector().collect(fixtureContext('x86'));
    for (const name of ALL_FAMILIES)
      assert.deepEqual(devices(families, name), ['nvme0n1', 'sda', 'sdb'], name);
    const nvme = (name: string): number | string | undefined =>
      rows(families, name).find((r) => r.device === 'nvme0n1')?.value;
    assert.equal(nvme('node_disk_reads_completed_total'), 412034);
    assert.equal(nvme('node_disk_read_bytes_total'), 21543210 * 512);
    assert.equal(nvme('node_disk_read_time_seconds_total'), 61.234);
    assert.equal(nvme('node_disk_io_now'), 2);
    assert.equal(nvme('node_disk_discarded_sectors_total'), 312456789, 'sectors, not bytes');
    assert.equal(nvme('node_disk_flush_requests_time_seconds_total'), 45.678000000000004, 'ms * 0.001 as Go');
    assert.deepEqual(rows(families, 'node_disk_info'), [
      {
        device: 'nvme0n1',
        major: '259',
        minor: '0',
        path: 'pci-0000:01:00.0-nvme-1',
        wwn: 'eui.0025385791b0a1c2',
        model: 'Samsung SSD 970 EVO Plus 500GB',
        serial: 'S4EVNX0R712345K',
        revision: '2B2QEXM7',
        rotational: '0',
        value: 1,
      },
      {
        device: 'sda',
        major: '8',
        minor: '0',
        path: 'pci-0000:00:17.0-ata-2.0',
        wwn: '0x50014ee2b7c3a1f0',
        model: 'WDC_WD20EZRZ-00Z5HB0',
        serial: 'WD-WCC4M2LKX7R1',
        revision: '80.00A80',
        rotational: '1',
        value: 1,
      },
      {
        device: 'sdb',
        major: '8',
        minor: '16',
        path: 'pci-0000:00:14.0-usb-0:2:1.0-scsi-0:0:0:0',
        wwn: '',
        model: 'Ultra',
        serial: '4C530001230517117453',
        revision: '1.00',
        rotational: '1',
        value: 1,
      },
    ]);
    assert.deepEqual(rows(families, 'node_disk_ata_rotation_rate_rpm'), [{ device: 'sda', value: 5400 }]);
    assert.deepEqual(rows(families, 'node_disk_ata_write_cache_enabled'), [{ device: 'sda', value: 1 }]);
    assert.deepEqual(rows(families, 'node_disk_filesystem_info'), [], 'only partitions carry filesystems');
  });

  it('reads the rpi fixture: SD card partitions stay, filesystems from udev', async () => {
    const families = await new DiskstatsCollector().collect(fixtureContext('rpi'));
    assert.deepEqual(devices(families, 'node_disk_written_bytes_total'), [
      'mmcblk0',
      'mmcblk0p1',
      'mmcblk0p2',
    ]);
    assert.deepEqual(rows(families, 'node_disk_io_time_weighted_seconds_total')[0], {
      device: 'mmcblk0',
      value: 3421.876,
    });
    assert.deepEqual(rows(families, 'node_disk_info')[0], {
      device: 'mmcblk0',
      major: '179',
      minor: '0',
      path: 'platform-fe340000.mmc',
      wwn: '',
      model: '',
      serial: '0x9a3f21c4',
      revision: '',
      rotational: '0',
      value: 1,
    });
    assert.deepEqual(rows(families, 'node_disk_filesystem_info'), [
      {
        device: 'mmcblk0p1',
        type: 'vfat',
        usage: 'filesystem',
        uuid: '5DF9-E225',
        version: 'FAT32',
        value: 1,
      },
      {
        device: 'mmcblk0p2',
        type: 'ext4',
        usage: 'filesystem',
        uuid: '3ad7386b-e1ae-4032-ae33-0c40f5ecc4ac',
        version: '1.0',
        value: 1,
      },
    ]);
    assert.deepEqual(rows(families, 'node_disk_ata_write_cache'), []);
  });

  it("uses node_exporter's HELP texts and types", async () => {
    const families = await new DiskstatsCollector().collect(fixtureContext('x86'));
    const byName = new Map(families.map((f) => [f.name, f]));
    assert.equal(byName.get('node_disk_io_now')?.type, 'gauge');
    assert.equal(byName.get('node_disk_info')?.help, 'Info of /sys/block/<block_device>.');
    assert.equal(byName.get('node_disk_writes_merged_total')?.help, 'The number of writes merged.');
    assert.equal(
      byName.get('node_disk_flush_requests_total')?.help,
      'The total number of flush requests completed successfully',
    );
    assert.ok(
      ALL_FAMILIES.filter((n) => n !== 'node_disk_io_now').every((n) => byName.get(n)?.type === 'counter'),
    );
  });

  const excluded: Array<[string, boolean]> = [
    ['sda', false],
    ['sda1', true],
    ['xvda2', true],
    ['nvme0n1', false],
    ['nvme0n1p1', true],
    ['zram0', true],
    ['ram15', true],
    ['loop7', true],
    ['fd0', true],
    ['mmcblk0p2', false],
    ['md127', false],
    ['dm-0', false],
  ];
  for (const [device, ignored] of excluded) {
    it(`default exclusion: ${device} is ${ignored ? 'dropped' : 'kept'}`, () => {
      assert.equal(new RegExp(DEFAULT_DISKSTATS_DEVICE_EXCLUDE, 'u').test(device), ignored);
    });
  }

  it('emits only the columns an older kernel prints, filters on request, names dm devices', async () => {
    const tree = await FixtureTree.create({
      'proc/diskstats': '8 0 sda 1 2 3 4 5 6 7 8 9 10 11\n253 0 dm-0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n',
      'run/udev/data/b253:0':
        'E:DM_NAME=vg0-root\nE:DM_UUID=LVM-abc\nE:DM_VG_NAME=vg0\nE:DM_LV_NAME=root\nE:ID_FS_TYPE=ext4\n',
      'run/udev/data/b8:0': 'E:ID_ATA=1\nE:ID_ATA_WRITE_CACHE=yes\nE:ID_ATA_ROTATION_RATE_RPM=0\n',
    });
    try {
      const families = await new DiskstatsCollector().collect(tree.ctx);
      assert.deepEqual(devices(families, 'node_disk_io_time_weighted_seconds_total'), ['sda', 'dm-0']);
      assert.deepEqual(devices(families, 'node_disk_discard_time_seconds_total'), ['dm-0']);
      assert.deepEqual(devices(families, 'node_disk_flush_requests_total'), []);
      assert.deepEqual(rows(families, 'node_disk_device_mapper_info'), [
        {
          device: 'dm-0',
          name: 'vg0-root',
          uuid: 'LVM-abc',
          vg_name: 'vg0',
          lv_name: 'root',
          lv_layer: '',
          value: 1,
        },
      ]);
      assert.deepEqual(rows(families, 'node_disk_ata_rotation_rate_rpm'), [{ device: 'sda', value: 0 }]);
      assert.deepEqual(
        rows(families, 'node_disk_ata_write_cache'),
        [],
        'a value that is not a number is skipped',
      );

      const only = await new DiskstatsCollector({ devices: { include: '^dm-' } }).collect(tree.ctx);
      assert.deepEqual(devices(only, 'node_disk_info'), ['dm-0']);
      const elsewhere = await new DiskstatsCollector({ udevDataPath: `${tree.root}/none` }).collect(tree.ctx);
      assert.deepEqual(
        rows(elsewhere, 'node_disk_device_mapper_info'),
        [],
        'no udev database, no udev labels',
      );
      assert.equal(rows(elsewhere, 'node_disk_info')[0]!.serial, '');
    } finally {
      await tree.remove();
    }
  });

  it('refuses both an include and an exclude pattern', () => {
    assert.throws(() => new DiskstatsCollector({ devices: { include: 'a', exclude: 'b' } }), {
      message: /^cannot filter diskstats devices: include and exclude patterns are mutually exclusive$/,
    });
  });

  it('fails when /proc/diskstats is missing', async () => {
    await assert.rejects(new DiskstatsCollector().collect({ ...HOST_CONTEXT, procRoot: '/nonexistent' }), {
      code: 'collector_read_failed',
    });
  });

  it('agrees with /proc/diskstats on this machine', { skip: SKIP_OFF_LINUX }, async () => {
    const families = await new DiskstatsCollector().collect(HOST_CONTEXT);
    const exclude = new RegExp(DEFAULT_DISKSTATS_DEVICE_EXCLUDE, 'u');
    const lines = (await readFile('/proc/diskstats', 'utf8'))
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter((f) => f.length >= 14 && !exclude.test(f[2]!));
    assert.deepEqual(
      devices(families, 'node_disk_info'),
      lines.map((f) => f[2]),
    );
    for (const r of rows(families, 'node_disk_reads_completed_total')) {
      const line = lines.find((f) => f[2] === r.device)!;
      assert.ok(Number(r.value) <= Number(line[3]), `${r.device}: read before the file, never ahead of it`);
    }
  });
});
