import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server (the `smtp-server` package) on a random loopback port, keeping what it
 * receives, so tests send mail through nodemailer exactly as production does and read the links
 * from the messages.
 */

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The raw message (headers and body, as sent). */
  raw: string;
}

export interface SmtpTestServer {
  /** `smtp://127.0.0.1:<port>`, for `ECTUS_SMTP_URL`. */
  url: string;
  messages: ReceivedMail[];
  /** The first message to `address` received after `since` messages, waiting up to `timeoutMs`. */
  waitForMail(address: string, options?: { since?: number; timeoutMs?: number }): Promise<ReceivedMail>;
  close(): Promise<void>;
}

export async function startSmtpTestServer(): Promise<SmtpTestServer> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const mailFrom = session.envelope.mailFrom;
        messages.push({
          from: mailFrom ? mailFrom.address : '',
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        for (const wake of waiters) wake();
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  async function waitForMail(address: string, options: { since?: number; timeoutMs?: number } = {}) {
    const deadline = Date.now() + (options.timeoutMs ?? 10_000);
    const find = () => messages.slice(options.since ?? 0).find((message) => message.to.includes(address));
    for (;;) {
      const found = find();
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`No email to ${address} arrived (${messages.length} received in all).`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, left);
        waiters.add(wake);
      });
    }
  }

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitForMail,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The first link in a message that starts with `prefix`, decoding the quoted-printable soft line
 * breaks and `=3D` that long links get in transit.
 */
export function linkIn(mail: ReceivedMail, prefix: string): URL {
  const body = mail.raw.replace(/=\r?\n/g, '').replace(/=3D/gi, '=');
  const start = body.indexOf(prefix);
  if (start < 0) throw new Error(`No link starting with ${prefix} in the message:\n${body}`);
  const end = body.slice(start).search(/\s/);
  return new URL(body.slice(start, end < 0 ? undefined : start + end));
}
