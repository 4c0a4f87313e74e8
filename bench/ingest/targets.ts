// The receivers `bench/ingest` can measure, by name. Add one: a target-<name>.ts with a
// `TargetFactory`, and a line here.
import type { TargetFactory } from './target.js';
import { startNesterTarget } from './target-nester.js';
import { startPostgresTarget } from './target-postgres.js';
import { startPrometheusTarget } from './target-prometheus.js';

export const TARGETS: Readonly<Record<string, TargetFactory>> = {
  nester: () => startNesterTarget(),
  prometheus: startPrometheusTarget,
  'nester-postgres': startPostgresTarget,
};
