/**
 * The command an operator runs on a machine to join it, kubeadm-style; the CLI
 * (`seahawks nester token create`) and the web UI's enrollment page print the same line.
 */
export function formatJoinCommand(tunnelUrl: string, token: string, caHash: string): string {
  return `seahawks harvester join ${tunnelUrl} --token ${token} --ca-hash ${caHash}`;
}
