import { describe, expect, it } from 'vitest';
import { base64ByteLength, decodeBase64, decodeJwt, isSnowflakeSegment } from './structure.js';

describe('structure', () => {
  it('decodes standard and URL-safe base64, and rejects other text', () => {
    expect(decodeBase64('aGVsbG8=')?.toString()).toBe('hello');
    expect(decodeBase64('-_8')?.length).toBe(2);
    expect(decodeBase64('not base64!')).toBeNull();
    expect(base64ByteLength(Buffer.alloc(64).toString('base64'))).toBe(64);
  });

  it('reads the header and claims of a JWT', () => {
    const part = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const token = `${part({ alg: 'HS256' })}.${part({ sub: 'svc' })}.c2lnbmF0dXJl`;
    expect(decodeJwt(token)).toEqual({ header: { alg: 'HS256' }, payload: { sub: 'svc' } });
    expect(decodeJwt(`${part({ alg: 'HS256' })}.${Buffer.from('[1]').toString('base64url')}.x`)).toBeNull();
    expect(decodeJwt('eyJub3QganNvbg')).toBeNull();
  });

  it('recognises a base64 snowflake (a Discord user id)', () => {
    expect(isSnowflakeSegment(Buffer.from('123456789012345678').toString('base64url'))).toBe(true);
    expect(isSnowflakeSegment(Buffer.from('12345').toString('base64url'))).toBe(false);
    expect(isSnowflakeSegment(Buffer.from('abcdefghijklmnopqr').toString('base64url'))).toBe(false);
  });
});
