#!/usr/bin/env node
// Runs every *.test.ts beside the code with Node's test runner (through tsx), then prints
// the one summary line CI reads: "N passed, N failed, N skipped".
// Before the tests, the static checks (type-aware lint, format, dependency direction) run as
// one more check that passes or fails, so CI enforces the architecture's rules.
// Usage: node scripts/test.mjs [--no-e2e] [--no-build] [--no-lint] [file-or-dir ...]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const noE2e = args.includes('--no-e2e');
const noBuild = args.includes('--no-build');
const noLint = args.includes('--no-lint') || args.some((a) => !a.startsWith('--'));
const targets = args.filter((a) => !a.startsWith('--'));
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', 'data', 'testdata']);

function findTests(dir, out) {
  for (const name of readdirSync(dir)) {
    if (SKIP_DIRS.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (/\.test\.tsx?$/.test(name)) out.push(relative(root, path));
  }
  return out;
}

function run(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    console.error(`cannot run ${cmd} ${argv.join(' ')}: exit ${r.status ?? r.signal}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

if (!noE2e) run('bash', ['scripts/ensure-system-deps.sh']);
if (!noBuild) run('npm', ['run', 'build', '--silent']);

let lintFailed = 0;
let lintPassed = 0;
if (!noLint) {
  const lint = spawnSync('npm', ['run', 'lint', '--silent'], { cwd: root, stdio: 'inherit' });
  if (lint.status === 0) lintPassed = 1;
  else {
    lintFailed = 1;
    console.error('✖ static checks failed (npm run lint): see above');
  }
}

const roots = targets.length > 0 ? targets : ['packages', 'apps', 'test', 'bench'];
let files = [];
for (const t of roots) {
  const abs = join(root, t);
  if (!existsSync(abs)) {
    if (targets.length > 0) throw new Error(`cannot find tests: ${t} does not exist`);
    continue; // a default root (bench/) may not exist yet
  }
  files = statSync(abs).isDirectory() ? findTests(abs, files) : [...files, relative(root, abs)];
}
if (noE2e) files = files.filter((f) => !f.startsWith('test/e2e/'));
files.sort();

const child = spawn(
  process.execPath,
  ['--conditions=seahawks-source', '--import', 'tsx', '--test', '--test-reporter=spec', ...files],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, FORCE_COLOR: '0' } },
);
const counts = { pass: 0, fail: 0, skipped: 0, todo: 0, cancelled: 0 };
let tail = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  tail = (tail + chunk.toString()).slice(-4000);
});
child.on('close', (code) => {
  for (const key of Object.keys(counts)) {
    const m = tail.match(new RegExp(`^ℹ ${key} (\\d+)$`, 'm'));
    if (m) counts[key] = Number(m[1]);
  }
  const failed = counts.fail + counts.cancelled + (code !== 0 && counts.fail === 0 ? 1 : 0) + lintFailed;
  console.log(
    `${counts.pass + lintPassed} passed, ${failed} failed, ${counts.skipped + counts.todo} skipped`,
  );
  process.exit(failed > 0 ? 1 : 0);
});
