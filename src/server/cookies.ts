/**
 * The one cookie the API sets: the refresh token, for browsers. HttpOnly (scripts cannot read it),
 * SameSite=Strict (other sites cannot make the browser send it), Secure when the instance is served
 * over https, and scoped to the auth routes.
 */

export const REFRESH_COOKIE = 'ectus_refresh';
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

/** A cookie's value from a `Cookie` header; undefined when absent. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0 || part.slice(0, index).trim() !== name) continue;
    const value = part.slice(index + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function refreshCookie(value: string, options: { secure: boolean; maxAgeSeconds: number }): string {
  const attributes = [
    `${REFRESH_COOKIE}=${encodeURIComponent(value)}`,
    `Path=${REFRESH_COOKIE_PATH}`,
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
    'HttpOnly',
    'SameSite=Strict',
  ];
  if (options.secure) attributes.push('Secure');
  return attributes.join('; ');
}

/** Removes the refresh cookie from the browser. */
export function clearedRefreshCookie(options: { secure: boolean }): string {
  return refreshCookie('', { secure: options.secure, maxAgeSeconds: 0 });
}
