import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { InvalidInputError } from '@seahawks/model';
import { readInventory } from '../inventory.js';
import { hasCredential, joinPaths } from './join-files.js';
import { joinNester } from './join.js';
import type { JoinResult } from './join.js';
import { checkNodeName, parseJoinLabels } from './join-input.js';

/** The flags of `seahawks harvester join`. */
export interface JoinFlags {
  /** The token itself; visible in the process list, so automation uses `tokenFile`. */
  token?: string;
  /** A file holding the token (a Kubernetes Secret, a 0600 file), `-` for standard input. */
  tokenFile?: string;
  /** Exit quietly when the data directory already holds a credential (init containers, Ansible). */
  skipIfJoined?: boolean;
  caHash: string;
  name?: string;
  labels?: string;
  data: string;
  config?: string;
  verifyServerName?: boolean;
}

/**
 * `seahawks harvester join <url> --token … --ca-hash …`: checks the flags, joins, and prints
 * what was written and what to run next. Relative paths are made absolute, so the config file
 * works from any directory (systemd starts in `/`).
 */
export async function runJoinCommand(
  url: string,
  flags: JoinFlags,
  out: (text: string) => void,
  stdin: () => Promise<string> = readStdin,
): Promise<JoinResult | undefined> {
  const labels = parseJoinLabels(flags.labels ?? '');
  const name = checkNodeName(flags.name ?? hostname());
  const paths = joinPaths(
    resolve(flags.data),
    flags.config === undefined ? undefined : resolve(flags.config),
  );
  if (flags.skipIfJoined && (await hasCredential(paths))) {
    out(`${paths.credentialFile} exists: this harvester has joined already; nothing to do.\n`);
    return undefined;
  }
  const result = await joinNester({
    url,
    token: await joinToken(flags, stdin),
    caHash: flags.caHash,
    name,
    labels,
    dataDir: paths.dataDir,
    configFile: flags.config === undefined ? undefined : paths.configFile,
    inventory: await readInventory('/', '/proc'),
    verifyServerName: flags.verifyServerName,
    onNameTolerated: (host, reason) =>
      out(
        `note: the nester's certificate does not name "${host}" (${reason}); accepted because the ` +
          `pinned CA signed it. Add "${host}" to tunnel.serverNames on the nester to silence this.\n`,
      ),
  });
  out(describeJoin(result));
  return result;
}

/**
 * The token from `--token` or `--token-file` (exactly one), surrounding white space dropped:
 * a Secret or a here-string often ends with a newline.
 */
export async function joinToken(flags: JoinFlags, stdin: () => Promise<string>): Promise<string> {
  if ((flags.token === undefined) === (flags.tokenFile === undefined))
    throw new InvalidInputError(
      'cannot join: give the join token with exactly one of --token or --token-file',
    );
  if (flags.token !== undefined) return flags.token;
  const file = flags.tokenFile!;
  try {
    return (file === '-' ? await stdin() : await readFile(file, 'utf8')).trim();
  } catch (err) {
    throw new InvalidInputError(`cannot read --token-file ${file}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The lines an operator reads after a join. */
export function describeJoin(r: JoinResult): string {
  const labels = Object.entries(r.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return [
    `This machine joined ${r.nester} as "${r.name}"${labels === '' ? '' : ` with labels ${labels}`}.`,
    `  credential  ${r.credentialFile} (mode 0600, keep it secret)`,
    `  nester CA   ${r.caFile} (pinned for every connection)`,
    `  config      ${r.configFile}`,
    '',
    'Start the harvester with:',
    '',
    `  seahawks harvester run --config ${r.configFile}`,
    '',
    `It shows up on the nester in \`seahawks nester harvesters\` once it is connected.`,
    '',
  ].join('\n');
}
