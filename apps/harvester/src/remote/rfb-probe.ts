import { ByteReader } from './byte-reader.js';

/** A framebuffer as read: 4 bytes per pixel, B G R X (32 bpp little-endian true colour). */
export interface Framebuffer {
  readonly width: number;
  readonly height: number;
  readonly pixels: Buffer;
}

/** Counters of one probe session. */
export interface ProbeStats {
  frames: number;
  bytes: number;
}

/**
 * A minimal RFB 3.8 viewer for tests and benchmarks (never shipped to browsers: noVNC is the
 * viewer there): security None, 32 bpp true colour, Raw encoding, whole-screen updates.
 * `send` writes to the server; feed what arrives into `reader`.
 */
export class RfbProbe {
  width = 0;
  height = 0;
  readonly stats: ProbeStats = { frames: 0, bytes: 0 };

  constructor(
    private readonly reader: ByteReader,
    private readonly send: (bytes: Buffer) => void,
  ) {}

  async handshake(): Promise<void> {
    const version = (await this.reader.read(12)).toString('latin1');
    if (!version.startsWith('RFB 003.')) throw new Error(`not RFB: ${JSON.stringify(version)}`);
    this.send(Buffer.from('RFB 003.008\n', 'latin1'));
    const count = (await this.reader.read(1))[0]!;
    const types = [...(await this.reader.read(count))];
    if (!types.includes(1)) throw new Error(`security None not offered (offered ${types.join(', ')})`);
    this.send(Buffer.of(1));
    const result = (await this.reader.read(4)).readUInt32BE(0);
    if (result !== 0) throw new Error(`security result ${result}`);
    this.send(Buffer.of(1)); // ClientInit, shared
    const init = await this.reader.read(24);
    this.width = init.readUInt16BE(0);
    this.height = init.readUInt16BE(2);
    await this.reader.read(init.readUInt32BE(20)); // desktop name
    const format = Buffer.alloc(20);
    format.set([0, 0, 0, 0, 32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0], 0);
    this.send(format);
    this.send(Buffer.of(2, 0, 0, 1, 0, 0, 0, 0)); // SetEncodings: Raw only
  }

  /** Asks for the whole screen (not incremental: every pixel comes again) and reads it. */
  async frame(incremental = false): Promise<Framebuffer> {
    const req = Buffer.alloc(10);
    req.writeUInt8(3, 0);
    req.writeUInt8(incremental ? 1 : 0, 1);
    req.writeUInt16BE(this.width, 6);
    req.writeUInt16BE(this.height, 8);
    this.send(req);
    const pixels = Buffer.alloc(this.width * this.height * 4);
    for (;;) {
      const type = (await this.reader.read(1))[0]!;
      if (type === 0) break;
      await this.skipMessage(type);
    }
    const rects = (await this.reader.read(3)).readUInt16BE(1);
    for (let i = 0; i < rects; i++) {
      const head = await this.reader.read(12);
      const [x, y, w, h] = [0, 2, 4, 6].map((o) => head.readUInt16BE(o)) as [number, number, number, number];
      const encoding = head.readInt32BE(8);
      if (encoding !== 0) throw new Error(`unexpected encoding ${encoding}`);
      const data = await this.reader.read(w * h * 4);
      this.stats.bytes += data.length + 12;
      for (let row = 0; row < h; row++) {
        data.copy(pixels, ((y + row) * this.width + x) * 4, row * w * 4, (row + 1) * w * 4);
      }
    }
    this.stats.frames++;
    return { width: this.width, height: this.height, pixels };
  }

  private async skipMessage(type: number): Promise<void> {
    switch (type) {
      case 1: {
        const head = await this.reader.read(5);
        await this.reader.read(head.readUInt16BE(3) * 6);
        return;
      }
      case 2:
        return;
      case 3: {
        const head = await this.reader.read(7);
        await this.reader.read(head.readUInt32BE(3));
        return;
      }
      default:
        throw new Error(`unexpected server message type ${type}`);
    }
  }
}

/** The pixel at (x, y) as `#rrggbb`. */
export function pixelAt(fb: Framebuffer, x: number, y: number): string {
  const o = (y * fb.width + x) * 4;
  const hex = (v: number): string => v.toString(16).padStart(2, '0');
  return `#${hex(fb.pixels[o + 2]!)}${hex(fb.pixels[o + 1]!)}${hex(fb.pixels[o]!)}`;
}
