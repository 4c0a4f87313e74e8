// A load-generator process for bench:fleet (forked by run.ts, driven over IPC). Every simulated
// harvester is what a real one is on the wire: its own transport (pinned CA, keep-alive agent),
// a real tunnel client (TLS, WebSocket, hello, heartbeats answered, redial), and a shipper-like
// remote_write POST of ~800 node_exporter-shaped series every 15 s at its own phase, so the
// fleet's POSTs are spread over the interval instead of arriving together.
import { createTransport, createTunnelClient } from '../../apps/harvester/src/tunnel/index.js';
import type { TunnelClient, TunnelTransport } from '../../apps/harvester/src/tunnel/index.js';
import type { Label } from '@seahawks/model';
import { encodeWriteRequest, snappyCompress } from '@seahawks/protocol';
import { hostSeries } from '../ingest-postgres/node-shape.js';
import type { FromGenerator, ToGenerator } from './tracker.js';

const SERIES_PER_HARVESTER = 800;
const INTERVAL_MS = 15_000;
/** Golden-ratio sequence: phases stay evenly spread however many harvesters are added. */
const PHI = 0.6180339887498949;

interface Sim {
  readonly name: string;
  readonly client: TunnelClient;
  readonly transport: TunnelTransport;
  readonly credential: string;
  readonly instance: Label;
  timer: NodeJS.Timeout | undefined;
  wasOnline: boolean;
  stopping: boolean;
}

const config = JSON.parse(process.argv[2] ?? '{}') as { agentUrl: string; caPem: string; offset: number };
// Shared label sets (instance swapped per harvester at send time), so 10 000 harvesters do
// not hold 8 million label objects in this process.
const baseSeries = hostSeries(0, SERIES_PER_HARVESTER);
const sims = new Map<string, Sim>();
let added = config.offset;
let lags: number[] = [];
let posts = 0;
const errors = new Map<string, number>();

function countError(what: string): void {
  errors.set(what, (errors.get(what) ?? 0) + 1);
}

function send(msg: FromGenerator): void {
  process.send?.(msg);
}

function addHarvester(name: string, credential: string): void {
  const transport = createTransport({
    caPem: config.caPem,
    caSource: 'the bench nester CA',
    proxy: undefined,
    verifyServerName: false,
  });
  const startedAt = Date.now();
  const sim: Sim = {
    name,
    transport,
    credential,
    instance: { name: 'instance', value: name },
    timer: undefined,
    wasOnline: false,
    stopping: false,
    client: createTunnelClient({
      nester: config.agentUrl,
      credential,
      transport,
      inventory: () => Promise.resolve({ hostname: name, os: 'linux', cpus: 4 }),
      logger: (level, message) => {
        if (level === 'error') countError(`log: ${message.slice(0, 80)}`);
      },
      onStateChange: (state, detail) => {
        if (state === 'online' && !sim.wasOnline) {
          sim.wasOnline = true;
          send({ type: 'online', name, startedAt, onlineAt: Date.now() });
        }
        // A redial after the first welcome is a dropped control connection: an error here.
        if (state === 'backing_off' && !sim.stopping)
          countError(
            `tunnel ${sim.wasOnline ? 'dropped' : 'connect failed'}: ${(detail ?? '').slice(0, 80)}`,
          );
      },
    }),
  };
  sims.set(name, sim);
  sim.client.start();
  const phase = ((added++ * PHI) % 1) * INTERVAL_MS;
  sim.timer = setTimeout(() => {
    ship(sim);
    sim.timer = setInterval(() => ship(sim), INTERVAL_MS);
  }, phase);
}

function ship(sim: Sim): void {
  const t = Date.now();
  const series = baseSeries.map((labels, i) => ({
    labels: labels.map((l) => (l.name === 'instance' ? sim.instance : l)),
    samples: [{ t, v: (t / 1000) * ((i % 7) + 1) + (i % 13) }],
  }));
  const body = snappyCompress(encodeWriteRequest(series));
  sim.transport
    .fetch(`${config.agentUrl}/api/v1/write`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${sim.credential}`,
        'content-type': 'application/x-protobuf',
        'content-encoding': 'snappy',
        'x-prometheus-remote-write-version': '0.1.0',
      },
      body,
    })
    .then(
      (res) => {
        posts++;
        if (res.status === 204) lags.push(Date.now() - t);
        else countError(`write HTTP ${res.status}`);
      },
      (err: unknown) => {
        if (!sim.stopping) countError(`write failed: ${String((err as Error).cause ?? err).slice(0, 80)}`);
      },
    );
}

async function drop(names: readonly string[]): Promise<void> {
  const at: Record<string, number> = {};
  await Promise.all(
    names.map(async (name) => {
      const sim = sims.get(name);
      if (!sim) return;
      sim.stopping = true;
      clearTimeout(sim.timer);
      clearInterval(sim.timer);
      at[name] = Date.now();
      await sim.client.stop();
      sim.transport.close();
      sims.delete(name);
    }),
  );
  send({ type: 'dropped', at });
}

process.on('message', (raw) => {
  const msg = raw as ToGenerator;
  switch (msg.type) {
    case 'add':
      for (const h of msg.harvesters) addHarvester(h.name, h.credential);
      break;
    case 'drop':
      drop(msg.names).catch((err: unknown) => countError(`drop: ${String(err)}`));
      break;
    case 'report':
      send({ type: 'report', lags, posts, errors: Object.fromEntries(errors), harvesters: sims.size });
      lags = [];
      posts = 0;
      errors.clear();
      break;
    case 'stop':
      void drop([...sims.keys()]).finally(() => process.exit(0));
      break;
  }
});
