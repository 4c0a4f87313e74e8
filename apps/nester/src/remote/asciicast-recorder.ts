import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

/** Gathered lines are written at least this often, ms. */
const FLUSH_MS = 100;
/** …and at once when this many characters wait. */
const FLUSH_CHARS = 64 * 1024;

/** Header fields of an asciicast v2 recording. */
export interface CastHeader {
  readonly width: number;
  readonly height: number;
  /** Unix seconds. */
  readonly timestamp: number;
  readonly title: string;
}

/**
 * Writes a terminal session as asciicast v2 (a header line, then `[seconds, "o", text]` output
 * and `[seconds, "r", "COLSxROWS"]` resize events), the format asciinema and our player read.
 * Input is not recorded: it would keep passwords typed at prompts that do not echo. Output is
 * decoded as a UTF-8 stream, so a character cut between two chunks is written whole. Lines are
 * gathered and written every `FLUSH_MS` (or at 64 KiB), not one file write per chunk: a typed
 * key would otherwise cost a thread-pool write on the nester for each echo. Writes are queued;
 * a failed write stops the recording, never the session. A nester that dies loses at most the
 * last `FLUSH_MS` of its recordings.
 */
export class AsciicastRecorder {
  private readonly decoder = new TextDecoder('utf-8');
  private chain: Promise<void> = Promise.resolve();
  private failed: Error | undefined;
  private waiting: string[] = [];
  private waitingChars = 0;
  private timer: NodeJS.Timeout | undefined;
  bytes = 0;

  private constructor(
    private readonly fh: FileHandle,
    private readonly startMs: number,
    private readonly clock: () => number,
  ) {}

  static async create(path: string, header: CastHeader, clock: () => number): Promise<AsciicastRecorder> {
    const fh = await open(path, 'wx', 0o600);
    const r = new AsciicastRecorder(fh, clock(), clock);
    r.write(JSON.stringify({ version: 2, ...header, env: { TERM: 'xterm-256color' } }));
    return r;
  }

  output(bytes: Uint8Array): void {
    const text = this.decoder.decode(bytes, { stream: true });
    if (text !== '') this.event('o', text);
  }

  resize(cols: number, rows: number): void {
    this.event('r', `${cols}x${rows}`);
  }

  /** Flushes and closes; resolves with the first write error, if any. */
  async close(): Promise<Error | undefined> {
    const tail = this.decoder.decode();
    if (tail !== '') this.event('o', tail);
    this.flush();
    await this.chain;
    await this.fh.close();
    return this.failed;
  }

  private event(code: 'o' | 'r', data: string): void {
    const t = Math.max(0, this.clock() - this.startMs) / 1000;
    this.write(JSON.stringify([Number(t.toFixed(6)), code, data]));
  }

  private write(line: string): void {
    if (this.failed) return;
    const text = `${line}\n`;
    this.bytes += Buffer.byteLength(text);
    this.waiting.push(text);
    this.waitingChars += text.length;
    if (this.waitingChars >= FLUSH_CHARS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.waiting.length === 0) return;
    const text = this.waiting.join('');
    this.waiting = [];
    this.waitingChars = 0;
    this.chain = this.chain
      .then(
        () => this.fh.appendFile(text).then(() => undefined),
        () => undefined,
      )
      .catch((err: unknown) => {
        this.failed ??= err as Error;
      });
  }
}
