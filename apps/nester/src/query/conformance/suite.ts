import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { ScriptRunner } from './runner.js';
import type { Outcome, ScriptStore } from './runner.js';
import { parseScript } from './script.js';

// Prometheus' own PromQL test scripts, kept beside the clone in CI (never copied into the repo).
const DIR = fileURLToPath(new URL('../../../../../../shared/conformance/promql/', import.meta.url));

// Scope (shared/conformance/README.md): core files must pass; experimental-feature files are a
// bonus (their failures are skipped and counted apart); native histograms are out of scope.
const CORE = new Set([
  'aggregators',
  'at_modifier',
  'collision',
  'functions',
  'histograms',
  'literals',
  'operators',
  'range_queries',
  'selectors',
  'staleness',
  'subquery',
  'trig_functions',
]);
const OUT_OF_SCOPE = new Set(['native_histograms']);

interface Tally {
  pass: number;
  fail: number;
  unsupported: number;
  histogram: number;
}

/** A store for one script file, and how to release it once that file's evals have run. */
export interface ClosableScriptStore extends ScriptStore {
  close(): Promise<void>;
}

/**
 * Declares one test per eval block of every script in shared/conformance/promql, run by
 * `ScriptRunner` over a store `openStore` makes for each file (opened before the file's first
 * eval, closed after its last), and prints the tally per file at the end. Every storage engine
 * runs the same scripts with the same classification (pass, fail, unsupported, native histogram).
 */
export function describeConformanceScripts(
  title: string,
  openStore: (file: string) => Promise<ClosableScriptStore>,
): void {
  const tallies = new Map<string, Tally>();
  const files = existsSync(DIR)
    ? readdirSync(DIR)
        .filter((f) => f.endsWith('.test'))
        .map((f) => f.slice(0, -'.test'.length))
        .sort()
    : [];

  describe(
    title,
    // In CI the scripts are always beside the clone: their absence is a failure there, not a skip.
    { skip: files.length === 0 && !process.env.CI ? `no scripts in ${DIR}` : false },
    () => {
      it('finds the scripts', () => assert.ok(files.length > 0, `no scripts in ${DIR}`));
      for (const file of files) {
        const tally: Tally = { pass: 0, fail: 0, unsupported: 0, histogram: 0 };
        tallies.set(file, tally);
        describeFile(file, tally, openStore);
      }
      after(() => {
        const lines = [...tallies].map(
          ([file, c]) =>
            `${file.padEnd(22)} ${String(c.pass).padStart(4)} passed ${String(c.fail).padStart(4)} failed ` +
            `${String(c.unsupported).padStart(4)} unsupported ${String(c.histogram).padStart(4)} native-histogram`,
        );
        console.log(`${title} (eval blocks per file):\n${lines.join('\n')}`);
      });
    },
  );
}

function describeFile(
  file: string,
  tally: Tally,
  openStore: (file: string) => Promise<ClosableScriptStore>,
): void {
  const core = CORE.has(file);
  const commands = parseScript(readFileSync(join(DIR, `${file}.test`), 'utf8'));
  let opened: Promise<{ store: ClosableScriptStore; runner: ScriptRunner }> | undefined;
  const runner = async (): Promise<ScriptRunner> => {
    opened ??= openStore(file).then((store) => ({ store, runner: new ScriptRunner(store) }));
    return (await opened).runner;
  };

  describe(`${file}${core ? '' : ' (experimental, bonus)'}`, () => {
    after(async () => {
      // A store that failed to open was reported by every eval that needed it.
      if (opened !== undefined) await (await opened.catch(() => undefined))?.store.close();
    });
    // Loads and clears run in order just before the eval that follows them.
    let next = 0;
    for (const [index, cmd] of commands.entries()) {
      if (cmd.kind !== 'eval') continue;
      it(`line ${cmd.line}: ${cmd.query}`, async (t) => {
        if (OUT_OF_SCOPE.has(file)) {
          tally.histogram++;
          return t.skip('native histograms are out of scope');
        }
        const r = await runner();
        for (; next < index; next++) {
          const c = commands[next]!;
          if (c.kind !== 'eval') await r.apply(c);
        }
        next = index + 1;
        const outcome: Outcome = await r.run(cmd);
        switch (outcome.status) {
          case 'pass':
            tally.pass++;
            return;
          case 'histogram':
            tally.histogram++;
            return t.skip('native histograms are out of scope');
          case 'unsupported':
            tally.unsupported++;
            return t.skip(`unsupported: ${outcome.reason}`);
          case 'fail':
            tally.fail++;
            if (!core) return t.skip(`experimental feature, fails: ${outcome.reason}`);
            assert.fail(outcome.reason);
        }
      });
    }
  });
}
