// Grafana provisioning: the datasource points Grafana's own Prometheus datasource at the nester
// with a token, the dashboard provider finds our dashboards where compose, Ansible and the docs
// put them, and every query of the fleet and host dashboards answers through the nester's API,
// authenticated as Grafana would be, with a token made by deploy/grafana/create-token.sh, about
// a real harvester of this machine. (Grafana itself is not a Debian package: it is not run here.)
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { waitFor } from '../e2e/processes.js';
import type { Daemon } from '../outage/seahawks-cli.js';
import { startLocalHarvester, startLocalNester } from './local-nester.js';
import type { LocalNester } from './local-nester.js';
import { REPO_ROOT, runOk } from './tools.js';

const GRAFANA = join(REPO_ROOT, 'deploy/grafana');
const DASHBOARDS = ['seahawks-fleet', 'seahawks-host'];

interface Target {
  refId: string;
  expr: string;
  datasource: { uid: string };
}
interface Panel {
  id: number;
  title: string;
  type: string;
  datasource: { type: string; uid: string };
  gridPos: { x: number; y: number; w: number; h: number };
  targets: Target[];
}
interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: Array<{ name: string; type: string }> };
}

async function dashboard(name: string): Promise<Dashboard> {
  return JSON.parse(await readFile(join(GRAFANA, 'dashboards', `${name}.json`), 'utf8')) as Dashboard;
}

/** Series this machine may lack (a VM without sensors or PSI); their queries must still answer. */
const MAY_BE_EMPTY = /node_hwmon_temp|node_thermal_zone|node_pressure/;

describe('Grafana provisioning and dashboards', { timeout: 180_000 }, () => {
  it('the datasource is Prometheus-type, points at the nester, and sends a bearer token', async () => {
    const doc = parse(await readFile(join(GRAFANA, 'provisioning/datasources/seahawks.yaml'), 'utf8')) as {
      datasources: Array<
        Record<string, unknown> & { jsonData: Record<string, string>; secureJsonData: Record<string, string> }
      >;
    };
    const [ds] = doc.datasources;
    assert.deepEqual(
      [ds!.type, ds!.uid, ds!.url, ds!.access],
      ['prometheus', 'seahawks', '$SEAHAWKS_URL', 'proxy'],
    );
    assert.equal(ds!.jsonData.httpHeaderName1, 'Authorization');
    assert.equal(ds!.secureJsonData.httpHeaderValue1, 'Bearer $SEAHAWKS_API_TOKEN');
    const provider = parse(
      await readFile(join(GRAFANA, 'provisioning/dashboards/seahawks.yaml'), 'utf8'),
    ) as {
      providers: Array<{ options: { path: string } }>;
    };
    const path = provider.providers[0]!.options.path;
    const compose = await readFile(join(REPO_ROOT, 'deploy/docker/compose.yaml'), 'utf8');
    assert.ok(compose.includes(`../grafana/dashboards:${path}:ro`), 'compose mounts the dashboards there');
    const role = await readFile(
      join(REPO_ROOT, 'deploy/ansible/roles/seahawks_grafana/tasks/main.yml'),
      'utf8',
    );
    assert.ok(role.includes(`dest: ${path}/`), 'the Ansible role copies them there');
  });

  it('the dashboards are well formed: unique uids and ids, every panel on the datasource variable, in the grid', async () => {
    const uids = new Set<string>();
    for (const name of DASHBOARDS) {
      const d = await dashboard(name);
      assert.equal(d.uid, name);
      assert.ok(!uids.has(d.uid));
      uids.add(d.uid);
      assert.ok(d.templating.list.some((v) => v.name === 'datasource' && v.type === 'datasource'));
      const ids = new Set(d.panels.map((p) => p.id));
      assert.equal(ids.size, d.panels.length, `${name}: panel ids are unique`);
      for (const p of d.panels) {
        assert.equal(p.datasource.uid, '${datasource}', `${name} / ${p.title}`);
        assert.ok(p.gridPos.x + p.gridPos.w <= 24, `${name} / ${p.title} fits the 24-column grid`);
        assert.ok(p.targets.length > 0 && p.targets.every((t) => t.expr.length > 0 && t.refId !== ''));
      }
    }
  });

  describe('against a nester with a real harvester', () => {
    let dir: string;
    let nester: LocalNester;
    let harvester: Daemon;
    let token: string;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'seahawks-grafana-'));
      nester = await startLocalNester();
      harvester = await startLocalHarvester(nester, 'grafana-host', join(dir, 'harvester'));
      const out = await runOk('bash', [join(GRAFANA, 'create-token.sh'), nester.url], {
        env: { SEAHAWKS_ADMIN_PASSWORD: nester.password },
      });
      token = /^SEAHAWKS_API_TOKEN=(\S+)$/m.exec(out.stdout)![1]!;
      // rate() needs two samples of a counter; $__rate_interval is 1m below.
      await waitFor('two collections stored', 30_000, async () => {
        const r = await nester.query(
          'count_over_time(node_cpu_seconds_total{instance="grafana-host",mode="idle"}[1m])',
        );
        return r.some((s) => Number(s.value[1]) >= 3) ? true : undefined;
      });
    });
    after(async () => {
      await harvester?.stop();
      await nester?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('every query of both dashboards answers, with data, through the token create-token.sh made', async () => {
      assert.match(token, /^sht_/);
      const now = Math.floor(Date.now() / 1000);
      const empty: string[] = [];
      for (const name of DASHBOARDS) {
        for (const p of (await dashboard(name)).panels) {
          for (const t of p.targets) {
            const expr = t.expr
              .replaceAll('$__rate_interval', '1m')
              .replaceAll('$team', '.*')
              .replaceAll('$instance', 'grafana-host');
            const body = new URLSearchParams({
              query: expr,
              start: String(now - 300),
              end: String(now),
              step: '15',
            });
            const res = await fetch(`${nester.url}/api/v1/query_range`, {
              method: 'POST',
              headers: {
                authorization: `Bearer ${token}`,
                'content-type': 'application/x-www-form-urlencoded',
              },
              body,
            });
            const answer = (await res.json()) as {
              status: string;
              error?: string;
              data: { result: unknown[] };
            };
            assert.equal(
              answer.status,
              'success',
              `${name} / ${p.title} / ${t.refId}: ${answer.error}\n${expr}`,
            );
            if (answer.data.result.length === 0 && !MAY_BE_EMPTY.test(t.expr))
              empty.push(`${name} / ${p.title} / ${t.refId}`);
          }
        }
      }
      assert.deepEqual(empty, [], 'panels without data');
    });
  });
});
