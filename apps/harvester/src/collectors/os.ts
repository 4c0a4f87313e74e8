import { join } from 'node:path';
import { InvalidInputError } from '@seahawks/model';
import { parseOsRelease } from '../procfs/os-release.js';
import type { CollectContext, Collector, MetricFamily } from './collector.js';
import { isNotFound, readText } from './read.js';

/** Where os-release lives under the root filesystem, in the order node_exporter tries them. */
const OS_RELEASE_FILES = ['/etc/os-release', '/usr/lib/os-release'];

/** The labels of node_os_info and the os-release keys they come from, in node_exporter's order. */
const INFO_LABELS: ReadonlyArray<[label: string, key: string]> = [
  ['build_id', 'BUILD_ID'],
  ['id', 'ID'],
  ['id_like', 'ID_LIKE'],
  ['image_id', 'IMAGE_ID'],
  ['image_version', 'IMAGE_VERSION'],
  ['name', 'NAME'],
  ['pretty_name', 'PRETTY_NAME'],
  ['variant', 'VARIANT'],
  ['variant_id', 'VARIANT_ID'],
  ['version', 'VERSION'],
  ['version_codename', 'VERSION_CODENAME'],
  ['version_id', 'VERSION_ID'],
];

/** Options of the os collector. */
export interface OsOptions {
  /**
   * Where to look for os-release instead of the context's rootfs: for fixture trees, whose
   * rootfs the filesystem collector must keep at `/`.
   */
  rootfs?: string;
}

const MAJOR_MINOR_RE = /^[0-9]+\.?[0-9]*/;

/**
 * The `os` collector, from `<rootfs>/etc/os-release`, else `<rootfs>/usr/lib/os-release`:
 * `node_os_info{build_id,id,id_like,image_id,image_version,name,pretty_name,variant,
 * variant_id,version,version_codename,version_id}` = 1 (absent keys are `""`),
 * `node_os_version{id,id_like,name}` = the leading `major.minor` of VERSION_ID as a number
 * (`24.04`; left out when VERSION_ID has none or it is 0), and
 * `node_os_support_end_timestamp_seconds` from SUPPORT_END (`YYYY-MM-DD`, midnight UTC)
 * when set. Neither file existing yields no families. The file is read on every call, so
 * an upgrade shows without a restart.
 */
export class OsCollector implements Collector {
  readonly name = 'os';
  private readonly rootfs: string | undefined;

  constructor(options: OsOptions = {}) {
    this.rootfs = options.rootfs;
  }

  async collect(ctx: CollectContext): Promise<MetricFamily[]> {
    const found = await readOsRelease(this.rootfs ?? ctx.rootfs);
    if (found === undefined) return [];
    const release = parseOsRelease(found.text, found.file);
    const get = (key: string): string => release.get(key) ?? '';
    const out: MetricFamily[] = [
      {
        name: 'node_os_info',
        help:
          "A metric with a constant '1' value labeled by build_id, id, id_like, image_id, image_version, " +
          'name, pretty_name, variant, variant_id, version, version_codename, version_id.',
        type: 'gauge',
        metrics: [
          { labels: Object.fromEntries(INFO_LABELS.map(([label, key]) => [label, get(key)])), value: 1 },
        ],
      },
    ];
    const majorMinor = MAJOR_MINOR_RE.exec(get('VERSION_ID'))?.[0];
    const version = majorMinor === undefined ? 0 : Number(majorMinor);
    if (version > 0) {
      out.push({
        name: 'node_os_version',
        help: 'Metric containing the major.minor part of the OS version.',
        type: 'gauge',
        metrics: [{ labels: { id: get('ID'), id_like: get('ID_LIKE'), name: get('NAME') }, value: version }],
      });
    }
    const supportEnd = get('SUPPORT_END');
    if (supportEnd !== '') {
      out.push({
        name: 'node_os_support_end_timestamp_seconds',
        help: 'Metric containing the end-of-life date timestamp of the OS.',
        type: 'gauge',
        metrics: [{ labels: {}, value: parseDateOnly(supportEnd, found.file) }],
      });
    }
    return out;
  }
}

async function readOsRelease(rootfs: string): Promise<{ text: string; file: string } | undefined> {
  for (const file of OS_RELEASE_FILES) {
    try {
      return { text: await readText(join(rootfs, file)), file };
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  return undefined;
}

/**
 * Seconds since the epoch of midnight UTC on a `YYYY-MM-DD` date, as Go's
 * `time.Parse(time.DateOnly, …)` reads it: four-digit year, two-digit month and day, the day
 * valid for its month.
 * @throws InvalidInputError otherwise (node_exporter fails the collector too).
 */
export function parseDateOnly(text: string, file: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const [year, month, day] = m === null ? [0, 0, 0] : [Number(m[1]), Number(m[2]), Number(m[3])];
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (m === null || month < 1 || month > 12 || day < 1 || date.getUTCDate() !== day) {
    throw new InvalidInputError(
      `cannot parse ${file}: SUPPORT_END ${JSON.stringify(text)} is not a YYYY-MM-DD date`,
    );
  }
  return date.getTime() / 1000;
}
