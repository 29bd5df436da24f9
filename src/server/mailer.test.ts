import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { createDisabledMailer, createOutbox, createSmtpMailer } from './mailer.js';
import { type SmtpTestServer, startSmtpTestServer } from './test-support/smtp-test-server.js';

describe('mail', () => {
  let smtp: SmtpTestServer;
  beforeAll(async () => {
    smtp = await startSmtpTestServer();
  });
  afterAll(async () => {
    await smtp?.close();
  });

  it('delivers through SMTP with the configured sender', async () => {
    const mailer = createSmtpMailer({ url: smtp.url, from: 'Ectus <ectus@example.com>' });
    try {
      await mailer.send({ to: 'ada@example.com', subject: 'Hello there', text: 'Line one\nhttps://x.test/?token=abc' });
    } finally {
      await mailer.close();
    }
    const mail = await smtp.waitForMail('ada@example.com');
    expect(mail.from).toBe('ectus@example.com');
    expect(mail.raw).toContain('Subject: Hello there');
    expect(mail.raw).toContain('https://x.test/?token=abc');
  });

  it('sends in the background, logs failures without throwing, and drains', async () => {
    const errors: unknown[] = [];
    const unreachable = createSmtpMailer({ url: 'smtp://127.0.0.1:1', from: 'x@example.com' });
    const outbox = createOutbox(unreachable, { error: (...args: unknown[]) => errors.push(args) });
    outbox.enqueue({ to: 'b@example.com', subject: 's', text: 't' });
    outbox.enqueue(async () => null);
    await outbox.drain();
    expect(errors).toHaveLength(1);
    await unreachable.close();
  });

  it('refuses to send when email is not configured', async () => {
    const mailer = createDisabledMailer();
    expect(mailer.enabled).toBe(false);
    await expect(mailer.send({ to: 'a@example.com', subject: 's', text: 't' })).rejects.toMatchObject({
      code: 'ECTUS_EMAIL_UNAVAILABLE',
    });
    await expect(mailer.send({ to: 'a@example.com', subject: 's', text: 't' })).rejects.toBeInstanceOf(AppError);
  });
});
