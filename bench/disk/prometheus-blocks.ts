// Prometheus' side of the disk benchmark: the data as an OpenMetrics file, turned into TSDB
// blocks by `promtool tsdb create-blocks-from openmetrics` (2 h blocks, as the head compacts
// them), then sized per file kind.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Dataset } from './datasets.js';

export interface BlockSizes {
  readonly blocks: number;
  /** Bytes of `chunks/*` files: the compressed samples (compaction copies them as they are). */
  readonly chunks: number;
  /** Bytes of the `index` files: symbols, series, postings, label indexes, TOC. */
  readonly index: number;
  /** meta.json and tombstones. */
  readonly other: number;
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  // JavaScript's shortest round-trip form parses back to the same bits in Go.
  return String(v);
}

/** Writes every sample of `data` as OpenMetrics text to `path`; returns the sample count. */
export async function writeOpenMetrics(data: Dataset, path: string): Promise<number> {
  const out = createWriteStream(path);
  let samples = 0;
  for (const batch of data.batches()) {
    let text = '';
    for (const s of batch) {
      const name = s.labels.find((l) => l.name === '__name__')?.value ?? '';
      const rest = s.labels
        .filter((l) => l.name !== '__name__')
        .map((l) => `${l.name}="${escapeLabel(l.value)}"`)
        .join(',');
      const series = `${name}{${rest}}`;
      for (const { t, v } of s.samples) text += `${series} ${formatValue(v)} ${(t / 1000).toFixed(3)}\n`;
      samples += s.samples.length;
    }
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end('# EOF\n');
  await once(out, 'finish');
  return samples;
}

/** Runs promtool on an OpenMetrics file; blocks go to `outDir`. */
export async function createBlocks(input: string, outDir: string): Promise<void> {
  const child = spawn('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', input, outDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr.on('data', (b: Buffer) => (output += b.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0)
    throw new Error(`cannot create blocks with promtool (exit ${code}): ${output.slice(-2000)}`);
}

/** Sizes of the blocks under `dir`, by kind of file. */
export async function blockSizes(dir: string): Promise<BlockSizes> {
  const sizes = { blocks: 0, chunks: 0, index: 0, other: 0 };
  for (const block of await readdir(dir)) {
    sizes.blocks++;
    const bdir = join(dir, block);
    for (const name of await readdir(bdir)) {
      if (name === 'chunks') {
        for (const seg of await readdir(join(bdir, name)))
          sizes.chunks += (await stat(join(bdir, name, seg))).size;
      } else if (name === 'index') {
        sizes.index += (await stat(join(bdir, name))).size;
      } else {
        sizes.other += (await stat(join(bdir, name))).size;
      }
    }
  }
  return sizes;
}
