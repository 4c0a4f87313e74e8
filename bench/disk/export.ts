// Exports the raw samples of a Prometheus-compatible server (a nester or a Prometheus) as the
// JSON lines `recordedDataset` reads: one series a line, `{"labels", "t": [ms], "v": [text]}`.
// Usage: node --conditions=seahawks-source --import tsx bench/disk/export.ts -- \
//   --url http://127.0.0.1:8080 [--password <nester admin password>] [--hours 3] --out data.jsonl
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

// `node export.ts -- --url …` passes the `--` on (npm run strips it): skip it, or parseArgs
// would take every option after it for a positional.
const argv = process.argv.slice(2);
const { values: args } = parseArgs({
  args: argv[0] === '--' ? argv.slice(1) : argv,
  options: {
    url: { type: 'string' },
    password: { type: 'string' },
    hours: { type: 'string', default: '3' },
    out: { type: 'string' },
  },
  allowPositionals: true,
});
if (args.url === undefined || args.out === undefined)
  throw new Error('cannot export: --url and --out are required');

async function login(url: string, password: string): Promise<Record<string, string>> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (res.status !== 200 || cookie === undefined)
    throw new Error(`cannot log in to ${url}: HTTP ${res.status}`);
  return { cookie };
}

const headers = args.password === undefined ? {} : await login(args.url, args.password);
const span = `${Math.round(Number(args.hours) * 3600)}s`;
const query = encodeURIComponent(`{__name__=~".+"}[${span}]`);
const res = await fetch(`${args.url}/api/v1/query?query=${query}&time=${Date.now() / 1000}`, { headers });
const body = (await res.json()) as {
  status: string;
  error?: string;
  data: { result: { metric: Record<string, string>; values: [number, string][] }[] };
};
if (body.status !== 'success') throw new Error(`cannot export from ${args.url}: ${body.error ?? res.status}`);
const lines = body.data.result.map((s) =>
  JSON.stringify({
    labels: s.metric,
    t: s.values.map(([sec]) => Math.round(sec * 1000)),
    v: s.values.map(([, v]) => v),
  }),
);
await writeFile(args.out, `${lines.join('\n')}\n`);
const samples = body.data.result.reduce((n, s) => n + s.values.length, 0);
console.log(`exported ${body.data.result.length} series, ${samples} samples to ${args.out}`);
