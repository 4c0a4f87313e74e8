// Container recipes, checked statically: Docker has no engine here, so the images are not built.
// Each Dockerfile is multi-stage, pins its base to an exact version, runs as a non-root user,
// keeps its data on a volume and copies only what .dockerignore lets through; the compose file
// passes `docker-compose config` (Debian's docker-compose validates it against the Compose
// schema), and the nester config it mounts passes the nester's own --check-config.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { runCliOk } from '../outage/seahawks-cli.js';
import { REPO_ROOT, requireTool, run } from './tools.js';

const DOCKER = join(REPO_ROOT, 'deploy/docker');

interface Instruction {
  readonly op: string;
  readonly args: string;
  readonly line: number;
}

/** Dockerfile instructions, continuation lines joined, comments dropped. */
function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i]!;
    if (/^\s*(#|$)/.test(line)) continue;
    while (line.endsWith('\\') && i + 1 < lines.length) line = `${line.slice(0, -1)} ${lines[++i]!.trim()}`;
    const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (m) out.push({ op: m[1]!.toUpperCase(), args: m[2]!.trim(), line: start + 1 });
  }
  return out;
}

describe('container recipes', () => {
  for (const prog of ['nester', 'harvester']) {
    it(`${prog}.Dockerfile: multi-stage, pinned base, non-root, data on a volume`, async () => {
      const text = await readFile(join(DOCKER, `${prog}.Dockerfile`), 'utf8');
      const ins = parseDockerfile(text);
      const args = new Map(
        ins.filter((i) => i.op === 'ARG').map((i) => i.args.split('=') as [string, string]),
      );
      const froms = ins.filter((i) => i.op === 'FROM');
      assert.ok(froms.length >= 2, 'a build stage and a runtime stage');
      for (const f of froms) {
        const image = f.args.split(/\s+/)[0]!.replace(/^\$\{(\w+)\}$/, (_, v: string) => args.get(v) ?? '');
        assert.match(
          image,
          /^[\w./-]+(:\d+\.\d+\.\d+[\w.-]*|@sha256:[0-9a-f]{64})$/,
          `line ${f.line}: ${image} is not pinned`,
        );
      }
      const final = ins.slice(ins.lastIndexOf(froms.at(-1)!));
      const user = final.filter((i) => i.op === 'USER').at(-1);
      assert.ok(user, 'the runtime stage sets USER');
      assert.doesNotMatch(user.args, /^(root|0)(:|$)/, 'and it is not root');
      assert.ok(
        final.some((i) => i.op === 'COPY' && i.args.startsWith('--from=build')),
        'the runtime stage copies from the build stage',
      );
      assert.ok(
        final.some((i) => i.op === 'VOLUME' && i.args.includes('/var/lib/seahawks')),
        'data on a volume',
      );
      assert.ok(!ins.some((i) => i.op === 'ADD' && /https?:/.test(i.args)), 'no ADD of a URL');
      assert.ok(final.some((i) => i.op === 'ENTRYPOINT'));
      const ignore = await readFile(join(DOCKER, `${prog}.Dockerfile.dockerignore`), 'utf8');
      for (const entry of ['**/node_modules', '.git', 'data'])
        assert.ok(ignore.split('\n').includes(entry), entry);
      // The COPYs of package.json files must list every workspace, or `npm ci` fails in the image.
      const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as {
        workspaces: string[];
      };
      for (const ws of pkg.workspaces)
        assert.ok(
          text.includes(`COPY ${ws}/package.json ${ws}/`),
          `${prog}.Dockerfile copies ${ws}/package.json`,
        );
    });
  }

  it('compose.yaml passes docker-compose config, with TimescaleDB, the nester and a provisioned Grafana', async () => {
    await requireTool('docker-compose', 'docker-compose');
    const r = await run('docker-compose', [
      '--env-file',
      join(DOCKER, 'env.example'),
      '-f',
      join(DOCKER, 'compose.yaml'),
      'config',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const config = parse(r.stdout) as {
      services: Record<string, { image: string; volumes?: string[] }>;
      volumes: Record<string, unknown>;
    };
    assert.deepEqual(Object.keys(config.services).sort(), ['grafana', 'nester', 'timescaledb']);
    for (const s of Object.values(config.services))
      assert.match(s.image, /:\d+\.\d+\.\d+/, `${s.image} is pinned`);
    assert.ok(config.services.grafana!.volumes!.some((v) => v.endsWith(':/etc/grafana/provisioning:ro')));
    assert.ok(config.services.nester!.volumes!.some((v) => v.startsWith('nester:/var/lib/seahawks')));
    const missing = await run('docker-compose', ['-f', join(DOCKER, 'compose.yaml'), 'config'], {
      env: { POSTGRES_PASSWORD: '', SEAHAWKS_ADMIN_PASSWORD: '', GRAFANA_ADMIN_PASSWORD: '' },
      cwd: '/',
    });
    assert.notEqual(missing.code, 0, 'no default passwords: compose refuses to start without them');
  });

  it("the nester config compose mounts passes the nester's --check-config", async () => {
    const out = await runCliOk([
      'nester',
      'serve',
      '--check-config',
      '--config',
      join(DOCKER, 'nester.compose.json'),
    ]);
    assert.match(out, /"engine": "postgres"/);
  });
});
