import { describe, expect, it } from 'vitest';
import { looksRandom, shannonEntropy } from './entropy.js';
import { ALNUM, HEX, LETTERS, SampleSecrets } from './test-support/sample-secrets.js';

describe('shannonEntropy', () => {
  it('measures bits per character', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abab')).toBe(1);
    expect(shannonEntropy('0123456789abcdef')).toBe(4);
  });
});

describe('looksRandom', () => {
  it('accepts generated strings over their alphabet', () => {
    const s = new SampleSecrets(7);
    for (let i = 0; i < 200; i++) {
      expect(looksRandom(s.chars(ALNUM, 36), 62)).toBe(true);
      expect(looksRandom(s.chars(HEX, 32), 16)).toBe(true);
      expect(looksRandom(s.chars(LETTERS, 34), 52)).toBe(true);
    }
  });

  it('rejects what people type in place of a key', () => {
    for (const typed of [
      'abcdefghijklmnopqrstuvwxyz',
      '12345678901234567890',
      'abc123abc123abc123abc123',
      'aaaaaaaaaaaaaaaaaaaaaaaa',
      'Zq3mR8vT1111111111111111',
      'password',
      'short',
    ]) {
      expect(looksRandom(typed, 62)).toBe(false);
    }
  });
});
