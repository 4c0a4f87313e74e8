import { readFileSync } from 'node:fs';
import { formatLabels } from '@seahawks/model';
import { parseScript } from './script.js';
import { ScriptRunner } from './runner.js';
import { MemoryQuerier } from '../testing/memory-querier.js';
import { createQueryEngine } from '../engine.js';

const [file, lineStr] = process.argv.slice(2);
const cmds = parseScript(readFileSync(`/work/shared/conformance/promql/${file}.test`, 'utf8'));
const runner = new ScriptRunner();
for (const c of cmds) {
  if (c.kind !== 'eval') { runner.apply(c); continue; }
  if (c.line !== Number(lineStr)) continue;
  console.log(c.query, JSON.stringify(c.range), c.atMs, JSON.stringify(c.expected.map(e => [formatLabels(e.labels), e.values])));
  console.log(await runner.run(c));
  const engine = (runner as any).engine;
  try {
    const r = c.range ? await engine.rangeQuery(c.query, c.range.startMs, c.range.endMs, c.range.stepMs) : await engine.instantQuery(c.query, c.atMs);
    console.log(JSON.stringify(r, (k, v) => k === 'labels' ? formatLabels(v) : (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)));
  } catch (e) { console.log('ERR', e); }
  break;
}
