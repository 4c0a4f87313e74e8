// Turns a container of a rendered pod template into the process Kubernetes would start, on this
// machine: its args with $(VAR) expanded as the kubelet does, its env (fieldRef spec.nodeName and
// secretKeyRef resolved), and every path under a volume mount moved to where that volume lives
// here (a hostPath to a directory standing in for the node's, a Secret to a directory of files).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath: string }; secretKeyRef?: { name: string; key: string } };
}
interface Container {
  name: string;
  args?: string[];
  command?: string[];
  env?: EnvVar[];
  volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
}
interface Volume {
  name: string;
  hostPath?: { path: string };
  secret?: { secretName: string };
}
export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
  hostNetwork?: boolean;
  hostPID?: boolean;
  tolerations?: Array<{ key?: string; operator?: string; effect?: string }>;
}

export interface FakeNode {
  readonly nodeName: string;
  /** Node path of a hostPath volume → the local directory standing in for it. */
  readonly hostPaths: Readonly<Record<string, string>>;
  /** Secret name → its keys and values. */
  readonly secrets: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Where Secret volumes are written. */
  readonly scratch: string;
  /** Strings to replace in args (the nester's cluster DNS name has no meaning here). */
  readonly replace?: Readonly<Record<string, string>>;
}

export interface EmulatedProcess {
  readonly args: string[];
  readonly env: Record<string, string>;
  /** mountPath → local directory, and whether the manifest mounts it read-only. */
  readonly mounts: ReadonlyArray<{ mountPath: string; local: string; readOnly: boolean; hostPath?: string }>;
}

/** The process of container `name` (init containers included) of `pod` on `node`. */
export async function emulateContainer(pod: PodSpec, name: string, node: FakeNode): Promise<EmulatedProcess> {
  const container = [...(pod.initContainers ?? []), ...pod.containers].find((c) => c.name === name);
  if (!container) throw new Error(`no container "${name}" in the pod template`);
  const mounts: Array<{ mountPath: string; local: string; readOnly: boolean; hostPath?: string }> = [];
  for (const m of container.volumeMounts ?? []) {
    const volume = pod.volumes?.find((v) => v.name === m.name);
    if (!volume) throw new Error(`container ${name} mounts volume ${m.name}, which the pod does not have`);
    let local: string;
    if (volume.hostPath) {
      const path = node.hostPaths[volume.hostPath.path];
      if (path === undefined) throw new Error(`no stand-in for hostPath ${volume.hostPath.path}`);
      local = path;
    } else if (volume.secret) {
      local = join(node.scratch, `secret-${volume.secret.secretName}`);
      await mkdir(local, { recursive: true });
      for (const [k, v] of Object.entries(secretOf(node, volume.secret.secretName)))
        await writeFile(join(local, k), v, { mode: 0o400 });
    } else throw new Error(`volume ${m.name}: only hostPath and secret volumes are emulated`);
    mounts.push({
      mountPath: m.mountPath,
      local,
      readOnly: m.readOnly === true,
      hostPath: volume.hostPath?.path,
    });
  }
  const byLength = [...mounts].sort((a, b) => b.mountPath.length - a.mountPath.length);
  const relocate = (text: string): string => {
    for (const m of byLength)
      if (text === m.mountPath || text.startsWith(`${m.mountPath}/`))
        return m.local + text.slice(m.mountPath.length);
    return text;
  };
  const env: Record<string, string> = {};
  for (const e of container.env ?? []) {
    if (e.value !== undefined) env[e.name] = relocate(e.value);
    else if (e.valueFrom?.fieldRef?.fieldPath === 'spec.nodeName') env[e.name] = node.nodeName;
    else if (e.valueFrom?.secretKeyRef) {
      const { name: secret, key } = e.valueFrom.secretKeyRef;
      const value = secretOf(node, secret)[key];
      if (value === undefined) throw new Error(`secret ${secret} has no key ${key}`);
      env[e.name] = value;
    } else throw new Error(`env ${e.name}: only value, fieldRef spec.nodeName and secretKeyRef are emulated`);
  }
  // The kubelet expands $(VAR) from the container's env; $$ escapes a literal $.
  const expand = (arg: string): string =>
    arg.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (all, v: string | undefined) =>
      v === undefined ? '$' : (env[v] ?? all),
    );
  const args = [...(container.command ?? []), ...(container.args ?? [])].map((a) => {
    let out = relocate(expand(a));
    for (const [from, to] of Object.entries(node.replace ?? {})) out = out.replaceAll(from, to);
    return out;
  });
  return { args, env, mounts };
}

function secretOf(node: FakeNode, name: string): Readonly<Record<string, string>> {
  const secret = node.secrets[name];
  if (!secret) throw new Error(`no secret ${name} on the fake node`);
  return secret;
}
