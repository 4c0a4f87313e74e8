import { cleanHwmonName, explodeSensorFilename } from '../procfs/hwmon.js';
import { parseGoFloat } from '../procfs/values.js';
import type { FamilyBuilder } from './family-builder.js';

/**
 * The attribute files of one sensor, by property: `temp1_input`, `temp1_crit` and
 * `temp1_label` make `{ input: '45000', crit: '100000', label: 'Core 0' }`; a bare file such
 * as `in0` or `vrm` has the property `''`. Values are as read, newlines trimmed.
 */
export type SensorAttributes = ReadonlyMap<string, string>;

/**
 * Adds node_exporter's series for one hwmon sensor (`temp1`, `fan2`, `in0`, …) of chip
 * `chip` to `builder`, with its names, HELP texts and unit conversions: millidegrees →
 * `_celsius`, millivolts → `_volts`, milliamps → `_amps`, microwatts → `_watt`, microjoules →
 * `_joule_total`, fans in `_rpm`, alarms, faults and beeps without unit, anything else under
 * its raw element name. Attributes that do not parse as numbers are skipped.
 */
export function addSensorSeries(
  builder: FamilyBuilder,
  chip: string,
  sensor: string,
  attrs: SensorAttributes,
): void {
  const sensorType = explodeSensorFilename(sensor)?.type ?? sensor;
  const labels = { chip, sensor };
  const gauge = (name: string, help: string, value: number, l: Record<string, string> = labels): void => {
    builder.add(name, help, 'gauge', l, value);
  };

  const label = attrs.get('label');
  if (label !== undefined) {
    gauge('node_hwmon_sensor_label', 'Label for given chip and sensor', 1, { chip, sensor, label });
  }
  const bare = attrs.get('');
  switch (sensorType) {
    case 'beep_enable':
      gauge('node_hwmon_beep_enabled', 'Hardware beep enabled', bare === '1' ? 1 : 0);
      return;
    case 'vrm':
    case 'update_interval': {
      const value = parseGoFloat(bare ?? '');
      if (value === undefined) return;
      if (sensorType === 'vrm')
        gauge('node_hwmon_voltage_regulator_version', 'Hardware voltage regulator', value);
      else gauge('node_hwmon_update_interval_seconds', 'Hardware monitor update interval', value * 0.001);
      return;
    }
  }

  const prefix = `node_hwmon_${sensorType}`;
  for (const [element, raw] of attrs) {
    if (element === 'label') continue;
    let name = prefix;
    if (element === 'input') {
      // A bare file holds the value; then `_input` is a second, separate reading.
      if (bare !== undefined) name += '_input';
    } else if (element !== '') {
      name += `_${cleanHwmonName(element)}`;
    }
    const value = parseGoFloat(raw);
    if (value === undefined) continue;
    const series = elementSeries(sensorType, element, name, value, label);
    if (series === undefined) continue;
    const seriesLabels = series.sensor === undefined ? labels : { chip, sensor: series.sensor };
    builder.add(series.name, series.help, series.type ?? 'gauge', seriesLabels, series.value);
  }
}

interface Series {
  name: string;
  help: string;
  value: number;
  type?: 'counter';
  /** Replaces the sensor label (GPU clocks are labelled by their own label). */
  sensor?: string;
}

/** node_exporter's per-element rules, in its order; the first that applies wins. */
function elementSeries(
  type: string,
  element: string,
  name: string,
  value: number,
  label: string | undefined,
): Series | undefined {
  if (element === 'fault' || element === 'alarm') {
    return { name, help: `Hardware sensor ${element} status (${type})`, value };
  }
  if (element === 'beep')
    return { name: `${name}_enabled`, help: 'Hardware monitor sensor has beeping enabled', value };
  if (type === 'in' || type === 'cpu') {
    return { name: `${name}_volts`, help: `Hardware monitor for voltage (${element})`, value: value * 0.001 };
  }
  if (type === 'temp' && element !== 'type') {
    const shown = element === '' ? 'input' : element;
    return {
      name: `${name}_celsius`,
      help: `Hardware monitor for temperature (${shown})`,
      value: value * 0.001,
    };
  }
  if (type === 'curr') {
    return { name: `${name}_amps`, help: `Hardware monitor for current (${element})`, value: value * 0.001 };
  }
  if (type === 'energy') {
    const help = `Hardware monitor for joules used so far (${element})`;
    return { name: `${name}_joule_total`, help, value: value / 1000000.0, type: 'counter' };
  }
  if (type === 'power') return powerSeries(element, name, value);
  if (type === 'humidity') {
    const help = `Hardware monitor for humidity, as a ratio (multiply with 100.0 to get the humidity as a percentage) (${element})`;
    return { name, help, value: value / 1000000.0 };
  }
  if (type === 'fan' && ['input', 'min', 'max', 'target'].includes(element)) {
    return {
      name: `${name}_rpm`,
      help: `Hardware monitor for fan revolutions per minute (${element})`,
      value,
    };
  }
  if (type === 'freq' && element === 'input') {
    if (label === undefined) return undefined;
    const help = 'Hardware monitor for GPU frequency in MHz';
    return { name: `${name}_freq_mhz`, help, value: value / 1000000.0, sensor: cleanHwmonName(label) };
  }
  return { name, help: `Hardware monitor ${type} element ${element}`, value };
}

function powerSeries(element: string, name: string, value: number): Series {
  if (element === 'accuracy') {
    return { name, help: 'Hardware monitor power meter accuracy, as a ratio', value: value / 1000000.0 };
  }
  if (
    element === 'average_interval' ||
    element === 'average_interval_min' ||
    element === 'average_interval_max'
  ) {
    const help = `Hardware monitor power usage update interval (${element})`;
    return { name: `${name}_seconds`, help, value: value * 0.001 };
  }
  return {
    name: `${name}_watt`,
    help: `Hardware monitor for power usage in watts (${element})`,
    value: value / 1000000.0,
  };
}
