// Two network namespaces of the test's own, joined by one veth pair and nothing else:
//
//   nester side (10.200.0.1/30)  <-- veth -->  harvester side (10.200.0.2/30)
//   nester on its own 127.0.0.1                only route: 10.200.0.0/30
//   tinyproxy on 10.200.0.1
//
// The nester listens on the nester side's loopback, which no other namespace can reach, so the
// harvester side's only way to it is the proxy. The addresses exist only inside these
// namespaces; the host's own network is never touched.
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const PROXY_SIDE_ADDRESS = '10.200.0.1';
export const HARVESTER_SIDE_ADDRESS = '10.200.0.2';

export interface NamespacePair {
  /** Where the nester and the proxy run. */
  readonly nesterSide: string;
  /** Where the harvester runs. */
  readonly harvesterSide: string;
  /** The command prefix that runs a program inside `ns`. */
  exec(ns: string): string[];
  /** Deletes both namespaces (and so the veth pair); never throws. */
  remove(): Promise<void>;
}

/**
 * Fails (never skips) when a program the test drives is missing, naming its Debian package:
 * CI installs them through scripts/ensure-system-deps.sh.
 */
export function requireProgram(program: string, debianPackage: string): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const path = join(dir, program);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  throw new Error(
    `cannot find ${program}: install the Debian package ${debianPackage} (scripts/ensure-system-deps.sh does)`,
  );
}

/** Runs `ip …`, with its stderr in the error. */
export async function ip(args: readonly string[]): Promise<string> {
  try {
    return (await run('ip', [...args])).stdout;
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`cannot run ip ${args.join(' ')}: ${e.stderr?.trim() || e.message}`, { cause: err });
  }
}

/** Creates the two namespaces and the veth pair between them (see the top of this file). */
export async function createNamespacePair(tag: string): Promise<NamespacePair> {
  if (process.getuid?.() !== 0) {
    throw new Error('cannot create network namespaces: the proxy test must run as root (CI does)');
  }
  const nesterSide = `seahawks-${tag}-n`;
  const harvesterSide = `seahawks-${tag}-h`;
  const pair: NamespacePair = {
    nesterSide,
    harvesterSide,
    exec: (ns) => ['ip', 'netns', 'exec', ns],
    remove: async () => {
      for (const ns of [nesterSide, harvesterSide]) {
        // Absent already (a half-done setup): that is the goal, anything else is reported.
        await ip(['netns', 'delete', ns]).catch((err: Error) => {
          if (!/No such file|does not exist/.test(err.message)) console.error(err.message);
        });
      }
    },
  };
  await pair.remove(); // left over by a killed run with the same pid
  try {
    await ip(['netns', 'add', nesterSide]);
    await ip(['netns', 'add', harvesterSide]);
    const [a, b] = [`sh${tag}a`.slice(-15), `sh${tag}b`.slice(-15)];
    // Both ends are created inside their namespaces: neither ever exists in the host's.
    await ip([
      'link',
      'add',
      a,
      'netns',
      nesterSide,
      'type',
      'veth',
      'peer',
      'name',
      b,
      'netns',
      harvesterSide,
    ]);
    for (const [ns, dev, addr] of [
      [nesterSide, a, PROXY_SIDE_ADDRESS],
      [harvesterSide, b, HARVESTER_SIDE_ADDRESS],
    ] as const) {
      await ip(['-n', ns, 'addr', 'add', `${addr}/30`, 'dev', dev]);
      await ip(['-n', ns, 'link', 'set', dev, 'up']);
      await ip(['-n', ns, 'link', 'set', 'lo', 'up']);
    }
    return pair;
  } catch (err) {
    await pair.remove();
    throw err;
  }
}

/** The routing table of `ns`, one route a line. */
export async function routesOf(ns: string): Promise<string[]> {
  return (await ip(['-n', ns, 'route', 'show'])).trim().split('\n');
}
