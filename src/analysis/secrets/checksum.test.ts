import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { base62Crc32, hasValidCrc32Suffix, toBase62 } from './checksum.js';

describe('checksum', () => {
  it('writes numbers in base62 with GitHub digit order, padded', () => {
    expect(toBase62(0, 6)).toBe('000000');
    expect(toBase62(61, 2)).toBe('0z');
    expect(toBase62(62, 1)).toBe('10');
    expect(toBase62(0xffffffff, 6)).toBe('4gfFC3');
  });

  it('encodes the CRC32 of the body (check value of "123456789" is 0xCBF43926)', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(base62Crc32('123456789')).toBe(toBase62(0xcbf43926, 6));
  });

  it('verifies the sample token from npm’s announcement of its token format', () => {
    // Split so the sample does not sit in the repository as one token-shaped string.
    const sample = ['npm_', 'qkJaB6MffYVzZXWqmcoF49yrUxP3wf', '0LsakP'].join('');
    expect(hasValidCrc32Suffix(sample, 4)).toBe(true);
    expect(hasValidCrc32Suffix(`${sample.slice(0, -1)}Q`, 4)).toBe(false);
  });

  it('rejects the hand-made example token of GitHub’s documentation and short input', () => {
    expect(hasValidCrc32Suffix('ghp_16C7e42F292c6912E7710c838347Ae178B4a', 4)).toBe(false);
    expect(hasValidCrc32Suffix('ghp_123456', 4)).toBe(false);
  });
});
