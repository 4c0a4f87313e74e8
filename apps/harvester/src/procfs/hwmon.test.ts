import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanHwmonName, explodeSensorFilename, type SensorFilename } from './hwmon.js';

describe('hwmon names', () => {
  const files: Array<[string, SensorFilename | undefined]> = [
    ['temp1_input', { type: 'temp', num: 1, property: 'input' }],
    ['temp12_crit_alarm', { type: 'temp', num: 12, property: 'crit_alarm' }],
    ['in0', { type: 'in', num: 0, property: '' }],
    ['fan2_min', { type: 'fan', num: 2, property: 'min' }],
    ['pwm1_auto_point1_pwm', { type: 'pwm', num: 1, property: 'auto_point1_pwm' }],
    ['beep_enable', { type: 'beep_enable', num: 0, property: '' }],
    ['update_interval', { type: 'update_interval', num: 0, property: '' }],
    ['vrm', { type: 'vrm', num: 0, property: '' }],
    ['name', { type: 'name', num: 0, property: '' }],
    ['trip_point_0_temp', { type: 'trip_point_', num: 0, property: 'temp' }],
    ['1abc', undefined],
    ['', undefined],
  ];
  for (const [file, want] of files) {
    it(`explodes ${JSON.stringify(file)}`, () => assert.deepEqual(explodeSensorFilename(file), want));
  }

  const names: Array<[string, string]> = [
    ['coretemp.0', 'coretemp_0'],
    ['0000:00:18.3', '0000:00:18_3'],
    ['Core 0', 'core_0'],
    ['coretemp\n', 'coretemp'],
    ['__x--y__', 'x__y'],
    ['soc:firmware', 'soc:firmware'],
    ['...', ''],
  ];
  for (const [raw, want] of names) {
    it(`cleans ${JSON.stringify(raw)} to ${JSON.stringify(want)}`, () =>
      assert.equal(cleanHwmonName(raw), want));
  }
});
