// A small SMTP client (RFC 5321) for alert e-mail: EHLO, STARTTLS when offered (required unless
// `requireTls` is off), AUTH PLAIN or LOGIN, MAIL/RCPT/DATA with dot-stuffing, QUIT. Implicit TLS
// (port 465) with `tls: true`. Every step has a timeout; every failure is a `NotifyError`
// saying which step and what the server answered.
import { connect as netConnect } from 'node:net';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { TLSSocket } from 'node:tls';
import { NotifyError } from './http-post.js';

export interface SmtpOptions {
  readonly host: string;
  readonly port: number;
  /** Implicit TLS from the first byte (SMTPS, port 465). */
  readonly tls: boolean;
  /** Refuse to send (and to authenticate) without STARTTLS or implicit TLS. */
  readonly requireTls: boolean;
  readonly username?: string;
  readonly password?: string;
  /** Name given in EHLO. */
  readonly hello: string;
  readonly timeoutMs: number;
  /** Trust these CAs (PEM) besides the system's; for private relays. */
  readonly ca?: string;
  readonly insecureSkipVerify?: boolean;
}

export interface MailMessage {
  readonly from: string;
  readonly to: readonly string[];
  /** The whole RFC 5322 message, headers and body, lines ending in CRLF. */
  readonly data: string;
}

class SmtpConnection {
  private buffer = '';
  private waiters: Array<() => void> = [];
  private failure: Error | undefined;

  constructor(
    public socket: Socket | TLSSocket,
    private readonly timeoutMs: number,
  ) {
    this.attach(socket);
  }

  attach(socket: Socket | TLSSocket): void {
    this.socket = socket;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.wake();
    });
    socket.on('error', (err: Error) => {
      this.failure = err;
      this.wake();
    });
    socket.on('close', () => {
      this.failure ??= new Error('connection closed by the server');
      this.wake();
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Reads one (possibly multi-line) reply: code and text lines. */
  async reply(step: string): Promise<{ code: number; lines: string[] }> {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const m = /^(?:\d{3}-.*\r?\n)*(\d{3})(?: .*)?\r?\n/.exec(this.buffer);
      if (m) {
        const text = m[0];
        this.buffer = this.buffer.slice(text.length);
        const lines = text
          .split(/\r?\n/)
          .filter((l) => l !== '')
          .map((l) => l.slice(4));
        return { code: Number(m[1]), lines };
      }
      if (this.failure)
        throw new NotifyError(`cannot ${step}: ${this.failure.message}`, { cause: this.failure });
      const left = deadline - Date.now();
      if (left <= 0) throw new NotifyError(`cannot ${step}: no answer within ${this.timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async command(line: string, step: string, expect: readonly number[]): Promise<string[]> {
    this.socket.write(`${line}\r\n`);
    return this.expect(step, expect);
  }

  async expect(step: string, expect: readonly number[]): Promise<string[]> {
    const r = await this.reply(step);
    if (!expect.includes(r.code))
      throw new NotifyError(`cannot ${step}: the server answered ${r.code} ${r.lines.join(' ')}`);
    return r.lines;
  }
}

function open(opts: SmtpOptions): Promise<Socket | TLSSocket> {
  return new Promise((resolve, reject) => {
    const common = { host: opts.host, port: opts.port, timeout: opts.timeoutMs };
    const socket = opts.tls
      ? tlsConnect({
          ...common,
          servername: opts.host,
          ca: opts.ca,
          rejectUnauthorized: !opts.insecureSkipVerify,
        })
      : netConnect(common);
    const ready = opts.tls ? 'secureConnect' : 'connect';
    socket.once(ready, () => resolve(socket));
    socket.once('error', (err: Error) =>
      reject(
        new NotifyError(`cannot connect to SMTP server ${opts.host}:${opts.port}: ${err.message}`, {
          cause: err,
        }),
      ),
    );
    socket.once('timeout', () => socket.destroy(new Error(`no connection within ${opts.timeoutMs} ms`)));
  });
}

function upgrade(socket: Socket, opts: SmtpOptions): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    socket.removeAllListeners('data');
    socket.removeAllListeners('error');
    socket.removeAllListeners('close');
    const tls = tlsConnect({
      socket,
      servername: opts.host,
      ca: opts.ca,
      rejectUnauthorized: !opts.insecureSkipVerify,
    });
    tls.once('secureConnect', () => resolve(tls));
    tls.once('error', (err: Error) =>
      reject(new NotifyError(`cannot start TLS with ${opts.host}: ${err.message}`, { cause: err })),
    );
  });
}

/** Sends one message; resolves once the server accepted it for delivery (250 after DATA). */
export async function sendMail(opts: SmtpOptions, msg: MailMessage): Promise<void> {
  const conn = new SmtpConnection(await open(opts), opts.timeoutMs);
  try {
    await conn.expect('read the SMTP greeting', [220]);
    let ext = await conn.command(`EHLO ${opts.hello}`, 'say EHLO', [250]);
    let secure = opts.tls;
    if (!secure && ext.some((l) => /^STARTTLS\b/i.test(l))) {
      await conn.command('STARTTLS', 'start TLS', [220]);
      conn.attach(await upgrade(conn.socket, opts));
      secure = true;
      ext = await conn.command(`EHLO ${opts.hello}`, 'say EHLO over TLS', [250]);
    }
    if (!secure && opts.requireTls) {
      throw new NotifyError(
        `cannot send e-mail through ${opts.host}:${opts.port}: the server does not offer STARTTLS and requireTls is on`,
      );
    }
    if (opts.username) await authenticate(conn, ext, opts);
    await conn.command(`MAIL FROM:<${msg.from}>`, 'set the sender (MAIL FROM)', [250]);
    for (const to of msg.to) await conn.command(`RCPT TO:<${to}>`, `add recipient ${to}`, [250, 251]);
    await conn.command('DATA', 'start the message (DATA)', [354]);
    const body = msg.data.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    conn.socket.write(`${body}${body.endsWith('\r\n') ? '' : '\r\n'}.\r\n`);
    await conn.expect('deliver the message', [250]);
    // The message is accepted at this point: a server that hangs up without a goodbye changes nothing.
    await conn.command('QUIT', 'say QUIT', [221]).catch(() => undefined);
  } finally {
    conn.socket.destroy();
  }
}

async function authenticate(conn: SmtpConnection, ext: readonly string[], opts: SmtpOptions): Promise<void> {
  const auth = ext.find((l) => /^AUTH\b/i.test(l)) ?? '';
  const user = opts.username ?? '';
  const pass = opts.password ?? '';
  if (/\bPLAIN\b/i.test(auth)) {
    const token = Buffer.from(`\u0000${user}\u0000${pass}`).toString('base64');
    await conn.command(`AUTH PLAIN ${token}`, 'authenticate (AUTH PLAIN)', [235]);
  } else if (/\bLOGIN\b/i.test(auth)) {
    await conn.command('AUTH LOGIN', 'authenticate (AUTH LOGIN)', [334]);
    await conn.command(Buffer.from(user).toString('base64'), 'authenticate (user name)', [334]);
    await conn.command(Buffer.from(pass).toString('base64'), 'authenticate (password)', [235]);
  } else {
    throw new NotifyError(
      `cannot authenticate to ${opts.host}: it offers no AUTH PLAIN or LOGIN (${auth || 'no AUTH'})`,
    );
  }
}
