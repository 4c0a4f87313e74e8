import { describeDifferential } from './scenario.js';

/**
 * Differential test: the same node_exporter-shaped data (6 hosts, 2 h, with a reboot, a removed
 * host, an exporter restart, devices that come and go) written into a real Prometheus 2.42 and a
 * real nester process, then the Node Exporter Full dashboard's queries and a hand-written corpus
 * asked of both over HTTP. Every answer must agree: same result type, same label sets, values
 * within 1e-9 relative. Known 2-vs-3 differences are excluded in corpus.ts and documented in
 * docs/promql-differences.md.
 */
describeDifferential({
  title: 'differential: nester vs Prometheus 2.42 on node_exporter data',
  timeoutMs: 170_000,
  fleet: { hosts: 6, hours: 2, seed: 1860 },
  minSamples: 500_000,
  dashboardHosts: ['host-0:9100', 'host-1:9100', 'host-2:9100', 'host-3:9100'],
});
