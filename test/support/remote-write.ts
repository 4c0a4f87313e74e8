import { encodeWriteRequest, snappyCompress } from '@seahawks/protocol';
import type { RemoteWriteSeriesInput } from '@seahawks/protocol';

/** A remote_write receiver: its endpoint and the headers it needs (a session, for the nester). */
export interface WriteTarget {
  readonly name: string;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface WriteStats {
  requests: number;
  samples: number;
  /** Wall time each target spent answering, ms, by target name. */
  readonly busyMs: Record<string, number>;
}

/**
 * Sends every request to every target, in order: a target gets request n+1 only after it
 * acknowledged request n (Prometheus 2.42 refuses samples older than what it already holds, so
 * order matters). Targets are written side by side. Throws on the first refusal, with its body.
 */
export async function writeToAll(
  targets: readonly WriteTarget[],
  requests: Iterable<RemoteWriteSeriesInput[]>,
): Promise<WriteStats> {
  const stats: WriteStats = { requests: 0, samples: 0, busyMs: {} };
  for (const t of targets) stats.busyMs[t.name] = 0;
  for (const series of requests) {
    const body = snappyCompress(encodeWriteRequest(series));
    await Promise.all(targets.map((t) => postTimed(t, body, stats)));
    stats.requests++;
    for (const s of series) stats.samples += s.samples.length;
  }
  return stats;
}

async function postTimed(target: WriteTarget, body: Uint8Array, stats: WriteStats): Promise<void> {
  const started = performance.now();
  await postWrite(target, body);
  stats.busyMs[target.name]! += performance.now() - started;
}

/** POSTs one snappy-compressed WriteRequest as Prometheus' remote_write 1.0 sender does. */
export async function postWrite(target: WriteTarget, body: Uint8Array): Promise<void> {
  const res = await fetch(target.url, {
    method: 'POST',
    headers: {
      ...target.headers,
      'content-type': 'application/x-protobuf',
      'content-encoding': 'snappy',
      'x-prometheus-remote-write-version': '0.1.0',
    },
    body,
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  if (res.status < 200 || res.status >= 300) {
    throw new Error(
      `cannot write to ${target.name} (${target.url}): HTTP ${res.status}: ${text.slice(0, 500)}`,
    );
  }
}
