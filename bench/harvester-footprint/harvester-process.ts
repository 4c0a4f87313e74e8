// The harvester's collection loop (harvester-loop.ts) as a child process running plain
// JavaScript on the compiled harvester, and what it reports.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LOOP_SOURCE = fileURLToPath(new URL('harvester-loop.ts', import.meta.url));

export interface HarvesterProcessOptions {
  /** A scratch directory of the benchmark's own; the transpiled loop goes here. */
  workDir: string;
  /** An empty directory for the textfile collector (node_exporter gets the same). */
  textfileDirectory: string;
  /** The loop ends by itself after this long, should nobody stop it. */
  maxSeconds: number;
  /** Write a V8 CPU profile to this directory when the loop exits (`node --cpu-prof`). */
  cpuProfileDir?: string;
}

export interface HarvesterProcess {
  readonly pid: number;
  /** True while the process runs. */
  running(): boolean;
  /** Collections whose timestamp lies in [fromMs, toMs). */
  collectionsBetween(fromMs: number, toMs: number): number;
  /** Samples and compressed bytes of the newest collection. */
  lastCollection(): { samples: number; bytes: number } | undefined;
  /** The last 16 KiB the process printed to stderr, for error messages. */
  errors(): string;
  /** SIGTERM (the loop finishes its round and exits), SIGKILL after 10 s. Never throws. */
  stop(): Promise<void>;
}

/**
 * Compiles the harvester and its packages (`tsc -b apps/harvester`, quick when up to date) so
 * that the benchmark measures the JavaScript a deployment runs, not a TypeScript loader.
 * @throws Error `cannot build the harvester: …` with the compiler's output.
 */
export function buildHarvester(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-b', 'apps/harvester'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0)
    throw new Error(`cannot build the harvester: tsc exited ${r.status}: ${r.stdout}${r.stderr}`);
}

/** Transpiles harvester-loop.ts into `workDir` and starts it with plain Node. */
export async function startHarvesterProcess(options: HarvesterProcessOptions): Promise<HarvesterProcess> {
  const { outputText } = ts.transpileModule(await readFile(LOOP_SOURCE, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
  });
  const script = join(options.workDir, 'harvester-loop.mjs');
  await writeFile(script, outputText);
  const profile =
    options.cpuProfileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`];
  const child = spawn(
    process.execPath,
    [...profile, script, ROOT, options.textfileDirectory, String(options.maxSeconds)],
    { cwd: options.workDir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const collections: Array<{ t: number; samples: number; bytes: number }> = [];
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const m = /^collected (\d+) (\d+) (\d+)$/.exec(line);
      if (m !== null) collections.push({ t: Number(m[1]), samples: Number(m[2]), bytes: Number(m[3]) });
    }
  });
  let errors = '';
  const keep = (text: string): void => {
    errors = (errors + text).slice(-16_384);
  };
  child.stderr.on('data', (chunk: Buffer) => keep(chunk.toString()));
  child.on('error', (err) => keep(`\n${err.message}`));
  // No loop outlives an interrupted benchmark.
  const guard = (): void => {
    if (isRunning(child)) child.kill('SIGKILL');
  };
  process.once('exit', guard);
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  return {
    pid: child.pid!,
    running: () => isRunning(child),
    collectionsBetween: (fromMs, toMs) => collections.filter((c) => c.t >= fromMs && c.t < toMs).length,
    lastCollection: () => collections.at(-1),
    errors: () => errors,
    stop: async () => {
      await stopChild(child);
      process.removeListener('exit', guard);
    },
  };
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (!isRunning(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
