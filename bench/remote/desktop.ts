// Remote-desktop throughput: a minimal RFB viewer over a WebSocket asking for non-incremental
// full-screen Raw updates back to back (every pixel, every time), with what each process on the
// path spent in CPU per frame.
import WebSocket from 'ws';
import { ByteReader } from '../../apps/harvester/src/remote/byte-reader.js';
import { RfbProbe } from '../../apps/harvester/src/remote/rfb-probe.js';
import { treeCpuMs } from './proc-cpu.js';

export interface DesktopRun {
  readonly fps: number;
  readonly mbps: number;
  /** WebSocket messages the viewer received per frame (the relay passes them on one for one). */
  readonly messagesPerFrame: number;
  /** CPU ms per frame by process name (the viewer is this process). */
  readonly cpuMsPerFrame: Readonly<Record<string, number>>;
}

/** Frames/s, MB/s, messages and CPU per frame over `frames` frames (after 3 unmeasured ones). */
export async function desktopRun(
  url: string,
  headers: Record<string, string>,
  frames: number,
  processes: Readonly<Record<string, number>>,
): Promise<DesktopRun> {
  const ws = new WebSocket(url, { headers, perMessageDeflate: false });
  const reader = new ByteReader();
  let messages = 0;
  ws.on('message', (d: Buffer) => {
    messages++;
    reader.push(d);
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const probe = new RfbProbe(reader, (b) => ws.send(b));
  await probe.handshake();
  for (let i = 0; i < 3; i++) await probe.frame();
  const cpu = (): Record<string, number> => {
    const own = process.cpuUsage();
    return {
      ...Object.fromEntries(Object.entries(processes).map(([name, pid]) => [name, treeCpuMs(pid)])),
      viewer: (own.user + own.system) / 1000,
    };
  };
  const cpuBefore = cpu();
  const messagesBefore = messages;
  const bytesBefore = probe.stats.bytes;
  const start = performance.now();
  for (let i = 0; i < frames; i++) await probe.frame();
  const s = (performance.now() - start) / 1000;
  const cpuAfter = cpu();
  const received = messages - messagesBefore;
  ws.close();
  await new Promise((resolve) => ws.once('close', resolve));
  return {
    fps: frames / s,
    mbps: (probe.stats.bytes - bytesBefore) / s / 1e6,
    messagesPerFrame: received / frames,
    cpuMsPerFrame: Object.fromEntries(
      Object.keys(cpuAfter).map((k) => [k, (cpuAfter[k]! - cpuBefore[k]!) / frames]),
    ),
  };
}
