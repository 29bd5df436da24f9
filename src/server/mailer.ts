import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import { AppError } from '../errors.js';

/**
 * Outgoing email. Production sends through SMTP (nodemailer, `ECTUS_SMTP_URL`); `--dev` without
 * SMTP writes messages to the log so links can be followed locally; without either, features that
 * need email answer `ECTUS_EMAIL_UNAVAILABLE`.
 */

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** False when messages cannot be delivered (no SMTP configured outside development). */
  readonly enabled: boolean;
  send(message: MailMessage): Promise<void>;
  close(): Promise<void>;
}

/**
 * @example
 * const mailer = createSmtpMailer({ url: 'smtps://user:pass@smtp.example.com', from: 'Ectus <ectus@example.com>' });
 * await mailer.send({ to: 'ada@example.com', subject: 'Hello', text: 'Hi' });
 */
export function createSmtpMailer(options: { url: string; from: string }): Mailer {
  const transport = nodemailer.createTransport(options.url);
  return {
    enabled: true,
    async send(message) {
      await transport.sendMail({ from: options.from, to: message.to, subject: message.subject, text: message.text });
    },
    async close() {
      transport.close();
    },
  };
}

/** Development only: the message (with its link) goes to the log instead of a mailbox. */
export function createLogMailer(logger: Pick<Logger, 'info'>): Mailer {
  return {
    enabled: true,
    async send(message) {
      logger.info({ mail: message }, `email to ${message.to} (not sent: no ECTUS_SMTP_URL in --dev)`);
    },
    async close() {},
  };
}

export function createDisabledMailer(): Mailer {
  return {
    enabled: false,
    async send() {
      throw new AppError('ECTUS_EMAIL_UNAVAILABLE', 'Email is not configured on this server (set ECTUS_SMTP_URL).');
    },
    async close() {},
  };
}

/**
 * Sends messages in the background. A request that triggers an email (sign-up, password reset)
 * answers before delivery, so its timing does not reveal whether a message was sent (which would
 * tell whether the address has an account). A task may also decide in the background whether there
 * is anything to send (return `null` for nothing): then the lookup's timing is hidden too. Failures
 * are logged. `drain()` waits for the work in flight (graceful shutdown, tests).
 */
export interface Outbox {
  enqueue(work: MailMessage | (() => Promise<MailMessage | null>)): void;
  drain(): Promise<void>;
}

export function createOutbox(mailer: Mailer, logger: Pick<Logger, 'error'>): Outbox {
  const pending = new Set<Promise<void>>();
  const deliver = async (work: MailMessage | (() => Promise<MailMessage | null>)) => {
    const message = typeof work === 'function' ? await work() : work;
    if (message) await mailer.send(message);
  };
  return {
    enqueue(work) {
      const task = deliver(work)
        .catch((error: unknown) => {
          logger.error({ err: error }, 'could not send an email');
        })
        .finally(() => pending.delete(task));
      pending.add(task);
    },
    async drain() {
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}
