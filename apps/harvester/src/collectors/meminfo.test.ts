import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MeminfoField } from '../procfs/meminfo.js';
import { meminfoMetricSuffix, meminfoMetricValue } from './meminfo.js';

describe('meminfo naming', () => {
  const cases: Array<[MeminfoField, string, number]> = [
    [{ key: 'MemTotal', value: 24683656, unit: 'kB' }, 'MemTotal_bytes', 25276063744],
    [{ key: 'Active(anon)', value: 1552, unit: 'kB' }, 'Active_anon_bytes', 1589248],
    [{ key: 'Inactive(file)', value: 1, unit: 'kB' }, 'Inactive_file_bytes', 1024],
    [{ key: 'HugePages_Total', value: 16, unit: undefined }, 'HugePages_Total', 16],
    [{ key: 'Committed_AS', value: 2, unit: 'kB' }, 'Committed_AS_bytes', 2048],
    [{ key: 'NFS_Unstable', value: 0, unit: 'kB' }, 'NFS_Unstable_bytes', 0],
    [{ key: 'DirectMap4k', value: 3, unit: 'kB' }, 'DirectMap4k_bytes', 3072],
  ];
  for (const [field, suffix, value] of cases) {
    it(`${field.key} ${field.unit ?? ''} → node_memory_${suffix}`, () => {
      assert.equal(meminfoMetricSuffix(field), suffix);
      assert.equal(meminfoMetricValue(field), value);
    });
  }
});
