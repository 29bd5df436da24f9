import { createPrivateKey, createPublicKey, type KeyObject, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { AppError } from '../errors.js';
import { createAccessTokenVerifier } from './access-token-verifier.js';
import { type Clock, systemClock } from './clock.js';

/**
 * Access tokens: short-lived JWTs. The algorithm is fixed by the key (HS256 with a secret of 32+
 * bytes, or EdDSA with an Ed25519 key pair) and pinned at verification, so a token cannot choose
 * its own algorithm (`none`, or HS256 signed with a public key). `iss`, `aud`, `exp`, `iat`, `jti`
 * and `sub` are required and checked, and the header must say `typ: at+jwt` (RFC 9068), so no
 * other JWT signed with the same key passes as an access token.
 */

export type AccessTokenKey =
  | { algorithm: 'HS256'; secret: Uint8Array }
  | { algorithm: 'EdDSA'; privateKey: KeyObject; publicKey: KeyObject };

export const MIN_SECRET_BYTES = 32;
export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const TOKEN_TYPE = 'at+jwt';

/**
 * The signing key from its configured text (`ECTUS_AUTH_SECRET`): a PKCS#8 PEM Ed25519 private key
 * selects EdDSA; anything else is an HS256 secret, which must be at least 32 bytes.
 *
 * @example
 * const key = accessTokenKeyFromSecret(process.env.ECTUS_AUTH_SECRET ?? '');
 */
export function accessTokenKeyFromSecret(secret: string): AccessTokenKey {
  const text = secret.trim();
  if (text.startsWith('-----BEGIN')) return ed25519Key(text);
  const bytes = new TextEncoder().encode(text);
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new AppError(
      'ECTUS_CONFIG_INVALID',
      `The token signing secret must be at least ${MIN_SECRET_BYTES} bytes (it has ${bytes.length}); generate one with \`openssl rand -base64 48\`.`,
    );
  }
  return { algorithm: 'HS256', secret: bytes };
}

function ed25519Key(pem: string): AccessTokenKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (error) {
    throw new AppError('ECTUS_CONFIG_INVALID', 'The token signing key is not a readable PEM private key.', {
      cause: error,
    });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new AppError(
      'ECTUS_CONFIG_INVALID',
      `The token signing key must be an Ed25519 key (EdDSA), not ${privateKey.asymmetricKeyType ?? 'unknown'}.`,
    );
  }
  return { algorithm: 'EdDSA', privateKey, publicKey: createPublicKey(privateKey) };
}

/** A random HS256 key for `--dev`: tokens stop working when the process ends. */
export function generateDevelopmentKey(): AccessTokenKey {
  return { algorithm: 'HS256', secret: randomBytes(MIN_SECRET_BYTES) };
}

export interface AccessTokenSubject {
  userId: string;
  role: string;
  /** The session (refresh-token family) the token was issued for. */
  sessionId: string;
}

export interface AccessTokenClaims extends AccessTokenSubject {
  tokenId: string;
  issuedAt: Date;
  expiresAt: Date;
}

export type AccessTokenVerification =
  | { ok: true; claims: AccessTokenClaims }
  | { ok: false; reason: 'expired' | 'invalid' };

export interface AccessTokens {
  readonly ttlSeconds: number;
  issue(subject: AccessTokenSubject): Promise<{ token: string; claims: AccessTokenClaims }>;
  /** Synchronous: signature and claims only, no database (see access-token-verifier.ts). */
  verify(token: string): AccessTokenVerification;
}

export interface AccessTokenOptions {
  key: AccessTokenKey;
  /** `iss`: this instance's public URL or name. */
  issuer: string;
  /** `aud`: who the tokens are for (the API). */
  audience: string;
  ttlSeconds?: number;
  clock?: Clock;
}

/**
 * @example
 * const tokens = createAccessTokens({ key, issuer: 'https://ectus.example.com', audience: 'ectus-api' });
 * const { token } = await tokens.issue({ userId, role: 'developer', sessionId });
 * const result = tokens.verify(token); // { ok: true, claims } or { ok: false, reason }
 */
export function createAccessTokens(options: AccessTokenOptions): AccessTokens {
  const ttlSeconds = options.ttlSeconds ?? DEFAULT_ACCESS_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) {
    throw new AppError('ECTUS_CONFIG_INVALID', `The access token lifetime must be a whole number of seconds above 0.`);
  }
  const clock = options.clock ?? systemClock;
  const { key } = options;
  const signingKey = key.algorithm === 'HS256' ? key.secret : key.privateKey;
  const check = createAccessTokenVerifier({
    key: key.algorithm === 'HS256' ? key : { algorithm: 'EdDSA', publicKey: key.publicKey },
    issuer: options.issuer,
    audience: options.audience,
    type: TOKEN_TYPE,
  });

  return {
    ttlSeconds,
    async issue(subject) {
      const issuedAt = Math.floor(clock().getTime() / 1000);
      const claims: AccessTokenClaims = {
        ...subject,
        tokenId: randomUUID(),
        issuedAt: new Date(issuedAt * 1000),
        expiresAt: new Date((issuedAt + ttlSeconds) * 1000),
      };
      const token = await new SignJWT({ role: subject.role, sid: subject.sessionId })
        .setProtectedHeader({ alg: key.algorithm, typ: TOKEN_TYPE })
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setSubject(subject.userId)
        .setJti(claims.tokenId)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttlSeconds)
        .sign(signingKey);
      return { token, claims };
    },
    verify(token) {
      const result = check(token, clock());
      return result.ok ? claimsOf(result.payload) : result;
    },
  };
}

function claimsOf(payload: Record<string, unknown>): AccessTokenVerification {
  const { sub, role, sid, jti, iat, exp } = payload;
  if (
    typeof sub !== 'string' ||
    typeof role !== 'string' ||
    typeof sid !== 'string' ||
    typeof jti !== 'string' ||
    typeof iat !== 'number' ||
    typeof exp !== 'number'
  ) {
    return { ok: false, reason: 'invalid' };
  }
  return {
    ok: true,
    claims: {
      userId: sub,
      role,
      sessionId: sid,
      tokenId: jti,
      issuedAt: new Date(iat * 1000),
      expiresAt: new Date(exp * 1000),
    },
  };
}
