import { describe, expect, it } from 'vitest';
import { clearedRefreshCookie, REFRESH_COOKIE, readCookie, refreshCookie } from './cookies.js';

describe('cookies', () => {
  it('reads one cookie among several, decoding it', () => {
    expect(readCookie(`a=1; ${REFRESH_COOKIE}=x%2By; b=2`, REFRESH_COOKIE)).toBe('x+y');
    expect(readCookie('a=1', REFRESH_COOKIE)).toBeUndefined();
    expect(readCookie(undefined, REFRESH_COOKIE)).toBeUndefined();
    expect(readCookie(`${REFRESH_COOKIE}=%E0%A4%A`, REFRESH_COOKIE)).toBeUndefined();
    expect(readCookie(`x${REFRESH_COOKIE}=1`, REFRESH_COOKIE)).toBeUndefined();
  });

  it('writes the refresh cookie httpOnly, SameSite=Strict, scoped to the auth routes, Secure on https', () => {
    expect(refreshCookie('tok', { secure: true, maxAgeSeconds: 60.7 })).toBe(
      `${REFRESH_COOKIE}=tok; Path=/api/v1/auth; Max-Age=60; HttpOnly; SameSite=Strict; Secure`,
    );
    expect(refreshCookie('tok', { secure: false, maxAgeSeconds: 60 })).not.toContain('Secure');
    expect(clearedRefreshCookie({ secure: true })).toContain('Max-Age=0');
  });
});
