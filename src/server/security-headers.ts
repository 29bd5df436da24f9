import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Helmet's response headers for `options`, computed once.
 *
 * With a static policy (no CSP nonces, no per-request directives) Helmet sets the same headers on
 * every response, yet running its middleware chain per request cost as much as the rest of the
 * request's hooks together. Helmet runs once here against a recording response; the server then
 * copies the result onto each reply. Helmet stays the source of the policy and its defaults.
 *
 * @example
 * const headers = securityHeaders({ crossOriginResourcePolicy: { policy: 'same-origin' } });
 * // { 'content-security-policy': "default-src 'self';...", 'x-content-type-options': 'nosniff', ... }
 */
export function securityHeaders(options: Readonly<HelmetOptions>): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: number | string | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
      return recorder;
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    failure = error;
  });
  if (failure !== undefined) throw failure;
  return Object.freeze(headers);
}
