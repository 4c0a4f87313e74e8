import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidInputError, describeError } from '@seahawks/model';
import { parseTextFormat, type ParsedFamily } from '../exposition/text-parse.js';
import type { CollectContext, Collector, MetricFamily } from './collector.js';
import { expandDirectoryGlob } from './path-glob.js';
import { TextfileMerge } from './textfile-families.js';

/** Options of the textfile collector. */
export interface TextfileOptions {
  /**
   * Directories to read `*.prom` files from (`--collector.textfile.directory`, repeatable;
   * each may be a Go glob such as `/var/lib/*\/textfile`). Absolute paths; the host's
   * rootfs is not prefixed. Default: none, and the collector emits only
   * `node_textfile_scrape_error 0`.
   */
  directories?: readonly string[];
}

/** Refuses invalid UTF-8 rather than turning it into U+FFFD (node_exporter refuses it in label values). */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The `textfile` collector: the metrics of every `*.prom` file in the configured
 * directories (files in name order, directories in the order given), written by cron jobs
 * and scripts, plus `node_textfile_mtime_seconds{file}` (whole seconds) for each file used
 * and `node_textfile_scrape_error` (1 when any directory or file could not be used).
 *
 * As in node_exporter, a file is used whole or not at all: it must parse in the strict text
 * format (a final newline, nothing after a value but a timestamp) and must not carry
 * timestamps. Families are merged across files (TextfileMerge): the first HELP wins, a
 * conflicting HELP or type or a repeated series is refused and counted as an error, a
 * missing HELP becomes `Metric read from <files>`. A family named like one of another
 * collector's is dropped by collectAll (`relays`). The reasons for the last error flag are
 * kept in `problems` for logs, since collectors have no logger.
 */
export class TextfileCollector implements Collector {
  readonly name = 'textfile';
  /** Text files must not shadow the machine's own families (see collectAll). */
  readonly relays = true;
  private readonly directories: readonly string[];
  private lastProblems: string[] = [];

  constructor(options: TextfileOptions = {}) {
    this.directories = [...(options.directories ?? [])];
  }

  /** Why the last collection set node_textfile_scrape_error, one message per problem. */
  get problems(): readonly string[] {
    return this.lastProblems;
  }

  async collect(_ctx: CollectContext): Promise<MetricFamily[]> {
    const problems: string[] = [];
    const merge = new TextfileMerge();
    const mtimes: MetricFamily = {
      name: 'node_textfile_mtime_seconds',
      help: 'Unixtime mtime of textfiles successfully read.',
      type: 'gauge',
      metrics: [],
    };
    for (const pattern of this.directories) {
      for (const dir of await expandDirectoryGlob(pattern)) {
        let names: string[];
        try {
          names = (await readdir(dir)).filter((n) => n.endsWith('.prom')).sort();
        } catch (err) {
          problems.push(`cannot read textfile directory ${dir}: ${describeError(err)}`);
          continue;
        }
        for (const name of names) {
          const path = join(dir, name);
          const file = await readPromFile(path);
          if ('problem' in file) {
            problems.push(file.problem);
            continue;
          }
          problems.push(...merge.add(file.families, path));
          mtimes.metrics.push({ labels: { file: path }, value: file.mtimeSeconds });
        }
      }
    }
    this.lastProblems = problems;
    mtimes.metrics.sort((a, b) => (a.labels.file! < b.labels.file! ? -1 : 1));
    const families: MetricFamily[] = [
      ...merge.build(),
      mtimes,
      {
        name: 'node_textfile_scrape_error',
        help: '1 if there was an error opening or reading a file, 0 otherwise',
        type: 'gauge',
        metrics: [{ labels: {}, value: problems.length > 0 ? 1 : 0 }],
      },
    ];
    return families.filter((f) => f.metrics.length > 0);
  }
}

/**
 * Reads, decodes and parses one file, then takes its modification time, in that order so
 * that a file which fails does not look fresh (node_exporter's order).
 */
async function readPromFile(
  path: string,
): Promise<{ families: ParsedFamily[]; mtimeSeconds: number } | { problem: string }> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    return { problem: `cannot open textfile ${path}: ${describeError(err)}` };
  }
  try {
    let text: string;
    try {
      text = UTF8.decode(await handle.readFile());
    } catch (err) {
      if (err instanceof TypeError) return { problem: `cannot parse ${path}: not valid UTF-8` };
      throw err;
    }
    const families = parseTextFormat(text, { source: path, strict: true });
    const stamped = families.flatMap((f) => f.samples).find((s) => s.timestampMs !== undefined);
    if (stamped !== undefined) {
      return {
        problem: `cannot use textfile ${path}: line ${stamped.line} has a client-side timestamp, which the textfile collector does not support`,
      };
    }
    // Go's UnixNano()/1e9 in int64: whole seconds, truncated.
    const { mtimeNs } = await handle.stat({ bigint: true });
    return { families, mtimeSeconds: Number(mtimeNs / 1_000_000_000n) };
  } catch (err) {
    // The parser's message already reads `cannot parse <path> line N: …`.
    if (err instanceof InvalidInputError) return { problem: err.message };
    return { problem: `cannot read textfile ${path}: ${describeError(err)}` };
  } finally {
    await handle.close();
  }
}
