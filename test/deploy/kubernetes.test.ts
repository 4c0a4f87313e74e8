// Kubernetes recipes: the Kustomize manifests (kubectl kustomize) and the Helm chart (rendered
// with Go's text/template and Sprig, as Helm does: test/deploy/helm-render) render, validate
// against the Kubernetes API schemas (k8s-validate.ts), and the harvester DaemonSet, started with
// its own arguments, environment and mounts on a fake node whose /proc and /sys are fixture
// files, reports that node's metrics rather than this machine's.
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '../e2e/processes.js';
import { NO_PROXY_ENV, runCli, startDaemon } from '../outage/seahawks-cli.js';
import type { Daemon } from '../outage/seahawks-cli.js';
import { parseManifests, validateManifests } from './k8s-validate.js';
import type { Manifest } from './k8s-validate.js';
import { startLocalNester } from './local-nester.js';
import type { LocalNester } from './local-nester.js';
import { emulateContainer } from './pod-emulation.js';
import type { PodSpec } from './pod-emulation.js';
import { REPO_ROOT, requireTool, runOk } from './tools.js';

const CHART = join(REPO_ROOT, 'deploy/helm/seahawks');
const KUSTOMIZE = join(REPO_ROOT, 'deploy/kubernetes');
const FIXTURE = join(REPO_ROOT, 'apps/harvester/testdata/x86');

function find(ms: readonly Manifest[], kind: string, name?: string): Manifest[] {
  return ms.filter((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
}

function podOf(m: Manifest): PodSpec {
  return (m.spec as { template: { spec: PodSpec } }).template.spec;
}

async function assertValid(ms: readonly Manifest[], what: string): Promise<void> {
  const problems = await validateManifests(ms);
  assert.deepEqual(problems, [], `${what} does not validate:\n${problems.join('\n')}`);
}

describe('Kubernetes: Kustomize manifests and Helm chart', { timeout: 240_000 }, () => {
  let dir: string;
  let helmRender: string;
  const render = async (values: object = {}, strict = true): Promise<Manifest[]> => {
    const file = join(dir, `values-${Math.random().toString(36).slice(2)}.json`);
    await writeFile(file, JSON.stringify(values));
    const args = [
      ...(strict ? ['-strict'] : []),
      '-name',
      'demo',
      '-namespace',
      'seahawks',
      '-f',
      file,
      CHART,
    ];
    return parseManifests((await runOk(helmRender, args)).stdout);
  };

  before(async () => {
    await requireTool('kubectl', 'kubernetes-client');
    const go = await requireTool('go', 'golang-go');
    dir = await mkdtemp(join(tmpdir(), 'seahawks-k8s-'));
    helmRender = join(dir, 'helm-render');
    // Debian's Go libraries (Sprig, sigs.k8s.io/yaml) live in a GOPATH: no module download.
    await runOk(go, ['build', '-o', helmRender, '.'], {
      cwd: join(REPO_ROOT, 'test/deploy/helm-render'),
      env: { GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOFLAGS: '', GOCACHE: join(dir, 'go-cache') },
      timeoutMs: 180_000,
    });
  });
  after(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

  it('kubectl kustomize renders the base and the team overlay, and both validate', async () => {
    const base = parseManifests((await runOk('kubectl', ['kustomize', join(KUSTOMIZE, 'base')])).stdout);
    assert.deepEqual(base.map((m) => `${m.kind}/${m.metadata.name}`).sort(), [
      'ConfigMap/seahawks-nester',
      'DaemonSet/seahawks-harvester',
      'Namespace/seahawks',
      'Service/seahawks-nester',
      'StatefulSet/seahawks-nester',
    ]);
    await assertValid(base, 'deploy/kubernetes/base');
    const team = parseManifests(
      (await runOk('kubectl', ['kustomize', join(KUSTOMIZE, 'teams/team-a')])).stdout,
    );
    await assertValid(team, 'deploy/kubernetes/teams/team-a');
    const [ds] = find(team, 'DaemonSet');
    assert.equal(ds?.metadata.namespace, 'team-a');
    const pod = podOf(ds) as PodSpec & { nodeSelector?: Record<string, string> };
    assert.deepEqual(pod.nodeSelector, { 'seahawks.io/team': 'a' });
    assert.ok(pod.initContainers?.[1]?.args?.includes('team=a'), 'the team label reaches the join');
  });

  it('the plain manifests are the chart rendered (deploy/kubernetes/generate.sh output is current)', async () => {
    const out = join(dir, 'generated');
    await mkdir(join(out, 'nester'), { recursive: true });
    await mkdir(join(out, 'harvester'), { recursive: true });
    await runOk('bash', [join(KUSTOMIZE, 'generate.sh'), out], {
      env: { GOCACHE: join(dir, 'go-cache') },
      timeoutMs: 180_000,
    });
    for (const f of ['nester/nester.yaml', 'harvester/harvester.yaml'])
      assert.equal(
        await readFile(join(out, f), 'utf8'),
        await readFile(join(KUSTOMIZE, 'base', f), 'utf8'),
        `deploy/kubernetes/base/${f} is stale: run deploy/kubernetes/generate.sh`,
      );
  });

  it('the chart renders with its defaults: nester StatefulSet + Service + volume, harvester DaemonSet on every node', async () => {
    const ms = await render();
    await assertValid(ms, 'the chart with default values');
    const [sts] = find(ms, 'StatefulSet', 'demo-seahawks-nester');
    assert.ok(sts, 'a nester StatefulSet');
    const claims = (sts.spec as { volumeClaimTemplates: Array<{ metadata: { name: string } }> })
      .volumeClaimTemplates;
    assert.deepEqual(
      claims.map((c) => c.metadata.name),
      ['data'],
    );
    assert.equal(find(ms, 'Service', 'demo-seahawks-nester').length, 1);
    const [ds] = find(ms, 'DaemonSet');
    const pod = podOf(ds!);
    assert.equal(pod.hostNetwork, true);
    assert.equal(pod.hostPID, true);
    assert.ok(
      pod.tolerations?.some(
        (t) => t.key === 'node-role.kubernetes.io/control-plane' && t.operator === 'Exists',
      ),
      'the control plane is watched too',
    );
    const mounts = pod.containers[0]!.volumeMounts ?? [];
    for (const path of ['/host/proc', '/host/sys', '/host/root'])
      assert.equal(mounts.find((m) => m.mountPath === path)?.readOnly, true, `${path} is mounted read-only`);
    const config = JSON.parse((find(ms, 'ConfigMap')[0]!.data as Record<string, string>)['nester.json']!) as {
      tunnel: { serverNames: string[] };
    };
    assert.ok(config.tunnel.serverNames.includes('demo-seahawks-nester.seahawks.svc'));
  });

  it('the chart renders a namespace and a harvester DaemonSet per team, and the postgres and NodePort variants', async () => {
    const ms = await render({
      teams: [{ name: 'a' }, { name: 'b', labels: { site: 'lab' } }],
      harvester: { labels: { cluster: 'workshop' } },
    });
    await assertValid(ms, 'the chart with two teams');
    assert.deepEqual(
      find(ms, 'Namespace').map((n) => [n.metadata.name, n.metadata.labels?.['seahawks.io/team']]),
      [
        ['team-a', 'a'],
        ['team-b', 'b'],
      ],
    );
    const daemonSets = find(ms, 'DaemonSet');
    assert.deepEqual(
      daemonSets.map((d) => d.metadata.namespace),
      ['team-a', 'team-b'],
    );
    const join = podOf(daemonSets[1]!).initContainers![1]!.args!;
    assert.equal(join[join.indexOf('--labels') + 1], 'cluster=workshop,site=lab,team=b');

    const pg = await render({
      nester: {
        storage: {
          engine: 'postgres',
          postgresUrl: 'postgres://seahawks@db:5432/seahawks',
          postgresPasswordSecret: 'db',
        },
        adminPasswordSecret: 'admin',
        service: { type: 'NodePort', httpNodePort: 30080, agentNodePort: 30500 },
      },
    });
    await assertValid(pg, 'the chart with PostgreSQL and NodePorts');
    const env = podOf(find(pg, 'StatefulSet')[0]!).containers[0]!.env!.map((e) => e.name);
    assert.ok(env.includes('PGPASSWORD') && env.includes('SEAHAWKS_ADMIN_PASSWORD'));
    await assert.rejects(render({ nester: { storage: { engine: 'postgres' } } }), /postgresUrl is required/);
  });

  describe('the harvester DaemonSet on a fake node', () => {
    let nester: LocalNester;
    let harvester: Daemon | undefined;
    before(async () => {
      nester = await startLocalNester();
    });
    after(async () => {
      await harvester?.stop();
      await nester?.stop();
    });

    it("joins with the DaemonSet's init container and reports the node's /proc and /sys, not this machine's", async () => {
      const [ds] = find(await render(), 'DaemonSet');
      const pod = podOf(ds!);
      const node = join(dir, 'node');
      await cp(join(FIXTURE, 'proc'), join(node, 'proc'), { recursive: true });
      await cp(join(FIXTURE, 'sys'), join(node, 'sys'), { recursive: true });
      await cp(join(FIXTURE, 'rootfs'), join(node, 'root'), { recursive: true });
      const cmd = await nester.joinCommand();
      const fake = {
        nodeName: 'k8s-node-1',
        hostPaths: {
          '/proc': join(node, 'proc'),
          '/sys': join(node, 'sys'),
          '/': join(node, 'root'),
          '/var/lib/seahawks-harvester': join(node, 'var/lib/seahawks-harvester'),
        },
        secrets: { 'seahawks-join': { token: `${cmd.token}\n`, caHash: cmd.caHash } },
        scratch: join(dir, 'scratch'),
        replace: { 'https://demo-seahawks-nester.seahawks.svc:5000': cmd.url },
      };
      const joinInit = await emulateContainer(pod, 'join', fake);
      assert.deepEqual(joinInit.args.slice(0, 2), ['harvester', 'join']);
      const joined = await runCli(joinInit.args, { env: { ...NO_PROXY_ENV, ...joinInit.env } });
      assert.equal(joined.code, 0, joined.stderr);
      const again = await runCli(joinInit.args, { env: { ...NO_PROXY_ENV, ...joinInit.env } });
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /has joined already; nothing to do/, 'a restarted pod does not join twice');

      const main = await emulateContainer(pod, 'harvester', fake);
      assert.deepEqual(
        main.mounts
          .filter((m) => m.hostPath !== undefined && m.readOnly)
          .map((m) => [m.hostPath, m.mountPath]),
        [
          ['/proc', '/host/proc'],
          ['/sys', '/host/sys'],
          ['/', '/host/root'],
        ],
      );
      harvester = await startDaemon(main.args, /tunnel online/, {
        env: { ...NO_PROXY_ENV, ...main.env, SEAHAWKS_HARVESTER_INTERVAL: '1s' },
      });
      const golden = await readFile(join(REPO_ROOT, 'apps/harvester/testdata/x86.golden.prom'), 'utf8');
      const memTotal = Number(/^node_memory_MemTotal_bytes (\S+)$/m.exec(golden)![1]);
      const uname = await waitFor('node_uname_info of k8s-node-1', 30_000, async () => {
        const [r] = await nester.query('node_uname_info{instance="k8s-node-1"}');
        return r?.metric;
      });
      assert.equal(uname.nodename, 'workstation', "the fixture's host name, not this machine's");
      const [mem] = await nester.query('node_memory_MemTotal_bytes{instance="k8s-node-1"}');
      assert.equal(Number(mem!.value[1]), memTotal, "the fixture's MemTotal");
      const own = /^MemTotal:\s+(\d+) kB$/m.exec(await readFile('/proc/meminfo', 'utf8'))![1]!;
      assert.notEqual(
        Number(own) * 1024,
        memTotal,
        "this machine's MemTotal differs, so the check means something",
      );
    });
  });
});
