import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

/** One message the sink accepted. */
export interface ReceivedMail {
  readonly from: string;
  readonly to: string[];
  /** The message as sent (headers and body), dot-stuffing removed. */
  readonly data: string;
}

export interface SmtpSink {
  readonly port: number;
  readonly messages: ReceivedMail[];
  close(): Promise<void>;
}

/**
 * A minimal SMTP server on loopback (RFC 5321 subset: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP,
 * QUIT; no TLS, no AUTH) that keeps what it receives, for tests of e-mail notifications.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffer = '';
    let from = '';
    let to: string[] = [];
    let inData = false;
    const say = (line: string): boolean => socket.write(`${line}\r\n`);
    say('220 sink.test ESMTP test sink');
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end === -1) return;
          const data = buffer.slice(0, end + 2).replace(/^\.\./gm, '.');
          buffer = buffer.slice(end + 5);
          messages.push({ from, to, data });
          inData = false;
          say('250 2.0.0 queued');
          continue;
        }
        const nl = buffer.indexOf('\r\n');
        if (nl === -1) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const verb = line.split(' ')[0]!.toUpperCase();
        switch (verb) {
          case 'EHLO':
            socket.write('250-sink.test\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n');
            break;
          case 'HELO':
          case 'NOOP':
            say('250 ok');
            break;
          case 'MAIL':
            from = /<(.*)>/.exec(line)?.[1] ?? '';
            to = [];
            say('250 ok');
            break;
          case 'RCPT':
            to.push(/<(.*)>/.exec(line)?.[1] ?? '');
            say('250 ok');
            break;
          case 'DATA':
            inData = true;
            say('354 end with <CRLF>.<CRLF>');
            break;
          case 'RSET':
            from = '';
            to = [];
            say('250 ok');
            break;
          case 'QUIT':
            say('221 bye');
            socket.end();
            break;
          default:
            say('502 command not implemented');
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    port,
    messages,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
