/**
 * Name handling for /sys/class/hwmon, as node_exporter's hwmon collector does it: sensor file
 * names (`temp1_input`, `fan2_min`, `in0_label`) split into type, number and property, and the
 * cleaning that turns device paths and names into label values (`coretemp.0` → `coretemp_0`).
 */

/** A sensor file name taken apart: `temp1_crit` is `{ type: 'temp', num: 1, property: 'crit' }`. */
export interface SensorFilename {
  readonly type: string;
  /** 0 when the name has no number (`beep_enable`, `update_interval`). */
  readonly num: number;
  /** `''` for a bare value file such as `in0` or `vrm`. */
  readonly property: string;
}

/** The sensor kinds node_exporter reads; files of other kinds (`name`, `uevent`, …) are ignored. */
export const HWMON_SENSOR_TYPES: ReadonlySet<string> = new Set([
  'vrm',
  'beep_enable',
  'update_interval',
  'in',
  'cpu',
  'fan',
  'pwm',
  'temp',
  'curr',
  'power',
  'energy',
  'humidity',
  'intrusion',
  'freq',
]);

// <type><num>_<property>: the type is everything before the first digit, so `beep_enable`
// is one type with no number and no property, and `pwm1_auto_point1_pwm` has the property
// `auto_point1_pwm`.
const SENSOR_FILENAME_RE = /^([^0-9]+)([0-9]*)(?:_(.+))?$/;

/** Splits a sensor file name; undefined when it does not have the `<type><num>_<property>` shape. */
export function explodeSensorFilename(filename: string): SensorFilename | undefined {
  const m = SENSOR_FILENAME_RE.exec(filename);
  if (m === null) return undefined;
  const digits = m[2] ?? '';
  const num = digits === '' ? 0 : Number(digits);
  if (!Number.isSafeInteger(num)) return undefined;
  return { type: m[1]!, num, property: m[3] ?? '' };
}

const INVALID_CHARS_RE = /[^a-z0-9:_]/g;

/**
 * Lower-cases, replaces every character outside `[a-z0-9:_]` by `_` and trims leading and
 * trailing `_`: `platform/coretemp.0` → `platform_coretemp_0`, `Core 0` → `core_0`.
 */
export function cleanHwmonName(name: string): string {
  return name
    .toLowerCase()
    .replace(INVALID_CHARS_RE, '_')
    .replace(/^_+|_+$/g, '');
}
