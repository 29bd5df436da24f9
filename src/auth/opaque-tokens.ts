import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Random bytes in an opaque token: 256 bits, beyond guessing. */
const TOKEN_BYTES = 32;

/**
 * A new opaque token (refresh tokens, email links): 32 random bytes, base64url (43 characters).
 * Only its `hashToken` is stored.
 */
export function generateOpaqueToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/**
 * SHA-256 (hex) of a token, as stored. A fast hash is enough here (unlike passwords): the tokens
 * are random with 256 bits, so a leaked hash cannot be reversed by guessing.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Compares two hex digests in time independent of where they differ. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}
