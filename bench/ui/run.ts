// UI timing: one real nester process holding (a) one harvester with 30 days of 15 s data for
// the series the host page queries, and (b) 5,000 simulated harvesters (registry entries and
// their latest series); headless Chromium measures, from navigation to the last chart drawn,
// the host page at 1 h, 24 h and 30 d, and the fleet page until its 5,000 rows are counted
// and the first rows drawn. A benchmark, not a test. Usage: npm run bench:ui -- [--runs 3]
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { pino } from 'pino';
import { openEmbeddedStorage } from '../../apps/nester/src/tsdb/embedded/open-embedded.js';
import type { Page } from 'playwright-core';
import { hostSeriesRequests, seedRegistry, seriesPerHost } from '../../test/support/console-fleet.js';
import type { SimHost } from '../../test/support/console-fleet.js';
import { startNester } from '../../test/support/nester-process.js';
import { writeToAll } from '../../test/support/remote-write.js';
import { formatTable } from '../lib/report.js';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    fleet: { type: 'string', default: '5000' },
    days: { type: 'string', default: '30' },
  },
});
const RUNS = Number(args.runs);
const FLEET = Number(args.fleet);
const DAYS = Number(args.days);
const CHARTS = [
  'cpu',
  'memory',
  'swap',
  'load',
  'network',
  'disk-io',
  'filesystem',
  'temperature',
  'processes',
];

const big: SimHost = { name: 'big-host', labels: { team: 'alpha' }, busy: 0.5, cpus: 4 };
const fleet: SimHost[] = Array.from({ length: FLEET }, (_, i) => ({
  name: `node-${String(i).padStart(5, '0')}`,
  labels: { team: `team-${i % 20}`, site: `site-${i % 7}` },
  busy: ((i * 37) % 100) / 100,
  cpus: 2,
}));

const now = Date.now();
const started = performance.now();
// The default retention (15 d) would drop half of the history: keep 40 d.
const configDir = await mkdtemp(join(tmpdir(), 'seahawks-bench-ui-'));
const configFile = join(configDir, 'nester.json');
await writeFile(configFile, JSON.stringify({ storage: { retention: '40d' } }));

/**
 * Writes the 30 days straight into the embedded store of the data directory, in time order,
 * through the storage API with a clock that follows the data (remote_write would refuse samples
 * older than the out-of-order window, at most 7 d): what the nester would hold had it been
 * running for those 30 days.
 */
async function writeHistory(dataDir: string): Promise<void> {
  let clock = now - DAYS * 86_400_000;
  const storage = await openEmbeddedStorage({
    dir: join(dataDir, 'tsdb'),
    clock: () => clock,
    logger: pino({ level: 'warn' }),
    outOfOrderWindowMs: 3_600_000,
    retentionMs: 40 * 86_400_000,
    retentionBytes: 0,
  });
  const t0 = performance.now();
  let samples = 0;
  try {
    for (const batch of hostSeriesRequests([big], now - DAYS * 86_400_000, now, 15_000, 2880, 200_000)) {
      clock = Math.max(clock, ...batch.map((s) => s.samples.at(-1)?.t ?? 0));
      await storage.appender.append(batch);
      for (const s of batch) samples += s.samples.length;
    }
  } finally {
    await storage.close();
  }
  process.stdout.write(
    `wrote ${samples.toLocaleString('en')} samples (${seriesPerHost(big)} series × ${DAYS} d at 15 s) in ${Math.round((performance.now() - t0) / 1000)} s\n`,
  );
}

const nester = await startNester(['--config', configFile], async (dir) => {
  await seedRegistry(dir, [big, ...fleet], now);
  await writeHistory(dir);
});
const target = [{ name: 'nester', url: `${nester.url}/api/v1/write`, headers: nester.headers }];
try {
  const latest = await writeToAll(target, hostSeriesRequests(fleet, now - 5 * 60_000, now, 15_000, 20));
  process.stdout.write(
    `wrote ${latest.samples.toLocaleString('en')} samples for ${FLEET} harvesters (${seriesPerHost(fleet[0]!)} series each) in ${Math.round(latest.busyMs.nester! / 1000)} s\n`,
  );

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const [name, value] = nester.headers.cookie!.split('=', 2) as [string, string];
  await ctx.addCookies([{ name, value, url: nester.url }]);
  const page = await ctx.newPage();

  const timed = async (hash: string, ready: (p: Page) => Promise<unknown>): Promise<number> => {
    await page.goto('about:blank');
    const t0 = performance.now();
    await page.goto(`${nester.url}/${hash}`);
    await ready(page);
    return performance.now() - t0;
  };
  const allCharts = async (p: Page): Promise<void> => {
    for (const key of CHARTS)
      await p
        .locator(`[data-testid="chart-${key}"][data-points]:not([data-points="0"])`)
        .waitFor({ timeout: 120_000 });
  };
  const rows: string[][] = [];
  const measure = async (what: string, hash: string, ready: (p: Page) => Promise<unknown>): Promise<void> => {
    await timed(hash, ready);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(await timed(hash, ready));
    times.sort((a, b) => a - b);
    rows.push([
      what,
      `${Math.round(times[Math.floor(times.length / 2)]!)} ms`,
      `${Math.round(times[0]!)}–${Math.round(times.at(-1)!)} ms`,
    ]);
    process.stdout.write(`${what}: ${times.map((t) => Math.round(t)).join(', ')} ms\n`);
  };
  for (const range of ['1h', '24h', '30d'])
    await measure(
      `host page, ${range}, ${CHARTS.length} charts`,
      `#/host/big-host?range=${range}`,
      allCharts,
    );
  await measure(`fleet page, ${FLEET + 1} harvesters`, '#/fleet', async (p) => {
    await p
      .getByTestId('count-all')
      .getByText((FLEET + 1).toLocaleString('en'))
      .waitFor({ timeout: 120_000 });
    await p.locator('[data-row="0"]').waitFor();
  });
  await browser.close();
  process.stdout.write(
    `\nbench took ${Math.round((performance.now() - started) / 1000)} s (runs: ${RUNS}, median after one warm-up)\n\n`,
  );
  process.stdout.write(`${formatTable(['page', 'median', 'range'], rows)}\n`);
} finally {
  await nester.stop();
  await rm(configDir, { recursive: true, force: true });
}
