// Where a V8 CPU profile (`node --cpu-prof`) spent its time: self time per function and per
// part of the program, enough to say what dominates a process's cost.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Self time of one function or one part, in milliseconds and as a share of the profile. */
export interface ProfileEntry {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Self time by part: a harvester directory (`collectors/cpu.ts`), a package, Node's internals, GC, idle. */
  byPart: ProfileEntry[];
  byFunction: ProfileEntry[];
}

/** Reads the newest `*.cpuprofile` in `dir` and summarises it. */
export async function summarizeProfileDir(dir: string): Promise<{ file: string; summary: ProfileSummary }> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile')).sort();
  const file = files.at(-1);
  if (file === undefined) throw new Error(`cannot summarise the CPU profile: no .cpuprofile in ${dir}`);
  const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as CpuProfile;
  return { file: join(dir, file), summary: summarizeProfile(profile) };
}

/** Self time per function and per part, largest first; sample i lasted timeDeltas[i + 1]. */
export function summarizeProfile(profile: CpuProfile): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  const parts = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) continue;
    const part = partOf(frame.url, frame.functionName);
    parts.set(part, (parts.get(part) ?? 0) + us);
    const fn = `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  }
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const entries = (m: Map<string, number>): ProfileEntry[] =>
    [...m]
      .map(([name, us]) => ({ name, ms: us / 1000, share: totalUs > 0 ? us / totalUs : 0 }))
      .sort((a, b) => b.ms - a.ms);
  return { totalMs: totalUs / 1000, byPart: entries(parts), byFunction: entries(functions) };
}

/** Groups a frame: idle and GC by name, our files by directory, packages by name, Node by `node:`. */
function partOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg !== null) return pkg[1]!;
  const ours = /(apps|packages)\/([^/]+)\/(?:dist|src)\/(.+?)\.[jt]s$/.exec(url);
  if (ours !== null) return `${ours[2]}/${ours[3]!.split('/').slice(0, 2).join('/')}`;
  return shortUrl(url);
}

function shortUrl(url: string): string {
  return url.replace(/^file:\/\/.*?\/(apps|packages|node_modules|bin)\//, '$1/');
}

/** The top `n` entries as indented lines: `  12.3 %  4567 ms  name`. */
export function formatEntries(entries: readonly ProfileEntry[], n: number): string {
  return entries
    .slice(0, n)
    .map((e) => `  ${(e.share * 100).toFixed(1).padStart(5)} %  ${e.ms.toFixed(0).padStart(7)} ms  ${e.name}`)
    .join('\n');
}
