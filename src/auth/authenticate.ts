import type { Database } from '../db/client.js';
import { authenticateApiKey, looksLikeApiKey } from './api-keys.js';
import { type Clock, systemClock } from './clock.js';
import type { Principal } from './rbac.js';
import type { AccessTokens } from './tokens.js';

/**
 * Who a request is: from `Authorization: Bearer <access token | ectus_ API key>`. Access tokens are
 * checked without the database (signature and claims), which keeps authenticated requests at one
 * query; a revoked session's access token therefore works until it expires (15 minutes by
 * default). API keys are looked up on every use.
 */
export type Authentication =
  | { kind: 'ok'; via: 'access-token'; principal: Principal; sessionId: string; tokenId: string }
  | { kind: 'ok'; via: 'api-key'; principal: Principal; apiKeyId: string }
  /** No credentials: anonymous. */
  | { kind: 'missing' }
  | { kind: 'invalid'; reason: 'malformed' | 'expired' | 'invalid' | 'unknown' | 'revoked' };

export interface Authenticator {
  authenticate(authorization: string | undefined): Promise<Authentication>;
}

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

/**
 * @example
 * const authenticator = createAuthenticator({ db, accessTokens });
 * const who = await authenticator.authenticate(request.headers.authorization);
 */
export function createAuthenticator(options: {
  db: Database;
  accessTokens: AccessTokens;
  clock?: Clock;
}): Authenticator {
  const clock = options.clock ?? systemClock;
  return {
    async authenticate(authorization) {
      if (authorization === undefined || authorization.trim() === '') return { kind: 'missing' };
      const credential = BEARER.exec(authorization)?.[1];
      if (credential === undefined) return { kind: 'invalid', reason: 'malformed' };
      if (looksLikeApiKey(credential)) {
        const result = await authenticateApiKey(options.db, credential, clock());
        return result.kind === 'ok'
          ? { kind: 'ok', via: 'api-key', principal: result.principal, apiKeyId: result.apiKeyId }
          : { kind: 'invalid', reason: result.reason };
      }
      const verified = options.accessTokens.verify(credential);
      if (!verified.ok) return { kind: 'invalid', reason: verified.reason };
      const { claims } = verified;
      return {
        kind: 'ok',
        via: 'access-token',
        principal: { userId: claims.userId, role: claims.role },
        sessionId: claims.sessionId,
        tokenId: claims.tokenId,
      };
    },
  };
}
