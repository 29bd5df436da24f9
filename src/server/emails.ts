import type { EmailLinkToken } from '../auth/accounts.js';
import type { MailMessage } from './mailer.js';

/**
 * The messages the auth flows send. Links carry single-use tokens in the query string (the logger
 * redacts `token=` from URLs). The verification link is the API route itself, so it works without
 * the dashboard; the reset link opens the dashboard's form, which posts to
 * `/api/v1/auth/reset-password`.
 */

export const VERIFY_PATH = '/api/v1/auth/verify-email';
export const RESET_PATH = '/reset-password';

function hours(link: EmailLinkToken, now: Date): string {
  const count = Math.max(1, Math.round((link.expiresAt.getTime() - now.getTime()) / 3_600_000));
  return `${count} hour${count === 1 ? '' : 's'}`;
}

function linkTo(publicUrl: string, path: string, token: string): string {
  const url = new URL(path, `${publicUrl}/`);
  url.searchParams.set('token', token);
  return url.toString();
}

export function verificationMail(publicUrl: string, to: string, link: EmailLinkToken, now: Date): MailMessage {
  return {
    to,
    subject: 'Confirm your email address for Ectus',
    text: [
      'Welcome to Ectus.',
      '',
      'Confirm your email address by opening this link:',
      linkTo(publicUrl, VERIFY_PATH, link.token),
      '',
      `The link works once and for ${hours(link, now)}. If you did not sign up, ignore this message.`,
    ].join('\n'),
  };
}

export function passwordResetMail(publicUrl: string, to: string, link: EmailLinkToken, now: Date): MailMessage {
  return {
    to,
    subject: 'Reset your Ectus password',
    text: [
      'Someone (hopefully you) asked to reset the password of your Ectus account.',
      '',
      'Choose a new password here:',
      linkTo(publicUrl, RESET_PATH, link.token),
      '',
      `The link works once and for ${hours(link, now)}. Resetting signs you out everywhere.`,
      'If you did not ask for this, ignore this message: your password stays as it is.',
    ].join('\n'),
  };
}

/** Sent instead of a verification link when someone signs up with an address that has an account. */
export function accountExistsMail(publicUrl: string, to: string): MailMessage {
  return {
    to,
    subject: 'Your Ectus account',
    text: [
      'Someone tried to create an Ectus account with this email address, which already has one.',
      '',
      `If it was you, sign in at ${publicUrl}, or reset your password there if you forgot it.`,
      'If it was not you, you can ignore this message.',
    ].join('\n'),
  };
}
