import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { readInventory } from '../inventory.js';
import { joinNester } from './join.js';
import type { JoinResult } from './join.js';
import { checkNodeName, parseJoinLabels } from './join-input.js';

/** The flags of `seahawks harvester join`. */
export interface JoinFlags {
  token: string;
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
): Promise<JoinResult> {
  const labels = parseJoinLabels(flags.labels ?? '');
  const name = checkNodeName(flags.name ?? hostname());
  const result = await joinNester({
    url,
    token: flags.token,
    caHash: flags.caHash,
    name,
    labels,
    dataDir: resolve(flags.data),
    configFile: flags.config === undefined ? undefined : resolve(flags.config),
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
