import { createHmac, type KeyObject, timingSafeEqual, verify as verifySignature } from 'node:crypto';

/**
 * Verification of Ectus's own access tokens (compact JWS, RFC 7515, with JWT claims, RFC 7519 and
 * RFC 9068), synchronously with `node:crypto`.
 *
 * Tokens are issued with jose, but verification runs on every authenticated request, and jose
 * verifies through WebCrypto, whose every operation is a job on the libuv thread pool: the hop
 * between threads cost more than the HMAC itself and halved the API's throughput on a two-core
 * machine. What is checked here is deliberately narrow, because only tokens this instance issued
 * are valid:
 *
 * - three base64url segments, nothing else (no JSON serialisation, no unencoded payload);
 * - the header's `alg` is the configured algorithm (pinned: `none` and HS256-with-a-public-key
 *   fail), `typ` is `at+jwt`, and there is no `crit` (no extension is understood);
 * - the signature, compared in constant time (HS256) or verified with the Ed25519 public key;
 * - only then the claims: `iss` and `aud` equal the configured ones, `sub`, `jti` are strings,
 *   `iat`, `exp` are numbers, `exp` is in the future and `nbf`, when present, is not.
 *
 * An expired token is reported as such only once its signature is valid, so a forged token never
 * learns anything but "invalid".
 */

export type VerifierKey = { algorithm: 'HS256'; secret: Uint8Array } | { algorithm: 'EdDSA'; publicKey: KeyObject };

export interface VerifierOptions {
  key: VerifierKey;
  issuer: string;
  audience: string;
  /** The required `typ` header. */
  type: string;
}

export type TokenCheck = { ok: true; payload: Record<string, unknown> } | { ok: false; reason: 'expired' | 'invalid' };

/** Far above any token Ectus issues; bounds the work an attacker's header can cause. */
const MAX_TOKEN_LENGTH = 8192;
const SEGMENT = /^[A-Za-z0-9_-]+$/;
const INVALID: TokenCheck = { ok: false, reason: 'invalid' };

function decodeJsonObject(segment: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function signatureMatches(key: VerifierKey, signingInput: string, signature: Buffer): boolean {
  if (key.algorithm === 'HS256') {
    const expected = createHmac('sha256', key.secret).update(signingInput).digest();
    return signature.length === expected.length && timingSafeEqual(signature, expected);
  }
  return signature.length === 64 && verifySignature(null, Buffer.from(signingInput), key.publicKey, signature);
}

function audienceMatches(aud: unknown, audience: string): boolean {
  if (typeof aud === 'string') return aud === audience;
  return Array.isArray(aud) && aud.includes(audience);
}

/**
 * @example
 * const verify = createAccessTokenVerifier({ key, issuer, audience, type: 'at+jwt' });
 * const result = verify(token, new Date()); // { ok: true, payload } or { ok: false, reason }
 */
export function createAccessTokenVerifier(options: VerifierOptions): (token: string, now: Date) => TokenCheck {
  const { key, issuer, audience, type } = options;
  return (token, now) => {
    if (token.length > MAX_TOKEN_LENGTH) return INVALID;
    const segments = token.split('.');
    if (segments.length !== 3 || !segments.every((segment) => SEGMENT.test(segment))) return INVALID;
    const [encodedHeader, encodedPayload, encodedSignature] = segments as [string, string, string];
    const header = decodeJsonObject(encodedHeader);
    if (!header || header.alg !== key.algorithm || header.typ !== type || 'crit' in header || 'b64' in header) {
      return INVALID;
    }
    const signingInput = `${encodedHeader}.${encodedPayload}`;
    if (!signatureMatches(key, signingInput, Buffer.from(encodedSignature, 'base64url'))) return INVALID;
    const payload = decodeJsonObject(encodedPayload);
    if (!payload) return INVALID;
    const { iss, aud, sub, jti, iat, exp, nbf } = payload;
    if (iss !== issuer || !audienceMatches(aud, audience)) return INVALID;
    if (typeof sub !== 'string' || typeof jti !== 'string' || typeof iat !== 'number' || typeof exp !== 'number') {
      return INVALID;
    }
    const seconds = Math.floor(now.getTime() / 1000);
    if (nbf !== undefined && (typeof nbf !== 'number' || nbf > seconds)) return INVALID;
    if (exp <= seconds) return { ok: false, reason: 'expired' };
    return { ok: true, payload };
  };
}
