import { describe, expect, it } from 'vitest';
import { generateOpaqueToken, hashToken, sameDigest } from './opaque-tokens.js';

describe('opaque tokens', () => {
  it('are 32 random bytes in base64url, different every time', () => {
    const tokens = new Set(Array.from({ length: 100 }, generateOpaqueToken));
    expect(tokens.size).toBe(100);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    }
  });

  it('are stored as their SHA-256 in hex', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('compare digests exactly, whatever their length', () => {
    const digest = hashToken('token');
    expect(sameDigest(digest, hashToken('token'))).toBe(true);
    expect(sameDigest(digest, hashToken('token2'))).toBe(false);
    expect(sameDigest(digest, digest.slice(0, 62))).toBe(false);
    expect(sameDigest('', '')).toBe(false);
  });
});
