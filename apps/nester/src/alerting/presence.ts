import { labelsFromRecord } from '@seahawks/model';
import { TEAM_LABEL } from '../auth/access.js';
import type { Appender } from '../storage/index.js';
import { CONNECTED_METRIC } from './builtin-rules.js';

/** An enrolled harvester and whether its tunnel is up now. */
export interface HarvesterPresence {
  readonly name: string;
  readonly online: boolean;
  /** Its team (the registry's `team` label), undefined for none. */
  readonly team?: string;
}

/**
 * Writes `seahawks_harvester_connected{instance="<name>",team="<team>"}` (1 online, 0 not) for
 * every enrolled harvester at `now`: the tunnel's state as a series, so HarvesterDown is plain
 * PromQL with a `for`, and Grafana can chart availability. The team label, as ingest forces on the
 * harvester's own series, puts the series and the alert in that team's view.
 */
export async function writePresence(
  appender: Appender,
  harvesters: readonly HarvesterPresence[],
  now: number,
): Promise<void> {
  if (harvesters.length === 0) return;
  await appender.append(
    harvesters.map((h) => ({
      labels: labelsFromRecord({
        __name__: CONNECTED_METRIC,
        instance: h.name,
        job: 'seahawks',
        ...(h.team !== undefined && h.team !== '' ? { [TEAM_LABEL]: h.team } : {}),
      }),
      samples: [{ t: now, v: h.online ? 1 : 0 }],
    })),
  );
}
