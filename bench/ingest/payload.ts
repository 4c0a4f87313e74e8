// The remote_write bodies of a fleet's scrapes, encoded once before any timing, so every target
// receives the same bytes and the client's encoding cost is outside the figures.
import { encodeWriteRequest, snappyCompress } from '@seahawks/protocol';
import type { RemoteWriteSeriesInput } from '@seahawks/protocol';
import { countSeries } from '../../test/support/node-data.js';
import { fleetRound, planFleet, simulateFleet } from '../lib/node-fleet.js';
import type { FleetOptions } from '../lib/node-fleet.js';

export interface Payload {
  /** `rounds[r]` holds the request bodies of scrape round r (snappy-compressed protobuf). */
  readonly rounds: ReadonlyArray<readonly Uint8Array[]>;
  /** Samples in each round. */
  readonly samplesPerRound: readonly number[];
  /** Label sets over all rounds (`up` included). */
  readonly series: number;
  readonly bytes: number;
}

/** Encodes every round; `hostsPerRequest` hosts' scrapes share one request. */
export function buildPayload(fleet: FleetOptions, hostsPerRequest: number): Payload {
  const plan = planFleet(fleet);
  const sims = simulateFleet(plan);
  const rounds: Uint8Array[][] = [];
  const samplesPerRound: number[] = [];
  let bytes = 0;
  for (let r = 0; r < fleet.rounds; r++) {
    const perHost = fleetRound(sims, r);
    const bodies: Uint8Array[] = [];
    let samples = 0;
    for (let h = 0; h < perHost.length; h += hostsPerRequest) {
      const series: RemoteWriteSeriesInput[] = perHost.slice(h, h + hostsPerRequest).flat();
      for (const s of series) samples += s.samples.length;
      const body = snappyCompress(encodeWriteRequest(series));
      bytes += body.length;
      bodies.push(body);
    }
    rounds.push(bodies);
    samplesPerRound.push(samples);
  }
  return { rounds, samplesPerRound, series: countSeries(plan), bytes };
}
